using System.Runtime.CompilerServices;

namespace Fixlify.Data;

static class DapperConventions
{
    /// <summary>Columns are snake_case, C# members PascalCase: let Dapper match <c>organization_id</c> to <c>OrganizationId</c>.</summary>
    [ModuleInitializer]
    internal static void Apply() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
}
