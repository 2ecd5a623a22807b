namespace Fixlify.Workflows;

/// <summary>
/// A trigger type in words: the palette's label, what it does, and the start of the automation's summary sentence, whose
/// <c>{key}</c> placeholders are filled from the workflow's trigger settings.
/// </summary>
internal sealed record TriggerWords(string Label, string Description, string Sentence);
