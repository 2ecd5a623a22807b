using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class OutcomeMetricsFunctions(OutcomeMetricsApi api)
{
    [Function("GetOutcomeMetrics")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics/outcomes")] HttpRequest request) =>
        api.GetAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
