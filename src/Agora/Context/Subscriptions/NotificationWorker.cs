using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Subscriptions;

/// <summary>Delivers the outbox on this node: claims due rows (several nodes share the table:
/// PostgreSQL skips rows another node holds, SQLite has one writer), posts each to its subscription's
/// endpoint, deletes it on 2xx and otherwise tries again later, backing off exponentially. A node that
/// dies mid-send leaves its rows locked until <see cref="LockFor"/> passes; then another node sends
/// them again — at least once, never lost.</summary>
public sealed class NotificationWorker(IServiceScopeFactory scopes, IHttpClientFactory httpClients, NotificationSignal signal, GroupCommit writer,
    TimeProvider clock, IConfiguration configuration, ILogger<NotificationWorker> logger) : BackgroundService
{
    public const string HttpClientName = "ngsi-ld-notifications";
    public const int BatchSize = 50;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    readonly string node = $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}:{Guid.NewGuid():N}";

    sealed record Claimed(long Id, long SubscriptionKey, string Payload, int Attempts);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 1 s, 2 s, 4 s … at most 5 minutes.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 20))));

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!configuration.GetValue("Agora:Context:Notifications:Enabled", true)) return;
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var signalled = await signal.WaitAsync(Poll, stop);
                // A signal comes just before the commit that makes the rows visible: look again a few times.
                for (var attempt = 0; ; attempt++)
                {
                    var claimed = await RunOnceAsync(stop);
                    if (claimed == BatchSize) { attempt = 0; continue; }
                    if (claimed > 0 || !signalled || attempt >= 10) break;
                    await Task.Delay(TimeSpan.FromMilliseconds(10 + attempt * 10), stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Delivering notifications failed; trying again");
                try { await Task.Delay(Poll, stop); } catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Claims and delivers one batch of due notifications; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var now = clock.UtcNow();
        // SQLite has one writer: the outbox's writes go through group commit with the changes, rather
        // than waiting on (and holding up) its write lock. PostgreSQL nodes claim on their own.
        var sqlite = !db.Database.IsNpgsql();
        // The claim reads its clock when the writer runs it, not when it is queued: a change the writer ran in
        // between (its row stamped due a moment after this method's clock) is then claimed now, not at a later poll.
        var claimed = sqlite ? await writer.RunAsync((wdb, t) => ClaimAsync(wdb, clock.UtcNow(), t), ct) : await ClaimAsync(db, now, ct);
        if (claimed.Count == 0) return 0;

        var keys = claimed.Select(c => c.SubscriptionKey).Distinct().ToList();
        var subscriptions = await db.NgsiSubscriptions.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct);
        // One subscription's notifications go in order; different subscriptions' at the same time.
        var results = await Task.WhenAll(claimed.GroupBy(c => c.SubscriptionKey).Select(async group =>
        {
            var list = new List<(Claimed Row, string? Error)>();
            foreach (var row in group.OrderBy(r => r.Id))
                list.Add((row, subscriptions.TryGetValue(row.SubscriptionKey, out var s) ? await SendAsync(s, row, now, ct) : null));
            return list;
        }));
        async Task<bool> RecordAllAsync(AgoraDbContext target, CancellationToken t)
        {
            foreach (var (row, error) in results.SelectMany(r => r))
                await RecordAsync(target, row, subscriptions.GetValueOrDefault(row.SubscriptionKey), error, t);
            return true;
        }
        if (sqlite) await writer.RunAsync(RecordAllAsync, ct);
        else await RecordAllAsync(db, ct);
        return claimed.Count;
    }

    Task<List<Claimed>> ClaimAsync(AgoraDbContext db, DateTime now, CancellationToken ct)
    {
        var until = now + LockFor;
        return db.Database.SqlQuery<Claimed>(db.Database.IsNpgsql()
            ? (FormattableString)$"""
               UPDATE ngsi_outbox SET locked_until = {until}, locked_by = {node}
               WHERE id IN (SELECT id FROM ngsi_outbox WHERE due_at <= {now} AND (locked_until IS NULL OR locked_until < {now})
                            ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
               RETURNING id AS "Id", subscription_key AS "SubscriptionKey", payload AS "Payload", attempts AS "Attempts"
               """
            : (FormattableString)$"""
               UPDATE ngsi_outbox SET locked_until = {until}, locked_by = {node}
               WHERE id IN (SELECT id FROM ngsi_outbox WHERE due_at <= {now} AND (locked_until IS NULL OR locked_until < {now})
                            ORDER BY id LIMIT {BatchSize})
               RETURNING id AS "Id", subscription_key AS "SubscriptionKey", payload AS "Payload", attempts AS "Attempts"
               """).ToListAsync(ct);
    }

    /// <summary>Posts one notification; null on success, the reason otherwise. An expired subscription's notification is dropped.</summary>
    async Task<string?> SendAsync(NgsiSubscription subscription, Claimed row, DateTime now, CancellationToken ct)
    {
        if (subscription.ExpiresAt is { } expires && expires <= now) return null;
        var doc = JsonNode.Parse(subscription.Doc)!.AsObject();
        var endpoint = doc["notification"]!["endpoint"]!.AsObject();
        var ldJson = endpoint["accept"]?.GetValue<string>() == NgsiLdHttp.JsonLd;
        var payload = JsonNode.Parse(row.Payload)!.AsObject();
        var context = subscription.LdContext is { } c ? JsonNode.Parse(c) : null;
        var linkUrl = context switch
        {
            null => NgsiLdHttp.CoreContextUrl,
            JsonValue v when v.TryGetValue<string>(out var url) => url,
            JsonArray { Count: 1 } a when a[0] is JsonValue v1 && v1.TryGetValue<string>(out var url1) => url1,
            _ => null,
        };
        // A context that is not one URL cannot go in a Link header: it travels in the body instead.
        if (ldJson || linkUrl is null)
            foreach (var entity in payload["data"]!.AsArray().OfType<JsonObject>())
                entity["@context"] = context?.DeepClone() ?? NgsiLdHttp.CoreContextUrl;

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint["uri"]!.GetValue<string>())
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ldJson ? NgsiLdHttp.JsonLd : NgsiLdHttp.Json);
        if (!ldJson && linkUrl is not null)
            request.Headers.TryAddWithoutValidation("Link", $"<{linkUrl}>; rel=\"{NgsiLdHttp.ContextRel}\"; type=\"{NgsiLdHttp.JsonLd}\"");
        if (subscription.Tenant.Length > 0) request.Headers.TryAddWithoutValidation(NgsiLdHttp.TenantHeader, subscription.Tenant);
        if (endpoint["receiverInfo"] is JsonArray info)
            foreach (var kv in info.OfType<JsonObject>())
                request.Headers.TryAddWithoutValidation(kv["key"]!.GetValue<string>(), kv["value"]!.GetValue<string>());
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"The endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return e is TaskCanceledException ? "The endpoint did not answer in time" : $"The endpoint could not be reached: {e.Message}";
        }
    }

    async Task RecordAsync(AgoraDbContext db, Claimed row, NgsiSubscription? subscription, string? error, CancellationToken ct)
    {
        var now = clock.UtcNow();
        if (error is null)
        {
            await db.NgsiOutbox.Where(o => o.Id == row.Id).ExecuteDeleteAsync(ct);
            if (subscription is not null && !(subscription.ExpiresAt <= now))
                await db.NgsiSubscriptions.Where(s => s.Key == row.SubscriptionKey).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.TimesSent, s => s.TimesSent + 1)
                    .SetProperty(s => s.LastNotification, now)
                    .SetProperty(s => s.LastSuccess, now), ct);
            return;
        }
        var reason = error.Length > 1000 ? error[..1000] : error;
        var attempts = row.Attempts + 1;
        await db.NgsiOutbox.Where(o => o.Id == row.Id).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.Attempts, attempts)
            .SetProperty(o => o.DueAt, now + Backoff(attempts))
            .SetProperty(o => o.LockedUntil, (DateTime?)null)
            .SetProperty(o => o.LockedBy, (string?)null)
            .SetProperty(o => o.LastError, reason), ct);
        await db.NgsiSubscriptions.Where(s => s.Key == row.SubscriptionKey).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.TimesSent, s => s.TimesSent + 1)
            .SetProperty(s => s.TimesFailed, s => s.TimesFailed + 1)
            .SetProperty(s => s.LastNotification, now)
            .SetProperty(s => s.LastFailure, now)
            .SetProperty(s => s.LastFailureReason, reason), ct);
        logger.LogInformation("Notification {Id} for subscription {Subscription} failed (attempt {Attempts}): {Reason}",
            row.Id, subscription?.Id, attempts, reason);
    }
}
