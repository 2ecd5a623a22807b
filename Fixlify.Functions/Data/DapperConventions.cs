using System.Runtime.CompilerServices;

namespace Fixlify.Data;

static class DapperConventions
{
    /// <summary>Npgsql reads timestamptz as a UTC <see cref="DateTime"/>; records carry <see cref="DateTimeOffset"/>.</summary>
    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    /// <summary>Columns are snake_case, C# members PascalCase: let Dapper match <c>organization_id</c> to <c>OrganizationId</c>.</summary>
    [ModuleInitializer]
    internal static void Apply() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
}
