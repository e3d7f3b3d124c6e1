using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Context.Subscriptions;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context;

/// <summary><c>/ngsi-ld/v1/subscriptions</c> (§5.8): create, list, retrieve, update, delete. The
/// subscription is kept expanded with the @context it was made with, which its notifications use.</summary>
public static class SubscriptionApi
{
    public static void MapSubscriptions(this RouteGroupBuilder group)
    {
        group.MapPost("/subscriptions", Create);
        group.MapGet("/subscriptions", List);
        group.MapGet("/subscriptions/{id}", Retrieve);
        group.MapPatch("/subscriptions/{id}", Update);
        group.MapDelete("/subscriptions/{id}", Delete);
    }

    static async Task<IResult> Create(HttpContext http, ContextResolver resolver, AgoraDbContext db, SubscriptionCache cache, TimeProvider clock)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        var now = clock.UtcNow();
        var doc = SubscriptionInput.Expand(body, context, now);
        var id = doc["id"]?.GetValue<string>() ?? $"urn:ngsi-ld:Subscription:{Guid.NewGuid()}";
        doc["id"] = id;
        if (await db.NgsiSubscriptions.AnyAsync(s => s.Tenant == tenant && s.Id == id, http.RequestAborted))
            throw new NgsiLdException(NgsiLdError.AlreadyExists, $"Subscription {id} already exists.");
        var row = new NgsiSubscription
        {
            Tenant = tenant, Id = id, Doc = "", LdContext = context.Source?.ToJsonString(), CreatedAt = now, ModifiedAt = now,
        };
        Apply(row, doc);
        db.NgsiSubscriptions.Add(row);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // Another request took the id between the check and the insert.
            throw new NgsiLdException(NgsiLdError.AlreadyExists, $"Subscription {id} already exists.");
        }
        finally
        {
            cache.Invalidate(tenant);
        }
        return TypedResults.Created($"{ContextApi.Prefix}/subscriptions/{Uri.EscapeDataString(id)}");
    }

    static async Task<IResult> List(HttpContext http, ContextResolver resolver, AgoraDbContext db, TimeProvider clock)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var (limit, offset) = EntityQueries.Paging(http.Request.Query);
        var query = db.NgsiSubscriptions.AsNoTracking().Where(s => s.Tenant == tenant);
        if (http.Request.Query["count"].ToString() == "true")
            http.Response.Headers["NGSILD-Results-Count"] = (await query.CountAsync(http.RequestAborted)).ToString();
        var rows = await query.OrderBy(s => s.Key).Skip(offset).Take(limit).ToListAsync(http.RequestAborted);
        var now = clock.UtcNow();
        var list = new JsonArray(rows.Select(r => (JsonNode?)Render(r, context, now)).ToArray());
        return NgsiLdHttp.Answer(http, list, context, media);
    }

    static async Task<IResult> Retrieve(string id, HttpContext http, ContextResolver resolver, AgoraDbContext db, TimeProvider clock)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The subscription id");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var row = await db.NgsiSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Tenant == tenant && s.Id == id, http.RequestAborted)
            ?? throw NotFound(id);
        return NgsiLdHttp.Answer(http, Render(row, context, clock.UtcNow()), context, media);
    }

    // §5.8.2: the members given replace the stored ones (null removes one); the result must be a valid subscription.
    static async Task<IResult> Update(string id, HttpContext http, ContextResolver resolver, AgoraDbContext db, SubscriptionCache cache, TimeProvider clock)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver, allowMergePatch: true);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The subscription id");
        if (body is not JsonObject fragment || fragment.Count == 0) throw NgsiLdException.BadData("The update must be a non-empty JSON object.");
        if (fragment["id"] is { } given && given.ToString() != id) throw NgsiLdException.BadData("The id of a subscription cannot be changed.");
        var row = await db.NgsiSubscriptions.FirstOrDefaultAsync(s => s.Tenant == tenant && s.Id == id, http.RequestAborted) ?? throw NotFound(id);
        var now = clock.UtcNow();
        var merged = SubscriptionInput.Compact(JsonNode.Parse(row.Doc)!.AsObject(), context);
        foreach (var (key, value) in fragment)
        {
            if (key == "@context") continue;
            if (value is null) merged.Remove(key);
            else merged[key] = value.DeepClone();
        }
        merged["type"] ??= "Subscription";
        var doc = SubscriptionInput.Expand(merged, context, now);
        doc["id"] = id;
        Apply(row, doc);
        row.ModifiedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate(tenant);
        return TypedResults.NoContent();
    }

    static async Task<IResult> Delete(string id, HttpContext http, AgoraDbContext db, SubscriptionCache cache)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The subscription id");
        // Its pending notifications go with it (cascade).
        var deleted = await db.NgsiSubscriptions.Where(s => s.Tenant == tenant && s.Id == id).ExecuteDeleteAsync(http.RequestAborted);
        cache.Invalidate(tenant);
        return deleted > 0 ? TypedResults.NoContent() : throw NotFound(id);
    }

    static void Apply(NgsiSubscription row, JsonObject doc)
    {
        row.Doc = doc.ToJsonString();
        row.IsActive = doc["isActive"]?.GetValue<bool>() ?? true;
        row.ExpiresAt = doc["expiresAt"] is { } e && NgsiLdInput.TryDateTime(e.GetValue<string>(), out var at) ? Clock.ToMicroseconds(at) : null;
    }

    /// <summary>The subscription as a client sees it: compacted, with the broker's status members (§5.2.12).</summary>
    public static JsonObject Render(NgsiSubscription row, LdContext context, DateTime now)
    {
        var s = SubscriptionInput.Compact(JsonNode.Parse(row.Doc)!.AsObject(), context);
        s["isActive"] = row.IsActive;
        s["status"] = row.ExpiresAt is { } e && e <= now ? "expired" : row.IsActive ? "active" : "paused";
        var n = s["notification"]!.AsObject();
        n["format"] ??= "normalized";
        if (n["endpoint"] is JsonObject endpoint) endpoint["accept"] ??= NgsiLdHttp.Json;
        n["timesSent"] = row.TimesSent;
        if (row.LastNotification is { } last) n["lastNotification"] = NgsiLdInput.Format(last);
        if (row.LastSuccess is { } ok) n["lastSuccess"] = NgsiLdInput.Format(ok);
        if (row.LastFailure is { } failed) n["lastFailure"] = NgsiLdInput.Format(failed);
        if (row.LastNotification is not null || row.LastFailure is not null)
            n["status"] = row.LastFailure is { } f && (row.LastSuccess is not { } su || f > su) ? "failed" : "ok";
        return s;
    }

    static NgsiLdException NotFound(string id) => NgsiLdException.NotFound($"There is no subscription {id}.");
}

public static class SubscriptionSetup
{
    /// <summary>Subscription matching (with its per-tenant cache) and this node's delivery worker.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscriptionCache>();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<SubscriptionMatcher>();
        services.AddHttpClient(NotificationWorker.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<NotificationWorker>();
        services.AddSingleton<PeriodicNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<PeriodicNotifications>());
        return services;
    }
}
