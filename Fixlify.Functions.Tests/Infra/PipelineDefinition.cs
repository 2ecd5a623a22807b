using Fixlify.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Fixlify.Tests.Infra;

/// <summary>azure-pipelines.yml, parsed: its stages, their jobs and the steps each job runs, in order.</summary>
internal sealed class PipelineDefinition
{
    PipelineDefinition(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public static PipelineDefinition Load()
    {
        var path = Path.Combine(TestServices.RepositoryRoot, "azure-pipelines.yml");
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        var document = Assert.Single(stream.Documents);
        return new PipelineDefinition(Assert.IsType<YamlMappingNode>(document.RootNode));
    }

    public IReadOnlyList<YamlMappingNode> Stages =>
        [.. Sequence(Root, "stages").Select(s => Assert.IsType<YamlMappingNode>(s))];

    public YamlMappingNode Stage(string name) =>
        Assert.Single(Stages, s => Scalar(s, "stage") == name);

    public static IReadOnlyList<YamlMappingNode> Jobs(YamlMappingNode stage) =>
        [.. Sequence(stage, "jobs").Select(j => Assert.IsType<YamlMappingNode>(j))];

    /// <summary>A job's steps: <c>steps</c> of a plain job, <c>strategy.runOnce.deploy.steps</c> of a deployment job.</summary>
    public static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode job)
    {
        var steps = job.Children.ContainsKey("deployment")
            ? Sequence(Mapping(Mapping(Mapping(job, "strategy"), "runOnce"), "deploy"), "steps")
            : Sequence(job, "steps");
        return [.. steps.Select(s => Assert.IsType<YamlMappingNode>(s))];
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? Assert.IsType<YamlMappingNode>(value)
            : throw new Xunit.Sdk.XunitException($"no '{key}' under {node.Start}");

    public static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? Assert.IsType<YamlSequenceNode>(value)
            : throw new Xunit.Sdk.XunitException($"no '{key}' under {node.Start}");

    /// <summary>Every scalar of a step (task name, inputs, inline scripts, env), joined: what a step does, as text.</summary>
    public static string Text(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode sequence => string.Join('\n', sequence.Children.Select(Text)),
        YamlMappingNode mapping => string.Join('\n', mapping.Children.Select(c => Text(c.Key) + "\n" + Text(c.Value))),
        _ => "",
    };
}
