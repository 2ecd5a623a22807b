using System.Text.Json.Nodes;
using Fixlify.Engine;

namespace Fixlify.Tests.Engine;

public sealed class TemplateRendererTests
{
    [Theory]
    [InlineData("""{"invoice": {"total": 150.00}}""", "Due: ${{ invoice.total | money }}", "Due: $150.00")]
    [InlineData("""{"invoice": {"total": 12.5}}""", "{{ invoice.total | money }}", "12.50")]
    [InlineData("""{"invoice": {"total": "99.999"}}""", "{{ invoice.total | money }}", "100.00")]
    [InlineData("""{"client": {"first_name": "Rosa"}}""", "Hi {{ client.first_name }}, {{ client.missing }}!", "Hi Rosa, !")]
    public async Task Render_ContextValues_AsAPersonWouldReadThem(string context, string template, string expected)
    {
        var rendered = await new TemplateRenderer().RenderAsync(template, JsonNode.Parse(context)!.AsObject());

        Assert.Equal(expected, rendered);
    }
}
