using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

/// <summary>What a workflow's goal came to (<c>GET /api/workflows/{id}/outcomes</c>) on the Functions host.</summary>
internal sealed class GoalOutcomesFunctions(GoalOutcomesApi outcomes)
{
    [Function("GetWorkflowGoalOutcomes")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/outcomes")] HttpRequest request, string id) =>
        outcomes.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
