using Fixlify.Api;

namespace Fixlify.Hosting;

/// <summary>
/// <c>openapi</c>: prints the OpenAPI document <c>GET /api/openapi.json</c> serves, without settings, a database or a
/// host. The web app's API types are generated from the committed copy (<c>Fixlify.Web/src/api/openapi.json</c>,
/// written by <c>make openapi</c>); a test fails when that copy falls behind the code.
/// </summary>
internal static class OpenApiCommand
{
    public static int Run()
    {
        Console.Out.Write(ApiDocument.Text);
        Console.Out.Write('\n');
        return 0;
    }
}
