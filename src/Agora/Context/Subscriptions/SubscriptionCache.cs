using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Context.Query;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Subscriptions;

/// <summary>A stored subscription made ready for matching: selectors, filters and how to notify.</summary>
public sealed class LiveSubscription
{
    public required long Key { get; init; }
    public required string Id { get; init; }
    public required IReadOnlyList<EntitySelection>? Entities { get; init; }
    public required HashSet<string>? Watched { get; init; }
    public required EntitySelection? Filter { get; init; }
    public required HashSet<string> Triggers { get; init; }
    public required double Throttling { get; init; }
    /// <summary>Seconds between periodic notifications (timeInterval); 0 for a subscription notified on change.</summary>
    public required double TimeInterval { get; init; }
    public required bool Active { get; init; }
    public required DateTime? ExpiresAt { get; init; }
    public required JsonObject Notification { get; init; }
    public required LdContext Context { get; init; }

    public string Format => Notification["format"]?.GetValue<string>() ?? "normalized";

    // §5.8.6: without notificationTrigger a subscription hears attribute creations and updates;
    // entityCreated is how an entity's creation is heard too.
    static readonly HashSet<string> DefaultTriggers = ["attributeCreated", "attributeUpdated", "entityCreated"];

    public static LiveSubscription From(NgsiSubscription row, LdContext context)
    {
        var doc = JsonNode.Parse(row.Doc)!.AsObject();
        var entities = (doc["entities"] as JsonArray)?.OfType<JsonObject>().Select(e => new EntitySelection(
            [e["type"]!.GetValue<string>()],
            e["id"] is { } id ? [id.GetValue<string>()] : null,
            e["idPattern"]?.GetValue<string>(), null, null, null, context.ExpandTerm)).ToList();
        var q = doc["q"]?.GetValue<string>() is { } qs ? QueryParser.Parse(qs) : null;
        var geo = doc["geoQ"] is JsonObject g ? SubscriptionInput.ParseGeo(g) : null;
        var triggers = doc["notificationTrigger"] is JsonArray t ? t.Select(x => x!.GetValue<string>()).ToHashSet() : DefaultTriggers;
        return new LiveSubscription
        {
            Key = row.Key,
            Id = row.Id,
            Entities = entities,
            Watched = (doc["watchedAttributes"] as JsonArray)?.Select(x => x!.GetValue<string>()).ToHashSet(),
            Filter = q is null && geo is null ? null : new EntitySelection(null, null, null, null, q, geo, context.ExpandTerm),
            Triggers = triggers,
            Throttling = doc["throttling"]?.GetValue<double>() ?? 0,
            TimeInterval = doc["timeInterval"]?.GetValue<double>() ?? 0,
            Active = row.IsActive,
            ExpiresAt = row.ExpiresAt,
            Notification = doc["notification"]!.AsObject(),
            Context = context,
        };
    }

    public bool IsLive(DateTime now) => Active && (ExpiresAt is null || ExpiresAt > now);

    public bool Selects(JsonObject entity) =>
        (Entities is null || Entities.Any(e => e.Matches(entity))) && (Filter is null || Filter.Matches(entity));
}

/// <summary>Each tenant's subscriptions, held in memory for a short while so that thousands of
/// updates a second do not each read them: at most <see cref="Ttl"/> old, and dropped at once when
/// this node changes one (other nodes' changes are seen within the TTL).</summary>
public sealed class SubscriptionCache(ContextResolver resolver, ILogger<SubscriptionCache> logger)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    sealed record Entry(IReadOnlyList<LiveSubscription> Subscriptions, long LoadedAt, long Version);

    readonly ConcurrentDictionary<string, Entry> tenants = new();
    long version;

    /// <summary>Forgets a tenant's subscriptions (after this node wrote one of them).</summary>
    public void Invalidate(string tenant)
    {
        Interlocked.Increment(ref version);
        tenants.TryRemove(tenant, out _);
    }

    public async Task<IReadOnlyList<LiveSubscription>> GetAsync(AgoraDbContext db, string tenant, CancellationToken ct)
    {
        // Real time, not the injected clock: this is how fresh the copy is, not a date in the data.
        if (tenants.TryGetValue(tenant, out var entry) && Stopwatch.GetElapsedTime(entry.LoadedAt) < Ttl) return entry.Subscriptions;
        var seen = Interlocked.Read(ref version);
        var started = Stopwatch.GetTimestamp();
        var rows = await db.NgsiSubscriptions.AsNoTracking().Where(s => s.Tenant == tenant && s.IsActive).ToListAsync(ct);
        var list = new List<LiveSubscription>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                var context = row.LdContext is { } c ? await resolver.ResolveAsync(JsonNode.Parse(c), ct) : resolver.Core;
                list.Add(LiveSubscription.From(row, context));
            }
            catch (Exception e) when (e is LdContextException or QueryException or NgsiLdException)
            {
                // Its context became unavailable: match with the core context rather than miss its notifications.
                logger.LogWarning(e, "Subscription {Id} is matched with the core context: {Reason}", row.Id, e.Message);
                try { list.Add(LiveSubscription.From(row, resolver.Core)); }
                catch (Exception inner) when (inner is QueryException or NgsiLdException) { logger.LogError(inner, "Subscription {Id} cannot be matched", row.Id); }
            }
        }
        // A write on this node during the load may have been missed: keep the answer but not the copy.
        if (Interlocked.Read(ref version) == seen) tenants[tenant] = new Entry(list, started, seen);
        return list;
    }
}
