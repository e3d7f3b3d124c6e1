using System.Data.Common;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Agora.Context;

/// <summary>The statements of the context broker's write path, prepared once per group commit and
/// reused for every write in it. Sensor updates arrive by the thousand per second; going through EF
/// Core's change tracker for each one cost more than the database work. (Statements must not outlive
/// the batch: a pooled SQLite connection may hold another native connection next time.)</summary>
sealed class EntitySql : IDisposable
{
    readonly bool postgres;
    readonly DbCommand find, insertEntity, updateEntity, deleteEntity, deleteAttr, insertAttr, insertHistory, deleteTypes, insertType;

    EntitySql(AgoraDbContext db)
    {
        postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        var json = postgres ? "CAST(@json AS jsonb)" : "@json";
        find = Command(connection, "SELECT key, doc FROM ngsi_entities WHERE tenant = @tenant AND id = @id" + (postgres ? " FOR UPDATE" : ""),
            "tenant", "id");
        insertEntity = Command(connection,
            "INSERT INTO ngsi_entities (tenant, id, types, doc, created_at, modified_at) VALUES (@tenant, @id, @types, @doc, @now, @now) " +
            "ON CONFLICT (tenant, id) DO NOTHING RETURNING key",
            "tenant", "id", "types", "doc", "now");
        updateEntity = Command(connection, "UPDATE ngsi_entities SET doc = @doc, types = @types, modified_at = @now WHERE key = @key",
            "doc", "types", "now", "key");
        deleteEntity = Command(connection, "DELETE FROM ngsi_entities WHERE key = @key", "key");
        deleteAttr = Command(connection, "DELETE FROM ngsi_attrs WHERE entity_key = @key AND name = @name", "key", "name");
        insertAttr = Command(connection,
            $"INSERT INTO ngsi_attrs (entity_key, name, dataset_id, kind, num, text, bool, json, observed_at, min_x, min_y, max_x, max_y) " +
            $"VALUES (@key, @name, @dataset, @kind, @num, @text, @bool, {json}, @observed, @minx, @miny, @maxx, @maxy) " +
            // An instance written again is updated in place (one row and the indexes whose columns changed,
            // rather than a delete and an insert through every index).
            "ON CONFLICT (entity_key, name, dataset_id) DO UPDATE SET kind = excluded.kind, num = excluded.num, text = excluded.text, " +
            "bool = excluded.bool, json = excluded.json, observed_at = excluded.observed_at, " +
            "min_x = excluded.min_x, min_y = excluded.min_y, max_x = excluded.max_x, max_y = excluded.max_y",
            "key", "name", "dataset", "kind", "num",
            "text", "bool", "json", "observed",
            "minx", "miny", "maxx", "maxy");
        insertHistory = Command(connection,
            "INSERT INTO ngsi_history (tenant, entity_key, entity_id, name, dataset_id, kind, num, text, bool, json, observed_at, recorded_at, deleted) " +
            "VALUES (@tenant, @key, @id, @name, @dataset, @kind, @num, @text, @bool, @json, @observed, @now, @deleted)",
            "tenant", "key", "id", "name", "dataset",
            "kind", "num", "text", "bool", "json",
            "observed", "now", "deleted");
        deleteTypes = Command(connection, "DELETE FROM ngsi_entity_types WHERE entity_key = @key", "key");
        insertType = Command(connection, "INSERT INTO ngsi_entity_types (tenant, type, entity_key) VALUES (@tenant, @type, @key)",
            "tenant", "type", "key");
    }

    /// <summary>The statements of the running group commit, in its transaction.</summary>
    public static EntitySql For(AgoraDbContext db, GroupCommit batch) => batch.Shared(() =>
    {
        var sql = new EntitySql(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var command in sql.All) command.Transaction = transaction;
        return sql;
    });

    public void Dispose()
    {
        foreach (var command in All) command.Dispose();
    }

    IEnumerable<DbCommand> All => [find, insertEntity, updateEntity, deleteEntity, deleteAttr, insertAttr, insertHistory, deleteTypes, insertType];

    static DbCommand Command(DbConnection connection, string text, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            // The providers infer types from values: a UTC DateTime is timestamptz to Npgsql and text
            // in EF Core's format to SQLite; a null is typed by its column.
            command.Parameters.Add(p);
        }
        return command;
    }

    static DbCommand With(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public async Task<(long Key, string Doc)?> FindAsync(string tenant, string id, CancellationToken ct)
    {
        await using var reader = await With(find, tenant, id).ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The new entity's key, or null when the id is taken (also by a write committed meanwhile).</summary>
    public async Task<long?> InsertEntityAsync(string tenant, string id, string types, string doc, DateTime now, CancellationToken ct) =>
        await With(insertEntity, tenant, id, types, doc, now).ExecuteScalarAsync(ct) is { } key and not DBNull ? Convert.ToInt64(key) : null;

    public Task UpdateEntityAsync(long key, string doc, string types, DateTime now, CancellationToken ct) =>
        With(updateEntity, doc, types, now, key).ExecuteNonQueryAsync(ct);

    public Task DeleteEntityAsync(long key, CancellationToken ct) => With(deleteEntity, key).ExecuteNonQueryAsync(ct);

    public Task DeleteAttributeAsync(long key, string name, CancellationToken ct) => With(deleteAttr, key, name).ExecuteNonQueryAsync(ct);

    public Task InsertAttributeAsync(NgsiAttr a, CancellationToken ct) =>
        With(insertAttr, a.EntityKey, a.Name, a.DatasetId, a.Kind, a.Num, a.Text, a.Bool, a.Json, a.ObservedAt, a.MinX, a.MinY, a.MaxX, a.MaxY)
            .ExecuteNonQueryAsync(ct);

    public Task InsertHistoryAsync(NgsiHistory h, CancellationToken ct) =>
        With(insertHistory, h.Tenant, h.EntityKey, h.EntityId, h.Name, h.DatasetId, h.Kind, h.Num, h.Text, h.Bool, h.Json, h.ObservedAt, h.RecordedAt, h.Deleted)
            .ExecuteNonQueryAsync(ct);

    public async Task ReplaceTypesAsync(string tenant, long key, IEnumerable<string> types, CancellationToken ct)
    {
        await With(deleteTypes, key).ExecuteNonQueryAsync(ct);
        foreach (var type in types.Distinct()) await With(insertType, tenant, type, key).ExecuteNonQueryAsync(ct);
    }
}
