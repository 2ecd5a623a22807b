namespace Fixlify.Application;

/// <summary>Who saved a version: the token's subject, and the person's name when the token gave one.</summary>
internal sealed record VersionAuthor(string Subject, string? Name);
