using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Api;

/// <summary>Every route of the API. The Functions in Functions/ must match this list (a test checks it).</summary>
public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GetHealth", "GET", "health", Anonymous: true, c => Api<HealthApi>(c).GetAsync(c.RequestAborted)),
        new("GetCaller", "GET", "me", Anonymous: false, c => Api<CallerApi>(c).GetAsync(c, c.RequestAborted)),
        new("CreateWorkflow", "POST", "workflows", Anonymous: false, c => Api<WorkflowsApi>(c).CreateAsync(c, c.RequestAborted)),
        new("GetWorkflow", "GET", "workflows/{id}", Anonymous: false, c => Api<WorkflowsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted)),
        new("UpdateWorkflow", "PUT", "workflows/{id}", Anonymous: false, c => Api<WorkflowsApi>(c).UpdateAsync(c, RouteValue(c, "id"), c.RequestAborted)),
        new("StartWorkflowRun", "POST", "workflows/{id}/run", Anonymous: false, c => Api<WorkflowsApi>(c).RunAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted)),
        new("GetExecution", "GET", "executions/{id}", Anonymous: false, c => Api<ExecutionsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted)),
        new("CancelExecution", "POST", "executions/{id}/cancel", Anonymous: false, c => Api<ExecutionsApi>(c).CancelAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted)),
        new("ReceiveSmsWebhook", "POST", "sms/inbound", Anonymous: true, c => Api<SmsInboundApi>(c).ReceiveAsync(c, c.RequestAborted)),
    ];

    public static ApiRoute? Named(string name) => All.FirstOrDefault(r => r.Name == name);

    static T Api<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();

    internal static string RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() ?? "" : "";
}
