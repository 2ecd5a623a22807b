namespace Fixlify.Hosting;

/// <summary>The standalone host's Durable Task backend (the Functions host configures its own in host.json).</summary>
public sealed class DurableOptions
{
    public const string Section = "Durable";

    /// <summary><c>AzureStorage</c> (Azurite or a storage account; survives restarts) or <c>InMemory</c> (tests).</summary>
    public string Backend { get; set; } = "AzureStorage";

    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    public string TaskHub { get; set; } = "fixlify";

    /// <summary>The longest the Azure Storage backend waits between polls of an idle queue; lower starts work sooner.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a partition lease lasts: after a crash, another process takes over once it expires.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Backend is not ("AzureStorage" or "InMemory"))
        {
            problems.Add($"Setting '{Section}__{nameof(Backend)}' is '{Backend}': use AzureStorage or InMemory.");
        }

        if (Backend == "AzureStorage" && string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            problems.Add($"Setting '{Section}__{nameof(StorageConnectionString)}' is missing: the Azure Storage (or Azurite) connection string for the task hub.");
        }

        if (string.IsNullOrWhiteSpace(TaskHub) || !System.Text.RegularExpressions.Regex.IsMatch(TaskHub, "^[A-Za-z][A-Za-z0-9]{2,44}$"))
        {
            problems.Add($"Setting '{Section}__{nameof(TaskHub)}' must be 3 to 45 letters and digits, starting with a letter.");
        }

        return problems;
    }
}
