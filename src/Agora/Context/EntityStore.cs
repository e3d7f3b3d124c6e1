using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context;

public enum EntityChangeKind { Created, Updated, Deleted }

/// <summary>One change to one entity, as subscriptions see it: the entity before and after (expanded)
/// and the attributes the change touched.</summary>
public sealed record EntityChange(EntityChangeKind Kind, string Tenant, string EntityId, JsonObject? Before, JsonObject? After,
    IReadOnlyCollection<string> Attributes);

/// <summary>What a change function did to an entity's document: attributes it touched (written or
/// deleted) and instances it deleted, so that typed rows, history and notifications follow.</summary>
public sealed class EntityEdit(string now)
{
    public string Now { get; } = now;
    public HashSet<string> Touched { get; } = [];
    public List<(string Name, string DatasetId)> Deleted { get; } = [];
    public bool TypesChanged { get; set; }
}

/// <summary>Keeps entities: the expanded document, its typed attribute rows, history and the
/// notifications the change causes, all in one transaction (a group commit's) — no change without its history and
/// notifications, and no notification for a change that was rolled back.</summary>
public sealed class EntityStore(AgoraDbContext reader, GroupCommit writer, TimeProvider clock, SubscriptionMatcher subscriptions,
    Subscriptions.NotificationSignal signal, ContextStatistics statistics)
{
    // Set once a write of this request queued a notification (batch writes run concurrently; a flag suffices).
    volatile bool queuedNotifications;

    // Retrieving one entity is the broker's most frequent read: compiled once, not translated per request.
    static readonly Func<AgoraDbContext, string, string, CancellationToken, Task<NgsiEntity?>> FindRow =
        EF.CompileAsyncQuery((AgoraDbContext db, string tenant, string id, CancellationToken ct) =>
            db.NgsiEntities.AsNoTracking().FirstOrDefault(e => e.Tenant == tenant && e.Id == id));

    static readonly Func<AgoraDbContext, string, string, CancellationToken, Task<string?>> FindDoc =
        EF.CompileAsyncQuery((AgoraDbContext db, string tenant, string id, CancellationToken ct) =>
            db.NgsiEntities.Where(e => e.Tenant == tenant && e.Id == id).Select(e => e.Doc).FirstOrDefault());

    public Task<NgsiEntity?> FindRowAsync(string tenant, string id, CancellationToken ct) => FindRow(reader, tenant, id, ct);

    public async Task<JsonObject?> FindAsync(string tenant, string id, CancellationToken ct) =>
        await FindDoc(reader, tenant, id, ct) is { } doc ? Parse(doc) : null;

    /// <summary>Whether writes queued at once share a group commit (so a batch request should queue all
    /// its entities together) or each runs in its own transaction (so it should not flood the pool).</summary>
    public bool GroupsWrites => writer.Batches;

    public static JsonObject Parse(string doc) => JsonNode.Parse(doc)!.AsObject();

    /// <summary>Creates an entity (expanded, validated); false when the id is taken.</summary>
    public Task<bool> CreateAsync(string tenant, JsonObject doc, CancellationToken ct) =>
        WriteAsync((db, token) => CreateAsync(db, tenant, doc, token), ct);

    async Task<bool> CreateAsync(AgoraDbContext db, string tenant, JsonObject doc, CancellationToken ct)
    {
        var sql = EntitySql.For(db, writer);
        var id = doc["id"]!.GetValue<string>();
        if (await sql.FindAsync(tenant, id, ct) is not null) return false;
        var now = clock.UtcNow();
        var stamp = NgsiLdInput.Format(now);
        foreach (var (_, instance) in EntityDoc.AllInstances(doc)) EntityDoc.Stamp(instance, stamp);
        doc["createdAt"] = stamp;
        doc["modifiedAt"] = stamp;
        var types = EntityDoc.Types(doc);
        if (await sql.InsertEntityAsync(tenant, id, JsonSerializer.Serialize(types), doc.ToJsonString(), now, ct) is not { } key) return false;
        await sql.ReplaceTypesAsync(tenant, key, types, ct);
        statistics.Created();
        var names = EntityDoc.AttributeNames(doc).ToList();
        await WriteRowsAsync(sql, tenant, key, id, doc, names, now, onlyModifiedAt: null, ct);
        await PlanAsync(db, new EntityChange(EntityChangeKind.Created, tenant, id, null, doc, names), ct);
        return true;
    }

    /// <summary>Changes an existing entity through <paramref name="change"/>; Found is false when there is no such entity.</summary>
    public Task<(bool Found, T? Result)> ChangeAsync<T>(string tenant, string id, Func<JsonObject, EntityEdit, T> change, CancellationToken ct) =>
        WriteAsync((db, token) => ChangeAsync(db, tenant, id, change, token), ct);

    async Task<(bool Found, T? Result)> ChangeAsync<T>(AgoraDbContext db, string tenant, string id, Func<JsonObject, EntityEdit, T> change, CancellationToken ct)
    {
        var sql = EntitySql.For(db, writer);
        var now = clock.UtcNow();
        // Concurrent changes to one entity must not lose each other's attributes: PostgreSQL locks the
        // row (other nodes write too); on SQLite the one writer of group commit already orders them.
        if (await sql.FindAsync(tenant, id, ct) is not var (key, stored)) return (false, default);
        var doc = Parse(stored);
        var before = (JsonObject)doc.DeepClone();
        var edit = new EntityEdit(NgsiLdInput.Format(now));
        var result = change(doc, edit);
        if (edit.Touched.Count == 0 && !edit.TypesChanged) return (true, result);

        doc["modifiedAt"] = edit.Now;
        var types = EntityDoc.Types(doc);
        await sql.UpdateEntityAsync(key, doc.ToJsonString(), JsonSerializer.Serialize(types), now, ct);
        if (edit.TypesChanged) await sql.ReplaceTypesAsync(tenant, key, types, ct);
        var touched = edit.Touched.ToList();
        // Rows of instances still there are overwritten; an attribute that lost instances is written afresh.
        foreach (var name in touched)
            if (EntityDoc.Instances(before[name]).Select(EntityDoc.DatasetId).Except(EntityDoc.Instances(doc[name]).Select(EntityDoc.DatasetId)).Any())
                await sql.DeleteAttributeAsync(key, name, ct);
        await WriteRowsAsync(sql, tenant, key, id, doc, touched, now, onlyModifiedAt: edit.Now, ct);
        foreach (var (name, datasetId) in edit.Deleted)
            await sql.InsertHistoryAsync(new NgsiHistory
            {
                Tenant = tenant, EntityKey = key, EntityId = id, Name = name, DatasetId = datasetId, Kind = "Deleted",
                Json = "{}", RecordedAt = now, Deleted = true,
            }, ct);
        await PlanAsync(db, new EntityChange(EntityChangeKind.Updated, tenant, id, before, doc, touched), ct);
        return (true, result);
    }

    /// <summary>Changes the entity if it exists (through <paramref name="merge"/>: current document, the
    /// given one, the edit), creates it otherwise, in one write. True when it was created.</summary>
    public Task<bool> UpsertAsync(string tenant, JsonObject doc, Action<JsonObject, JsonObject, EntityEdit> merge, CancellationToken ct) =>
        WriteAsync(async (db, token) =>
        {
            var id = doc["id"]!.GetValue<string>();
            // On PostgreSQL another node (or request) may create it between the two steps: then change it.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var (found, _) = await ChangeAsync(db, tenant, id, (current, edit) => { merge(current, (JsonObject)doc.DeepClone(), edit); return true; }, token);
                if (found) return false;
                if (await CreateAsync(db, tenant, (JsonObject)doc.DeepClone(), token)) return true;
            }
            throw new NgsiLdException(NgsiLdError.InternalError, $"Entity {id} kept changing while being upserted; try again.");
        }, ct);

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken ct) =>
        WriteAsync((db, token) => DeleteAsync(db, tenant, id, token), ct);

    async Task<bool> DeleteAsync(AgoraDbContext db, string tenant, string id, CancellationToken ct)
    {
        var sql = EntitySql.For(db, writer);
        if (await sql.FindAsync(tenant, id, ct) is not var (key, stored)) return false;
        var doc = Parse(stored);
        await PlanAsync(db, new EntityChange(EntityChangeKind.Deleted, tenant, id, doc, null, EntityDoc.AttributeNames(doc).ToList()), ct);
        // Attribute and type rows go with the entity (cascade); history stays for the Temporal API.
        await sql.DeleteEntityAsync(key, ct);
        return true;
    }

    /// <summary>Adds a temporal representation's instances (attributes as lists of instances, expanded) to the entity's
    /// history. An entity that does not exist is created from each attribute's latest instance per datasetId (that
    /// much is a change subscriptions hear of); the older instances go into history only. True when created.</summary>
    public Task<bool> AddHistoryAsync(string tenant, JsonObject temporal, CancellationToken ct) => WriteAsync(async (db, token) =>
    {
        var sql = EntitySql.For(db, writer);
        var id = temporal["id"]!.GetValue<string>();
        var instances = EntityDoc.AllInstances(temporal).Select(x => (x.Name, Instance: (JsonObject)x.Instance.DeepClone())).ToList();
        var created = false;
        if (await sql.FindAsync(tenant, id, token) is null)
        {
            var current = new JsonObject { ["id"] = id, ["type"] = temporal["type"]!.DeepClone() };
            if (temporal["scope"] is { } scope) current["scope"] = scope.DeepClone();
            var latest = instances.GroupBy(x => (x.Name, EntityDoc.DatasetId(x.Instance)))
                .Select(g => g.MaxBy(x => NgsiLdInput.TryDateTime(x.Instance["observedAt"]!.GetValue<string>(), out var t) ? t : DateTime.MinValue)).ToList();
            foreach (var name in latest.Select(x => x.Name).Distinct())
                EntityDoc.SetInstances(current, name, latest.Where(x => x.Name == name).Select(x => (JsonObject)x.Instance.DeepClone()).ToList());
            // Created by another write meanwhile (PostgreSQL): then every instance goes into history.
            created = await CreateAsync(db, tenant, current, token);
            if (created) instances = instances.Except(latest).ToList();
        }
        var (key, _) = await sql.FindAsync(tenant, id, token) ?? throw new NgsiLdException(NgsiLdError.InternalError, $"Entity {id} vanished while its history was written; try again.");
        var now = clock.UtcNow();
        var stamp = NgsiLdInput.Format(now);
        foreach (var (name, instance) in instances)
        {
            EntityDoc.Stamp(instance, stamp);
            var attr = AttrValues.Row(key, name, instance);
            await sql.InsertHistoryAsync(new NgsiHistory
            {
                Tenant = tenant, EntityKey = key, EntityId = id, Name = name, DatasetId = attr.DatasetId, Kind = attr.Kind,
                Num = attr.Num, Text = attr.Text, Bool = attr.Bool, Json = attr.Json, ObservedAt = attr.ObservedAt, RecordedAt = now,
            }, token);
        }
        return created;
    }, ct);

    /// <summary>Deletes history: of a whole entity (which goes too, as a deletion subscriptions hear of), of one
    /// attribute (one datasetId, or all with <paramref name="allDatasets"/>), or one instance. False when there was
    /// nothing to delete.</summary>
    public Task<bool> DeleteHistoryAsync(string tenant, string id, string? name, string datasetId, bool allDatasets, long? instance, CancellationToken ct) =>
        WriteAsync(async (db, token) =>
        {
            var rows = db.NgsiHistory.Where(h => h.Tenant == tenant && h.EntityId == id);
            if (name is not null) rows = rows.Where(h => h.Name == name);
            if (name is not null && !allDatasets) rows = rows.Where(h => h.DatasetId == datasetId);
            if (instance is { } seq) rows = rows.Where(h => h.Seq == seq && !h.Deleted);
            var deleted = await rows.ExecuteDeleteAsync(token) > 0;
            if (name is null) deleted |= await DeleteAsync(db, tenant, id, token);
            return deleted;
        }, ct);

    /// <summary>Changes one instance of an attribute's history (its value, observedAt, unitCode… as given, expanded);
    /// false when the entity has no such instance.</summary>
    public Task<bool> ChangeHistoryAsync(string tenant, string id, string name, long instance, JsonObject change, CancellationToken ct) =>
        WriteAsync(async (db, token) =>
        {
            var row = await db.NgsiHistory.FirstOrDefaultAsync(h => h.Tenant == tenant && h.EntityId == id && h.Name == name && h.Seq == instance && !h.Deleted, token);
            if (row is null) return false;
            var json = Parse(row.Json);
            foreach (var (member, value) in change) json[member] = value?.DeepClone();
            EntityDoc.Stamp(json, NgsiLdInput.Format(clock.UtcNow()));
            var values = AttrValues.Row(row.EntityKey, name, json);
            (row.Kind, row.Num, row.Text, row.Bool, row.Json, row.ObservedAt) = (values.Kind, values.Num, values.Text, values.Bool, values.Json, values.ObservedAt);
            await db.SaveChangesAsync(token);
            return true;
        }, ct);

    // Subscriptions queue their notifications through EF Core in the same transaction.
    async Task PlanAsync(AgoraDbContext db, EntityChange change, CancellationToken ct)
    {
        await subscriptions.PlanAsync(db, [change], ct);
        if (!db.ChangeTracker.HasChanges()) return;
        await db.SaveChangesAsync(ct);
        queuedNotifications = true;
    }

    // The matcher wakes the delivery worker as it queues a notification, a moment before the commit makes
    // the row visible; under load the commit can come after the worker gave up looking. Waking it again once
    // the write is committed delivers at once instead of at the worker's next poll.
    async Task<T> WriteAsync<T>(Func<AgoraDbContext, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        var result = await writer.RunAsync(action, ct);
        if (queuedNotifications) signal.Notify();
        return result;
    }

    // Typed rows for the named attributes, and a history row for every instance written now.
    static async Task WriteRowsAsync(EntitySql sql, string tenant, long key, string id, JsonObject doc, IEnumerable<string> names, DateTime now,
        string? onlyModifiedAt, CancellationToken ct)
    {
        foreach (var name in names)
            foreach (var instance in EntityDoc.Instances(doc[name]))
            {
                var attr = AttrValues.Row(key, name, instance);
                await sql.InsertAttributeAsync(attr, ct);
                if (onlyModifiedAt is not null && instance["modifiedAt"]?.GetValue<string>() != onlyModifiedAt) continue;
                await sql.InsertHistoryAsync(new NgsiHistory
                {
                    Tenant = tenant, EntityKey = key, EntityId = id, Name = name, DatasetId = attr.DatasetId, Kind = attr.Kind,
                    Num = attr.Num, Text = attr.Text, Bool = attr.Bool, Json = attr.Json, ObservedAt = attr.ObservedAt, RecordedAt = now,
                }, ct);
            }
    }
}
