using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fixlify.Tests.Data;

public sealed class DatabaseMigratorFailureTests(EmptyPostgresDatabase database) : IClassFixture<EmptyPostgresDatabase>
{
    [Fact]
    public async Task Migrate_ScriptFails_NamesTheScriptAndStops()
    {
        await using (var connection = await database.OpenAsync())
        {
            // An object in the way of the second script.
            await connection.ExecuteAsync("CREATE TABLE clients (id int)");
        }

        var error = Assert.Throws<MigrationFailedException>(() => DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance));

        Assert.Equal("0002_business_tables.sql", error.Script);
        Assert.Contains("0002_business_tables.sql", error.Message, StringComparison.Ordinal);
        await using var check = await database.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE tablename = 'automation_workflows'"));
    }
}
