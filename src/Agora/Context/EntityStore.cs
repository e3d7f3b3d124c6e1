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
public sealed class EntityStore(AgoraDbContext reader, GroupCommit writer, TimeProvider clock, SubscriptionMatcher subscriptions)
{

    public Task<NgsiEntity?> FindRowAsync(string tenant, string id, CancellationToken ct) =>
        reader.NgsiEntities.AsNoTracking().FirstOrDefaultAsync(e => e.Tenant == tenant && e.Id == id, ct);

    public async Task<JsonObject?> FindAsync(string tenant, string id, CancellationToken ct) =>
        await FindRowAsync(tenant, id, ct) is { } row ? Parse(row.Doc) : null;

    public static JsonObject Parse(string doc) => JsonNode.Parse(doc)!.AsObject();

    /// <summary>Creates an entity (expanded, validated); false when the id is taken.</summary>
    public Task<bool> CreateAsync(string tenant, JsonObject doc, CancellationToken ct) =>
        writer.RunAsync((db, token) => CreateAsync(db, tenant, doc, token), ct);

    async Task<bool> CreateAsync(AgoraDbContext db, string tenant, JsonObject doc, CancellationToken ct)
    {
        var id = doc["id"]!.GetValue<string>();
        if (await db.NgsiEntities.AnyAsync(e => e.Tenant == tenant && e.Id == id, ct)) return false;
        var now = clock.UtcNow();
        var stamp = NgsiLdInput.Format(now);
        foreach (var (_, instance) in EntityDoc.AllInstances(doc)) EntityDoc.Stamp(instance, stamp);
        doc["createdAt"] = stamp;
        doc["modifiedAt"] = stamp;
        var row = new NgsiEntity
        {
            Tenant = tenant, Id = id, Types = JsonSerializer.Serialize(EntityDoc.Types(doc)), Doc = doc.ToJsonString(),
            CreatedAt = now, ModifiedAt = now,
        };
        db.NgsiEntities.Add(row);
        await db.SaveChangesAsync(ct);
        AddTypes(db, tenant, row.Key, EntityDoc.Types(doc));
        var names = EntityDoc.AttributeNames(doc).ToList();
        AddRows(db, tenant, row, doc, names, now, onlyModifiedAt: null);
        await subscriptions.PlanAsync(db, [new EntityChange(EntityChangeKind.Created, tenant, id, null, doc, names)], ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Changes an existing entity through <paramref name="change"/>; Found is false when there is no such entity.</summary>
    public Task<(bool Found, T? Result)> ChangeAsync<T>(string tenant, string id, Func<JsonObject, EntityEdit, T> change, CancellationToken ct) =>
        writer.RunAsync((db, token) => ChangeAsync(db, tenant, id, change, token), ct);

    async Task<(bool Found, T? Result)> ChangeAsync<T>(AgoraDbContext db, string tenant, string id, Func<JsonObject, EntityEdit, T> change, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var row = await LockAsync(db, tenant, id, ct);
        if (row is null) return (false, default);
        var doc = Parse(row.Doc);
        var before = (JsonObject)doc.DeepClone();
        var edit = new EntityEdit(NgsiLdInput.Format(now));
        var result = change(doc, edit);
        if (edit.Touched.Count == 0 && !edit.TypesChanged) return (true, result);

        doc["modifiedAt"] = edit.Now;
        row.Doc = doc.ToJsonString();
        row.ModifiedAt = now;
        if (edit.TypesChanged)
        {
            row.Types = JsonSerializer.Serialize(EntityDoc.Types(doc));
            await db.NgsiEntityTypes.Where(t => t.EntityKey == row.Key).ExecuteDeleteAsync(ct);
            AddTypes(db, tenant, row.Key, EntityDoc.Types(doc));
        }
        var touched = edit.Touched.ToList();
        await db.NgsiAttrs.Where(a => a.EntityKey == row.Key && touched.Contains(a.Name)).ExecuteDeleteAsync(ct);
        AddRows(db, tenant, row, doc, touched, now, onlyModifiedAt: edit.Now);
        foreach (var (name, datasetId) in edit.Deleted)
            db.NgsiHistory.Add(new NgsiHistory
            {
                Tenant = tenant, EntityKey = row.Key, EntityId = id, Name = name, DatasetId = datasetId, Kind = "Deleted",
                Json = "{}", RecordedAt = now, Deleted = true,
            });
        await subscriptions.PlanAsync(db, [new EntityChange(EntityChangeKind.Updated, tenant, id, before, doc, touched)], ct);
        await db.SaveChangesAsync(ct);
        return (true, result);
    }

    /// <summary>Changes the entity if it exists (through <paramref name="merge"/>: current document, the
    /// given one, the edit), creates it otherwise, in one write. True when it was created.</summary>
    public Task<bool> UpsertAsync(string tenant, JsonObject doc, Action<JsonObject, JsonObject, EntityEdit> merge, CancellationToken ct) =>
        writer.RunAsync(async (db, token) =>
        {
            var id = doc["id"]!.GetValue<string>();
            var (found, _) = await ChangeAsync(db, tenant, id, (current, edit) => { merge(current, doc, edit); return true; }, token);
            return !found && await CreateAsync(db, tenant, doc, token);
        }, ct);

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken ct) => writer.RunAsync(async (db, token) =>
    {
        var row = await LockAsync(db, tenant, id, token);
        if (row is null) return false;
        var doc = Parse(row.Doc);
        await subscriptions.PlanAsync(db, [new EntityChange(EntityChangeKind.Deleted, tenant, id, doc, null, EntityDoc.AttributeNames(doc).ToList())], token);
        await db.SaveChangesAsync(token);
        // Attribute and type rows go with the entity (cascade); history stays for the Temporal API.
        await db.NgsiEntities.Where(e => e.Key == row.Key).ExecuteDeleteAsync(token);
        return true;
    }, ct);

    // Concurrent changes to one entity must not lose each other's attributes: PostgreSQL locks the
    // row (other nodes write too); on SQLite the one writer of group commit already orders them.
    static Task<NgsiEntity?> LockAsync(AgoraDbContext db, string tenant, string id, CancellationToken ct) => db.Database.IsNpgsql()
        ? db.NgsiEntities.FromSql($"SELECT * FROM ngsi_entities WHERE tenant = {tenant} AND id = {id} FOR UPDATE").FirstOrDefaultAsync(ct)
        : db.NgsiEntities.FirstOrDefaultAsync(e => e.Tenant == tenant && e.Id == id, ct);

    static void AddTypes(AgoraDbContext db, string tenant, long key, IEnumerable<string> types)
    {
        foreach (var type in types.Distinct()) db.NgsiEntityTypes.Add(new NgsiEntityType { Tenant = tenant, Type = type, EntityKey = key });
    }

    // Typed rows for the named attributes, and a history row for every instance written now.
    static void AddRows(AgoraDbContext db, string tenant, NgsiEntity row, JsonObject doc, IEnumerable<string> names, DateTime now, string? onlyModifiedAt)
    {
        foreach (var name in names)
            foreach (var instance in EntityDoc.Instances(doc[name]))
            {
                var attr = AttrValues.Row(row.Key, name, instance);
                db.NgsiAttrs.Add(attr);
                if (onlyModifiedAt is not null && instance["modifiedAt"]?.GetValue<string>() != onlyModifiedAt) continue;
                db.NgsiHistory.Add(new NgsiHistory
                {
                    Tenant = tenant, EntityKey = row.Key, EntityId = row.Id, Name = name, DatasetId = attr.DatasetId, Kind = attr.Kind,
                    Num = attr.Num, Text = attr.Text, Bool = attr.Bool, Json = attr.Json, ObservedAt = attr.ObservedAt, RecordedAt = now,
                });
            }
    }
}
