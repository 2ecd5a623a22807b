using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class WorkflowFunctions(WorkflowsApi api, DryRunApi dryRun, BacktestApi backtest)
{
    [Function("CreateWorkflow")]
    public Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows")] HttpRequest request) =>
        api.CreateAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("GetWorkflow")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}")] HttpRequest request, string id) =>
        api.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("UpdateWorkflow")]
    public Task<IResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "workflows/{id}")] HttpRequest request, string id) =>
        api.UpdateAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("StartWorkflowRun")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/run")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.RunAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);

    [Function("ListWorkflows")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows")] HttpRequest request) =>
        api.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("ValidateWorkflow")]
    public Task<IResult> Validate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/validate")] HttpRequest request) =>
        api.ValidateAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("DeleteWorkflow")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "workflows/{id}")] HttpRequest request, string id) =>
        api.DeleteAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("ActivateWorkflow")]
    public Task<IResult> Activate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/activate")] HttpRequest request, string id) =>
        api.ActivateAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("GetWorkflowActivation")]
    public Task<IResult> Activation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/activation")] HttpRequest request, string id) =>
        api.ActivationAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("DeactivateWorkflow")]
    public Task<IResult> Deactivate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/deactivate")] HttpRequest request, string id) =>
        api.DeactivateAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("TestWorkflow")]
    public Task<IResult> Test([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/test")] HttpRequest request, string id) =>
        dryRun.TestAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("BacktestWorkflow")]
    public Task<IResult> Backtest([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/backtest")] HttpRequest request, string id) =>
        backtest.RunAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
