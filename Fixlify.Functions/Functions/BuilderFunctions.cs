using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

/// <summary>The builder's routes (catalog, records to try a workflow on, per-step counts) on the Functions host.</summary>
internal sealed class BuilderFunctions(CatalogApi catalog, RecordsApi records, StepStatsApi stepStats)
{
    [Function("GetCatalog")]
    public IResult GetCatalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest request) => catalog.Get();

    [Function("ListRecords")]
    public Task<IResult> ListRecords([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "records")] HttpRequest request) =>
        records.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("GetWorkflowStepStats")]
    public Task<IResult> GetStepStats([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/step-stats")] HttpRequest request, string id) =>
        stepStats.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
