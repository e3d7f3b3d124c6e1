using System.Text.Json.Nodes;
using Agora.Storage;
using Agora.Context.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context;

/// <summary>Finds the subscriptions a change concerns and queues their notifications in the outbox,
/// inside the change's own transaction: no change without its notifications, and no notification
/// for a change that was rolled back.</summary>
public sealed class SubscriptionMatcher(SubscriptionCache cache, NotificationSignal signal, TimeProvider clock)
{
    public async Task PlanAsync(AgoraDbContext db, IReadOnlyList<EntityChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        var now = clock.UtcNow();
        var queued = false;
        foreach (var tenantChanges in changes.GroupBy(c => c.Tenant))
        {
            var subscriptions = await cache.GetAsync(db, tenantChanges.Key, ct);
            foreach (var subscription in subscriptions)
            {
                // Periodic subscriptions (timeInterval) are told the state on their schedule, not each change.
                if (!subscription.IsLive(now) || subscription.TimeInterval > 0) continue;
                var data = new JsonArray();
                foreach (var change in tenantChanges)
                    if (Notified(subscription, change, now) is { } entity) data.Add(entity);
                if (data.Count == 0 || !await PassesThrottlingAsync(db, subscription, now, ct)) continue;
                db.NgsiOutbox.Add(Outgoing(tenantChanges.Key, subscription.Key, subscription.Id, data, now));
                queued = true;
            }
        }
        // The rows become visible at commit, a moment from now; the worker looks again briefly if it is early.
        if (queued) signal.Notify();
    }

    /// <summary>An outbox row carrying a notification of <paramref name="data"/> (entities as the subscription shows them).</summary>
    public static NgsiOutbox Outgoing(string tenant, long subscriptionKey, string subscriptionId, JsonArray data, DateTime now) => new()
    {
        Tenant = tenant, SubscriptionKey = subscriptionKey, CreatedAt = now, DueAt = now,
        Payload = new JsonObject
        {
            ["id"] = $"urn:ngsi-ld:Notification:{Guid.NewGuid()}",
            ["type"] = "Notification",
            ["subscriptionId"] = subscriptionId,
            ["notifiedAt"] = NgsiLdInput.Format(now),
            ["data"] = data,
        }.ToJsonString(),
    };

    /// <summary>The entity as the subscription's notification shows it, or null when this change is not for it.</summary>
    static JsonObject? Notified(LiveSubscription subscription, EntityChange change, DateTime now)
    {
        switch (change.Kind)
        {
            case EntityChangeKind.Created:
                if (change.After is null || !subscription.Selects(change.After)) return null;
                if (!subscription.Triggers.Overlaps(["entityCreated", "attributeCreated"])) return null;
                if (subscription.Watched is { } w && !change.Attributes.Any(w.Contains)) return null;
                return NotificationView.Render(change.After, subscription);

            case EntityChangeKind.Updated:
                if (change.After is null || !subscription.Selects(change.After)) return null;
                var hit = change.Attributes
                    .Where(a => subscription.Watched?.Contains(a) != false)
                    .Select(a => (change.Before?.ContainsKey(a) ?? false, change.After.ContainsKey(a)) switch
                    {
                        (false, true) => "attributeCreated",
                        (true, true) => "attributeUpdated",
                        _ => "attributeDeleted",
                    })
                    .Any(t => subscription.Triggers.Contains(t) || subscription.Triggers.Contains("entityUpdated"));
                if (!hit) return null;
                return NotificationView.Render(subscription.Notification["showChanges"]?.GetValue<bool>() == true ? WithChanges(change) : change.After, subscription);

            case EntityChangeKind.Deleted:
                if (change.Before is null || !subscription.Triggers.Contains("entityDeleted") || !subscription.Selects(change.Before)) return null;
                return new JsonObject
                {
                    ["id"] = change.EntityId,
                    ["type"] = NotificationView.CompactTypes(change.Before, subscription),
                    ["deletedAt"] = NgsiLdInput.Format(now),
                };

            default:
                return null;
        }
    }

    // showChanges: each instance the change touched carries what it held before (previousValue,
    // previousObject, …), matched by datasetId; an instance that is new has none.
    static JsonObject WithChanges(EntityChange change)
    {
        var after = (JsonObject)change.After!.DeepClone();
        foreach (var name in change.Attributes)
        {
            if (change.Before?[name] is not { } before || after[name] is null) continue;
            var previous = EntityDoc.Instances(before).ToDictionary(EntityDoc.DatasetId);
            foreach (var instance in EntityDoc.Instances(after[name]))
                if (previous.TryGetValue(EntityDoc.DatasetId(instance), out var old) && Held(old) is var (member, value))
                    instance["previous" + char.ToUpperInvariant(member[0]) + member[1..]] = value.DeepClone();
        }
        return after;
    }

    static (string Member, JsonNode Value)? Held(JsonObject instance) =>
        new[] { "value", "object", "languageMap", "vocab", "json", "valueList", "objectList" }
            .Select(m => instance[m] is { } v ? (m, v) : ((string, JsonNode)?)null).FirstOrDefault(x => x is not null);

    // throttling: at most one notification every so many seconds. The time is kept on the subscription
    // row (last_notification), so that every node sees it; the row is locked by the update itself.
    static async Task<bool> PassesThrottlingAsync(AgoraDbContext db, LiveSubscription subscription, DateTime now, CancellationToken ct)
    {
        if (subscription.Throttling <= 0) return true;
        var since = now.AddSeconds(-subscription.Throttling);
        var updated = await db.NgsiSubscriptions
            .Where(s => s.Key == subscription.Key && (s.LastNotification == null || s.LastNotification <= since))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastNotification, now), ct);
        return updated > 0;
    }
}
