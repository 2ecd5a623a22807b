using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// What a person does on a screen, counted as they do it: a click (a button, a node, a choice from a menu) or a field
/// typed into. A task test does everything through this, so the figure it prints is the task's real cost.
/// </summary>
public sealed class Effort(ITestOutputHelper output, string task)
{
    public int Clicks { get; private set; }

    public int Fields { get; private set; }

    public async Task ClickAsync(ILocator target)
    {
        await target.ClickAsync();
        Clicks++;
    }

    /// <summary>Chooses an option of a menu (a native select) by the words it shows: one click.</summary>
    public async Task ChooseAsync(ILocator menu, string label)
    {
        await menu.SelectOptionAsync(new SelectOptionValue { Label = label });
        Clicks++;
    }

    /// <summary>Types a value into a field (replacing what it held): one field.</summary>
    public async Task FillAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        Fields++;
    }

    /// <summary>Types into a field key by key, as a person does in a message editor (chips appear on <c>@</c>): one field.</summary>
    public async Task TypeAsync(ILocator field, string text)
    {
        await field.PressSequentiallyAsync(text);
        Fields++;
    }

    public void Report() => output.WriteLine($"{task}: {Clicks} clicks and {Fields} fields typed");
}
