using Fixlify.Benchmarks;

// make bench: each benchmark prints its figures; ratios compare runs made in this same process.
var which = args.FirstOrDefault() ?? "all";
var environment = BenchEnvironment.FromVariables();
if (which is "all" or "triggers")
{
    await TriggerOverheadBenchmark.RunAsync(environment);
}

if (which is "all" or "ingestion")
{
    await IngestionBenchmark.RunAsync(environment);
}

if (which is "all" or "engine")
{
    await OrchestrationBenchmark.RunAsync(environment);
}

if (which is "all" or "burst")
{
    await BurstBenchmark.RunAsync(environment);
}

if (which is "all" or "outage")
{
    await OutageDrainBenchmark.RunAsync(environment);
}

if (which is "all" or "web")
{
    await WebAppBenchmark.RunAsync(environment);
}

if (which is "all" or "web" or "builder")
{
    await BuilderBenchmark.RunAsync(environment);
}

return 0;
