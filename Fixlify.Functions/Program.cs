using Fixlify.Data;
using Fixlify.Hosting;

try
{
    return args.FirstOrDefault() switch
    {
        "standalone" => await StandaloneHost.RunAsync(args[1..]),
        "migrate" => MigrateCommand.Run(args[1..]),
        "seed-demo" => await SeedDemoCommand.RunAsync(args[1..]),
        "dev-token" => DevTokenCommand.Run(args[1..]),
        "openapi" => OpenApiCommand.Run(),
        _ when FunctionsHost.IsLaunchedByFunctionsHost(args) => await FunctionsHost.RunAsync(args),
        _ => Usage(),
    };
}
catch (Exception e) when (e is InvalidSettingsException or MigrationFailedException)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}

static int Usage()
{
    Console.Error.WriteLine("""
        Fixlify.Functions is an Azure Functions isolated worker and needs a Functions host to start it:
          func start                                (Azure Functions Core Tools, from the build output)
        or run it without one:
          dotnet Fixlify.Functions.dll standalone   (Kestrel on http://127.0.0.1:7071; `make run` does this)
        Other commands:
          dotnet Fixlify.Functions.dll migrate      apply database migrations
          dotnet Fixlify.Functions.dll seed-demo    write the demo organization
          dotnet Fixlify.Functions.dll dev-token --org <id> [--sub <subject>] [--hours <n>]
          dotnet Fixlify.Functions.dll openapi      print the API's OpenAPI document (what the web app's types are made from)
        """);
    return 2;
}
