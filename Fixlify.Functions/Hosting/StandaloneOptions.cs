namespace Fixlify.Hosting;

/// <summary>Settings of the standalone host only.</summary>
internal sealed class StandaloneOptions
{
    public const string Section = "Standalone";

    /// <summary>Where Kestrel listens. Loopback by default: this host is for development, tests and single machines.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Apply migrations before serving (with <c>Postgres__MigrationConnectionString</c>).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// The built web app (<c>Fixlify.Web/dist</c>) served at <c>/</c>: a folder, absolute or relative to the app's folder.
    /// The build copies <c>Fixlify.Web/dist</c> to <c>wwwroot</c> beside the assembly when it has been built; without an
    /// <c>index.html</c> there the host serves the API only.
    /// </summary>
    public string WebRoot { get; set; } = "wwwroot";
}
