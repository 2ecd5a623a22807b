using Fixlify.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary><c>POST /api/clients/{id}/erase</c>: <see cref="EraseClient"/>; 200 with what it did (counts, never the data).</summary>
internal sealed class ClientErasureApi(EraseClient erase)
{
    public async Task<IResult> EraseAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, _ => Problems.NotFound($"Client {id} was not found."));
        if (problem is not null)
        {
            return problem;
        }

        return Results.Ok(await erase.ExecuteAsync(request!.Identity.OrganizationId, request.Id, request.Identity.Actor, client, cancellationToken));
    }
}
