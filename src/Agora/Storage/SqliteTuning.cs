using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Agora.Storage;

/// <summary>Regular expressions for SQL, compiled once per pattern; a pattern that runs too long
/// (catastrophic backtracking) counts as no match rather than holding the database.</summary>
public static class RegexCache
{
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Text.RegularExpressions.Regex> Compiled = new();

    public static bool IsMatch(string pattern, string input)
    {
        if (Compiled.Count > 1000) Compiled.Clear();
        var regex = Compiled.GetOrAdd(pattern, p => new System.Text.RegularExpressions.Regex(p, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        try
        {
            return regex.IsMatch(input);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>Settings SQLite keeps per connection, applied once to each native connection the pool
/// opens: WAL with synchronous=NORMAL (a commit cannot corrupt the database; a power cut may lose
/// the last few), a larger page cache, and memory-mapped reads, which roughly halve the time of
/// broad searches over a large catalogue; the write-ahead log is copied back by <see cref="SqliteCheckpointer"/>.</summary>
sealed class SqliteTuning : DbConnectionInterceptor
{
    // wal_autocheckpoint: SqliteCheckpointer copies the log back every second; a commit only does it
    // itself past 16,384 pages (64 MiB), where no server runs it (agora CLI commands).
    const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY; " +
        "PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=67108864;";

    // Keyed by the native handle, which Microsoft.Data.Sqlite's pool keeps across opens and closes.
    static readonly ConditionalWeakTable<object, object> Tuned = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Tune(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Tune(connection);
        return Task.CompletedTask;
    }

    static void Tune(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Tuned.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        // SQLite has no regular expressions of its own; the NGSI-LD query language (~=, idPattern) needs them.
        sqlite.CreateFunction("regexp", (string? pattern, string? input) => pattern is not null && input is not null && RegexCache.IsMatch(pattern, input),
            isDeterministic: true);
        Tuned.AddOrUpdate(handle, Pragmas);
    }
}
