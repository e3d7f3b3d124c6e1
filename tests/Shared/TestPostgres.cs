using Npgsql;

namespace Agora.Testing;

/// <summary>The PostgreSQL cluster that scripts/test starts: each test fixture gets a database of
/// its own on it (Agora's migrations create it) and drops it at the end.</summary>
static class TestPostgres
{
    public static bool Requested => Environment.GetEnvironmentVariable("AGORA_TEST_DATABASE") == "postgres";

    static string Server => Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES")
        ?? throw new InvalidOperationException("AGORA_TEST_DATABASE=postgres needs AGORA_TEST_POSTGRES, a connection string to the test cluster.");

    /// <summary>A new database name when the tests run on PostgreSQL, else null.</summary>
    public static string? NewDatabaseName(string prefix) => Requested ? $"{prefix}_{Guid.NewGuid():N}" : null;

    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    public static async Task DropAsync(string? database)
    {
        if (database is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
