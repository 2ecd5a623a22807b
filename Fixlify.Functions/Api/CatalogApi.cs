using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary><c>GET /api/catalog</c>: what the builder offers, generated from the code that validates (see <see cref="WorkflowCatalog"/>).</summary>
internal sealed class CatalogApi(WorkflowCatalog catalog)
{
    public IResult Get() => Results.Ok(catalog.Json);
}
