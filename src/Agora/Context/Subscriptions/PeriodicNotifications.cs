using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Subscriptions;

/// <summary>Sends the notifications of periodic subscriptions (<c>timeInterval</c>, NGSI-LD §5.8.1): every
/// so many seconds the current state of the entities the subscription selects, whether or not they changed.
/// Each node looks every second; a subscription's turn is claimed by moving its last-notification time with
/// a conditional update, so one node sends each period. The notification goes through the outbox like any other.</summary>
public sealed class PeriodicNotifications(IServiceScopeFactory scopes, GroupCommit writer, ContextResolver resolver,
    NotificationSignal signal, TimeProvider clock, IConfiguration configuration, ILogger<PeriodicNotifications> logger) : BackgroundService
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!configuration.GetValue("Agora:Context:Notifications:Enabled", true)) return;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stop);
                await Task.Delay(Tick, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Periodic notifications failed; trying again");
                try { await Task.Delay(Tick, stop); } catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Queues a notification for each periodic subscription whose period has come; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.UtcNow();
        List<NgsiSubscription> rows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            rows = await db.NgsiSubscriptions.AsNoTracking()
                .Where(s => s.IsActive && (s.ExpiresAt == null || s.ExpiresAt > now) && s.Doc.Contains("\"timeInterval\""))
                .ToListAsync(ct);
        }
        var queued = 0;
        foreach (var row in rows)
        {
            LiveSubscription subscription;
            try
            {
                var context = row.LdContext is { } c ? await resolver.ResolveAsync(JsonNode.Parse(c), ct) : resolver.Core;
                subscription = LiveSubscription.From(row, context);
            }
            catch (Exception e) when (e is LdContextException or Query.QueryException or NgsiLdException)
            {
                logger.LogWarning(e, "Periodic subscription {Id} cannot be read: {Reason}", row.Id, e.Message);
                continue;
            }
            if (subscription.TimeInterval <= 0 || row.LastNotification > now.AddSeconds(-subscription.TimeInterval)) continue;
            if (await QueueAsync(row, subscription, now, ct)) queued++;
        }
        if (queued > 0) signal.Notify();
        return queued;
    }

    async Task<bool> QueueAsync(NgsiSubscription row, LiveSubscription subscription, DateTime now, CancellationToken ct)
    {
        var data = new JsonArray();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var seen = new HashSet<string>();
            foreach (var selector in subscription.Entities ?? [])
            {
                var selection = selector with { Q = subscription.Filter?.Q, Geo = subscription.Filter?.Geo };
                var (docs, _) = await EntityQueries.SelectAsync(db, row.Tenant, selection, EntitySelection.MaxLimit, 0, false, ct);
                foreach (var doc in docs)
                    if (data.Count < EntitySelection.MaxLimit && seen.Add(doc["id"]?.GetValue<string>() ?? ""))
                        data.Add(NotificationView.Render(doc, subscription));
            }
        }
        var previous = row.LastNotification;
        return await writer.RunAsync(async (db, token) =>
        {
            // Claim this period: only the node whose update finds the old time sends it.
            var claimed = await db.NgsiSubscriptions.Where(s => s.Key == row.Key && s.LastNotification == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastNotification, now), token);
            if (claimed == 0 || data.Count == 0) return false;
            db.NgsiOutbox.Add(SubscriptionMatcher.Outgoing(row.Tenant, row.Key, row.Id, data, now));
            await db.SaveChangesAsync(token);
            return true;
        }, ct);
    }
}
