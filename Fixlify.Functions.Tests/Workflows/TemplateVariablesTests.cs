using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>What a template may use is checked when it is saved: variables, filters, tags and literal time zones.</summary>
public sealed class TemplateVariablesTests
{
    static readonly ContextSchema Schema = ContextSchema.For(TriggerType.JobCompleted);

    [Theory]
    [InlineData("Hi {{ client.first_name | explode }}", "in a way that does not exist (“explode”)")]
    [InlineData("{{ job.total | money | shout: 2 }}", "in a way that does not exist (“shout”)")]
    [InlineData("{% for t in job.tags %}{{ t | upcase | wiggle }}{% endfor %}", "in a way that does not exist (“wiggle”)")]
    [InlineData("{% include 'footer' %}", "This text uses a tag that cannot be used here")]
    [InlineData("{% render 'footer' %}", "This text uses a tag that cannot be used here")]
    [InlineData("{% frobnicate %}", "A variable or tag in this text is not written right")]
    [InlineData("{{ job.scheduled_start | time_zone: 'Mars/Olympus' | date: '%H:%M' }}", "“Mars/Olympus” is not a time zone")]
    [InlineData("{{ client.nickname }}", "Client has no “Nickname”")]
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
