namespace Fixlify.Hosting;

/// <summary>The standalone host's Durable Task backend (the Functions host configures its own in host.json).</summary>
internal sealed class DurableOptions
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

    /// <summary>
    /// How many orchestration and activity work items the sidecar runs at once (each). Its dispatcher waits 500 ms
    /// whenever this many run, so a low number caps throughput at about twice this many work items a second (measured:
    /// 64 gave 128 activity starts a second, whatever the machine could do); the database pool bounds the real load.
    /// </summary>
    public int Concurrency { get; set; } = 500;

    /// <summary>Azure Storage: how many control-queue partitions (and leases) the task hub has. Fixed once the hub exists.</summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>Azure Storage: orchestration messages taken from a control queue at a time.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// Azure Storage: how long an orchestration message taken by a process stays hidden from others. After a crash, its
    /// work is taken over when this (and the partition's lease) has run out.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Azure Storage: how long an activity taken by a process stays hidden from others; renewed while it runs, so this is
    /// how soon a crashed process's activity runs elsewhere, not a limit on how long an activity may take.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Azure Storage: keep an orchestration's history in memory between its episodes (fewer reads of the history table).</summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>
    /// Azure Storage: partitions are leased through a table (true, the provider's default) or through blobs (false). The
    /// table's reads and writes must finish within <see cref="PartitionTableOperationTimeout"/>, or the process lets its
    /// partitions go until the next try.
    /// </summary>
    public bool TablePartitionManagement { get; set; } = true;

    /// <summary>Azure Storage: how long a read or write of the partition table may take before it counts as failed.</summary>
    public TimeSpan PartitionTableOperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

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

        if (Concurrency is < 1 or > 1000)
        {
            problems.Add($"Setting '{Section}__{nameof(Concurrency)}' must be from 1 to 1000.");
        }

        if (PartitionCount is < 1 or > 16)
        {
            problems.Add($"Setting '{Section}__{nameof(PartitionCount)}' must be from 1 to 16.");
        }

        if (ControlQueueBatchSize is < 1 or > 32)
        {
            problems.Add($"Setting '{Section}__{nameof(ControlQueueBatchSize)}' must be from 1 to 32 (Azure Storage queues return at most 32 messages at a time).");
        }

        foreach (var (name, value) in new[] { (nameof(ControlQueueVisibilityTimeout), ControlQueueVisibilityTimeout), (nameof(WorkItemVisibilityTimeout), WorkItemVisibilityTimeout) })
        {
            if (value < TimeSpan.FromSeconds(10))
            {
                problems.Add($"Setting '{Section}__{name}' must be at least 00:00:10.");
            }
        }

        return problems;
    }
}
