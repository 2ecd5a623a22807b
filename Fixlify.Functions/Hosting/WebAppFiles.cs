using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's web app: the built files at <c>/</c>, everything outside <c>/api</c>. Vite's hashed files under
/// <c>/assets/</c> are cached for a year (RFC 8246 <c>immutable</c>: a new build has new names); <c>index.html</c> is
/// revalidated every time (<c>no-cache</c>), so a new build is picked up at once. A path with no file that looks like a
/// client route (no extension, outside <c>/assets/</c>) gets <c>index.html</c>, whose router shows the screen.
/// </summary>
internal static class WebAppFiles
{
    const string Assets = "/assets";
    const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>The web root's full path when it holds a built app (an index.html), else null.</summary>
    public static string? Locate(StandaloneOptions options)
    {
        var root = Path.GetFullPath(options.WebRoot, AppContext.BaseDirectory);
        return File.Exists(Path.Combine(root, "index.html")) ? root : null;
    }

    /// <summary>Serves the app in <paramref name="options"/>' web root, or logs that there is none (the API still runs).</summary>
    public static void UseWebApp(this WebApplication app, StandaloneOptions options)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebAppFiles).FullName!);
        var configured = Path.GetFullPath(options.WebRoot, AppContext.BaseDirectory);
        if (Locate(options) is not { } root)
        {
            Log.NoWebApp(logger, configured);
            return;
        }

        Log.ServingWebApp(logger, root);
        var files = new PhysicalFileProvider(root);
        app.MapWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), web =>
        {
            web.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = file => Headers(file.Context, immutable: file.Context.Request.Path.StartsWithSegments(Assets, StringComparison.Ordinal)),
            });
            web.Run(context => ClientRouteAsync(context, files));
        });
    }

    static Task ClientRouteAsync(HttpContext context, PhysicalFileProvider files)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || path.StartsWith(Assets + "/", StringComparison.Ordinal) || Path.HasExtension(path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        Headers(context, immutable: false);
        context.Response.ContentType = "text/html; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
    }

    static void Headers(HttpContext context, bool immutable)
    {
        var headers = context.Response.Headers;
        headers[HeaderNames.CacheControl] = immutable ? Immutable : "no-cache";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
