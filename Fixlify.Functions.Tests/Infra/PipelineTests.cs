using YamlDotNet.RepresentationModel;

namespace Fixlify.Tests.Infra;

/// <summary>
/// azure-pipelines.yml parses as YAML and runs what the deploy guide says: build and test, then per environment
/// provision, migrate, deploy the code, smoke test; prod only after its environment's approval.
/// </summary>
public sealed class PipelineTests
{
    static readonly PipelineDefinition Pipeline = PipelineDefinition.Load();

    [Fact]
    public void Stages_InOrder_AreBuildThenDevThenProd()
    {
        var stages = Pipeline.Stages;

        Assert.Equal(["Build", "DeployDev", "DeployProd"], stages.Select(s => PipelineDefinition.Scalar(s, "stage")));
        Assert.Equal("Build", PipelineDefinition.Scalar(stages[1], "dependsOn"));
        Assert.Equal("DeployDev", PipelineDefinition.Scalar(stages[2], "dependsOn"));
    }

    [Fact]
    public void BuildStage_Steps_TestCompileTheInfrastructureAndPublishThePackage()
    {
        var steps = PipelineDefinition.Steps(Assert.Single(PipelineDefinition.Jobs(Pipeline.Stage("Build"))));

        var test = IndexOf(steps, "runs make test", s => PipelineDefinition.Scalar(s, "script")?.Trim() == "make test");
        var bicep = IndexOf(steps, "compiles the Bicep", s => PipelineDefinition.Scalar(s, "script")?.Contains("scripts/bicep.sh", StringComparison.Ordinal) == true);
        var publish = IndexOf(steps, "publishes the Functions project", s => PipelineDefinition.Scalar(s, "script")?.Contains("dotnet publish Fixlify.Functions", StringComparison.Ordinal) == true);
        var artifact = IndexOf(steps, "publishes the app artifact", s => PipelineDefinition.Scalar(s, "task") == "PublishPipelineArtifact@1"
            && PipelineDefinition.Scalar(PipelineDefinition.Mapping(s, "inputs"), "artifact") == "app");
        Assert.True(test < publish && bicep < publish && publish < artifact, "expected make test and the Bicep build before publish, and publish before the artifact");
        var web = IndexOf(steps, "publishes the web artifact", s => PipelineDefinition.Scalar(s, "task") == "PublishPipelineArtifact@1"
            && PipelineDefinition.Scalar(PipelineDefinition.Mapping(s, "inputs"), "artifact") == "web");
        Assert.True(test < web, "the web app is built (by make test) before its artifact is published");
        Assert.Equal("Fixlify.Web/dist", PipelineDefinition.Scalar(PipelineDefinition.Mapping(steps[web], "inputs"), "targetPath"));
    }

    [Theory]
    [InlineData("DeployDev")]
    [InlineData("DeployProd")]
    public void DeployStage_WebApp_DeployedAfterTheFunctionAppThenSmokeTestedThroughItsLinkedApi(string stage)
    {
        var steps = PipelineDefinition.Steps(Assert.Single(PipelineDefinition.Jobs(Pipeline.Stage(stage))));

        var download = IndexOf(steps, "downloads the web artifact", s => PipelineDefinition.Scalar(s, "download") == "current" && PipelineDefinition.Scalar(s, "artifact") == "web");
        var functions = IndexOf(steps, "deploys with AzureFunctionApp@2", s => Task(s) == "AzureFunctionApp@2");
        var token = IndexOf(steps, "reads the deployment token", s => Text(s).Contains("az staticwebapp secrets list", StringComparison.Ordinal));
        var web = IndexOf(steps, "deploys with AzureStaticWebApp@0", s => Task(s) == "AzureStaticWebApp@0");
        var smoke = IndexOf(steps, "smoke tests the web app", s => Text(s).Contains("STATIC_WEB_APP_HOST/api/web-config", StringComparison.Ordinal));
        Assert.True(download < web && functions < web && token < web && web < smoke, "the web app goes out after its API, with its token, then is checked");
        var inputs = PipelineDefinition.Mapping(steps[web], "inputs");
        Assert.Equal("true", PipelineDefinition.Scalar(inputs, "skip_app_build"));
        Assert.Equal("$(staticWebAppToken)", PipelineDefinition.Scalar(inputs, "azure_static_web_apps_api_token"));
        Assert.Contains("issecret=true", Text(steps[token]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeployDev", "dev")]
    [InlineData("DeployProd", "prod")]
    public void DeployStage_Steps_ProvisionThenMigrateThenDeployThenSmokeTest(string stage, string environment)
    {
        var job = Assert.Single(PipelineDefinition.Jobs(Pipeline.Stage(stage)));
        var steps = PipelineDefinition.Steps(job);

        var provision = IndexOf(steps, "provisions with AzureCLI@2", s => Task(s) == "AzureCLI@2" && Text(s).Contains("az deployment group create", StringComparison.Ordinal));
        var migrate = IndexOf(steps, "runs the migrate command", s => Text(s).Contains("Fixlify.Functions.dll\" migrate", StringComparison.Ordinal));
        var deploy = IndexOf(steps, "deploys with AzureFunctionApp@2", s => Task(s) == "AzureFunctionApp@2");
        var smoke = IndexOf(steps, "smoke tests /api/health", s => Text(s).Contains("/api/health", StringComparison.Ordinal) && Text(s).Contains("200", StringComparison.Ordinal));
        Assert.True(provision < migrate, "the infrastructure is provisioned before the migration");
        Assert.True(migrate < deploy, "the database is migrated before the code is switched");
        Assert.True(deploy < smoke, "the smoke test runs after the code is deployed");

        var provisioning = Text(steps[provision]);
        Assert.Contains("infra/main.bicep", provisioning, StringComparison.Ordinal);
        Assert.Contains(".bicepparam", provisioning, StringComparison.Ordinal);
        var variables = PipelineDefinition.Sequence(Pipeline.Stage(stage), "variables").OfType<YamlMappingNode>().ToList();
        Assert.Contains(variables, v => PipelineDefinition.Scalar(v, "name") == "environmentName" && PipelineDefinition.Scalar(v, "value") == environment);
        Assert.Contains(variables, v => PipelineDefinition.Scalar(v, "group") == $"fixlify-{environment}");
        Assert.True(File.Exists(Path.Combine(Fixtures.TestServices.RepositoryRoot, "infra", $"{environment}.bicepparam")));
        Assert.Contains("Postgres__MigrationConnectionString", Text(steps[migrate]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeployDev", "fixlify-dev")]
    [InlineData("DeployProd", "fixlify-prod")]
    public void DeployStage_Job_IsADeploymentToItsEnvironment(string stage, string environment)
    {
        var job = Assert.Single(PipelineDefinition.Jobs(Pipeline.Stage(stage)));

        Assert.NotNull(PipelineDefinition.Scalar(job, "deployment"));
        Assert.Equal(environment, PipelineDefinition.Scalar(job, "environment"));
    }

    static string? Task(YamlMappingNode step) => PipelineDefinition.Scalar(step, "task");

    static string Text(YamlNode node) => PipelineDefinition.Text(node);

    static int IndexOf(IReadOnlyList<YamlMappingNode> steps, string what, Func<YamlMappingNode, bool> match)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (match(steps[i]))
            {
                return i;
            }
        }

        Assert.Fail($"no step that {what}");
        return -1;
    }
}
