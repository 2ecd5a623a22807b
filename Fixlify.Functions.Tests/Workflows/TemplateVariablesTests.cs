using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>What a template may use is checked when it is saved: variables, filters, tags and literal time zones.</summary>
public sealed class TemplateVariablesTests
{
    static readonly ContextSchema Schema = ContextSchema.For("job_completed");

    [Theory]
    [InlineData("Hi {{ client.first_name | explode }}", "Unknown filter 'explode'")]
    [InlineData("{{ job.total | money | shout: 2 }}", "Unknown filter 'shout'")]
    [InlineData("{% for t in job.tags %}{{ t | upcase | wiggle }}{% endfor %}", "Unknown filter 'wiggle'")]
    [InlineData("{% include 'footer' %}", "The tag 'include' is not supported")]
    [InlineData("{% render 'footer' %}", "The tag 'render' is not supported")]
    [InlineData("{% frobnicate %}", "The template does not parse")]
    [InlineData("{{ job.scheduled_start | time_zone: 'Mars/Olympus' | date: '%H:%M' }}", "'Mars/Olympus' is not an IANA time zone")]
    [InlineData("{{ client.nickname }}", "Unknown variable 'client.nickname'")]
    public void Check_WhatDoesNotExist_IsRefused(string template, string expected) =>
        Assert.Contains(expected, TemplateVariables.Check(template, Schema), StringComparison.Ordinal);

    [Theory]
    [InlineData("{{ job.scheduled_start | date: '%a %-I:%M %p %Z' }}")]
    [InlineData("{{ job.scheduled_start | time_zone: 'America/Chicago' | date: '%H:%M %Z' }}")]
    [InlineData("{{ job.scheduled_start | time_zone: client.time_zone | date: '%H:%M' }}")]
    [InlineData("{{ job.total | money }} {{ client.first_name | upcase | default: 'there' }}")]
    [InlineData("{% if job.tags contains 'vip' %}{% assign n = job.title | truncate: 20 %}{{ n }}{% endif %}")]
    public void Check_SupportedFiltersAndTags_Pass(string template) =>
        Assert.Null(TemplateVariables.Check(template, Schema));
}
