namespace Fixlify.Workflows;

/// <summary>
/// The categories of workflow templates, in the order the builder shows them. automation_templates holds only these
/// (a check constraint, migration 0009); <c>GET /api/templates?category=</c> takes only these.
/// </summary>
internal static class TemplateCategories
{
    public static IReadOnlyList<string> All { get; } = ["appointments", "jobs", "billing", "sales", "clients", "team"];
}
