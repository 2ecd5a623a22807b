using System.Text.Json.Nodes;
using Fixlify.Engine;
using Fixlify.Workflows;

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

    [Theory]
    // An organization with no currency set writes dollars; each currency as its country writes it (ICU's data).
    [InlineData(null, null, "1250", "$1,250.00")]
    [InlineData("USD", "US", "1250", "$1,250.00")]
    [InlineData("USD", "US", "\"1049.5\"", "$1,049.50")]
    [InlineData("EUR", "DE", "1250", "1.250,00 €")]
    [InlineData("GBP", "GB", "1250", "£1,250.00")]
    [InlineData("CAD", "CA", "1250", "$1,250.00")]
    public async Task Render_Currency_InTheOrganizationsCurrency(string? currency, string? country, string total, string expected)
    {
        var context = new JsonObject
        {
            ["invoice"] = new JsonObject { ["total"] = JsonNode.Parse(total) },
            ["organization"] = new JsonObject { ["currency_code"] = currency, ["country_code"] = country },
        };

        // ICU separates the symbol with a no-break space (U+00A0 or the narrow U+202F, by version): a space to a reader.
        var rendered = await new TemplateRenderer().RenderAsync("{{ invoice.total | currency }}", context);
        Assert.Equal(expected, rendered.Replace('\u00a0', ' ').Replace('\u202f', ' '));
    }

    [Fact]
    public async Task Render_CurrencyOfNothing_LetsDefaultStandIn() =>
        Assert.Equal("nothing yet", await new TemplateRenderer().RenderAsync("{{ invoice.amount_paid | currency | default: \"nothing yet\" }}", JsonNode.Parse("""{"invoice": {}}""")!.AsObject()));

    /// <summary>Each date format the catalog offers writes its example (Tuesday 8 December 2026, 10:00 in the client's zone).</summary>
    [Fact]
    public async Task Render_CatalogDateFormats_WriteTheirExamples()
    {
        var context = Context("America/New_York", null, "2026-12-08T15:00:00+00:00");
        foreach (var format in TemplateFilters.DateFormats)
        {
            Assert.Equal(format.Example, await new TemplateRenderer().RenderAsync($"{{{{ job.scheduled_start | date: \"{format.Format}\" }}}}", context));
        }
    }

    /// <summary>A job at 19:00 UTC on Tuesday 13 January 2026 (winter) or Tuesday 14 July 2026 (summer time in the north).</summary>
    static JsonObject Context(string? clientZone, string? organizationZone, string start = "2026-01-13T19:00:00+00:00") => new()
    {
        ["job"] = new JsonObject { ["scheduled_start"] = start, ["due"] = "2026-03-10" },
        ["client"] = new JsonObject { ["first_name"] = "Rosa", ["time_zone"] = clientZone },
        ["organization"] = new JsonObject { ["time_zone"] = organizationZone },
    };

    [Theory]
    // The issue's template printed UTC ("Tue 7:00 PM"); it is the business's time now.
    [InlineData("America/New_York", "America/Chicago", "{{ job.scheduled_start | date: '%a %-I:%M %p' }}", "Tue 2:00 PM")]
    [InlineData(null, "America/Chicago", "{{ job.scheduled_start | date: '%a %-I:%M %p' }}", "Tue 1:00 PM")]
    [InlineData("Not/AZone", "America/Chicago", "{{ job.scheduled_start | date: '%a %-I:%M %p' }}", "Tue 1:00 PM")]
    [InlineData(null, null, "{{ job.scheduled_start | date: '%a %-I:%M %p %Z' }}", "Tue 7:00 PM UTC")]
    [InlineData("America/New_York", null, "{{ job.scheduled_start | date: '%-I:%M %p %Z' }}", "2:00 PM EST")]
    [InlineData("America/Los_Angeles", null, "{{ job.scheduled_start | date: '%H:%M %Z (%z)' }}", "11:00 PST (-0800)")]
    // The template says otherwise: time_zone wins, and %Z follows it.
    [InlineData("America/New_York", null, "{{ job.scheduled_start | time_zone: 'Europe/London' | date: '%H:%M %Z' }}", "19:00 GMT")]
    [InlineData("America/New_York", null, "{{ job.scheduled_start | time_zone: 'America/Denver' | date: '%-I %p %Z' }}", "12 PM MST")]
    [InlineData("America/New_York", null, "{{ job.scheduled_start | time_zone: 'local' | date: '%H:%M %Z' }}", "14:00 EST")]
    // A date without a time is that day wherever it is read; %% is a literal percent.
    [InlineData("Pacific/Auckland", null, "{{ job.due | date: '%b %-d' }}", "Mar 10")]
    [InlineData("America/New_York", null, "{{ job.scheduled_start | date: '100%% at %H:%M, not %%Z' }}", "100% at 14:00, not %Z")]
    [InlineData("America/New_York", null, "{{ job.scheduled_start | format_date: 'dddd HH:mm' }}", "Tuesday 14:00")]
    public async Task Render_DatesAndTimes_InTheRecipientsZone(string? clientZone, string? organizationZone, string template, string expected) =>
        Assert.Equal(expected, await new TemplateRenderer().RenderAsync(template, Context(clientZone, organizationZone)));

    [Theory]
    [InlineData("2026-01-13T19:00:00+00:00", "2:00 PM EST")]
    [InlineData("2026-07-14T19:00:00+00:00", "3:00 PM EDT")]
    public async Task Render_PercentZ_IsTheAbbreviationInForceThatDay(string start, string expected) =>
        Assert.Equal(expected, await new TemplateRenderer().RenderAsync("{{ job.scheduled_start | date: '%-I:%M %p %Z' }}", Context("America/New_York", null, start)));

    [Fact]
    public async Task Render_ARecipientsZone_WinsOverTheContextsClient()
    {
        var rendered = await new TemplateRenderer().RenderAsync("{{ job.scheduled_start | date: '%H:%M %Z' }}", Context("America/New_York", null), "Asia/Tokyo");

        Assert.Equal("04:00 JST", rendered);
    }

    [Fact]
    public async Task Render_AnUnknownFilter_FailsTheStepInsteadOfBeingIgnored()
    {
        var error = await Assert.ThrowsAsync<PermanentActionException>(
            async () => await new TemplateRenderer().RenderAsync("Hi {{ client.first_name | explode }}", Context(null, null)));

        Assert.Contains("explode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterNames_AreExactlyTheDocumentedFilters() =>
        Assert.Equal(TemplateFilters.All.Select(f => f.Name).Order(StringComparer.Ordinal), new TemplateRenderer().FilterNames.Order(StringComparer.Ordinal));
}
