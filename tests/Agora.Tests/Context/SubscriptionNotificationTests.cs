using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Context;

/// <summary>Notifications: which changes a subscription hears, what it is sent (compacted with its
/// @context, in its format, limited to its attributes), throttling, and delivery to a receiver that
/// is down for a while — nothing is lost.</summary>
public sealed class SubscriptionNotificationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>, IAsyncLifetime
{
    NotificationReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await NotificationReceiver.StartAsync();
    public async Task DisposeAsync() => await receiver.DisposeAsync();

    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    // Each test watches its own entity type so that the others' entities do not notify it.
    static string NewType() => "Building" + Guid.NewGuid().ToString("N")[..8];

    static JsonObject Building(string type, string? id = null)
    {
        var entity = Subscriptions.Building(id);
        entity["type"] = type;
        return entity;
    }

    JsonObject Subscription(string fixture, string type)
    {
        var s = Subscriptions.Fixture(fixture, receiver);
        s["entities"]![0]!["type"] = type;
        return s;
    }

    async Task UpdateAsync(string entityId, string attribute, JsonNode value, string? tenant = null)
    {
        var response = await Broker(tenant).SendAsync(HttpMethod.Patch, $"/entities/{entityId}/attrs", Subscriptions.Attr(attribute, value));
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Creating_a_matching_entity_notifies_in_the_subscriptions_context_and_format()
    {
        var type = NewType();
        var sub = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active.jsonld", type)); // normalized
        var keyValues = Subscription("subscription-building-entities-active.jsonld", type);
        keyValues["notification"]!["format"] = "keyValues";
        keyValues["notification"]!["attributes"] = new JsonArray("name", "airQualityLevel");
        var kv = await Broker().SubscribeAsync(keyValues);
        var entity = Building(type);
        await Broker().CreateAsync(entity);

        var normalized = (await receiver.WaitForAsync(sub)).Single();
        Assert.Equal("application/json", normalized.ContentType?.Split(';')[0]);
        Assert.Contains(Etsi.CompoundContext, normalized.Headers["Link"]);
        var n = normalized.Body;
        Assert.Equal("Notification", n["type"]!.GetValue<string>());
        Assert.StartsWith("urn:ngsi-ld:Notification:", n["id"]!.GetValue<string>());
        Assert.NotNull(n["notifiedAt"]);
        var expected = entity.DeepClone().AsObject();
        expected.Remove("@context");
        NgsiAssert.Same(expected, n["data"]![0]);

        var simplified = (await receiver.WaitForAsync(kv)).Single().Body["data"]![0]!;
        NgsiAssert.Same(new JsonObject
        {
            ["id"] = entity["id"]!.GetValue<string>(), ["type"] = type, ["name"] = "Eiffel Tower", ["airQualityLevel"] = 4,
        }, simplified);
    }

    [Fact]
    public async Task Json_ld_receivers_get_the_context_in_the_body_and_receiver_info_headers()
    {
        var type = NewType();
        var ld = await Broker().SubscribeAsync(Subscription("subscription-building-entities-accept-jsonld.jsonld", type));
        var info = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active-endpoint-info.jsonld", type));
        await Broker().CreateAsync(Building(type));
        var ldNotification = (await receiver.WaitForAsync(ld)).Single();
        Assert.Equal("application/ld+json", ldNotification.ContentType?.Split(';')[0]);
        NgsiAssert.Same(new JsonArray(Etsi.CompoundContext), ldNotification.Body["data"]![0]!["@context"]);
        Assert.Equal("Value", (await receiver.WaitForAsync(info)).Single().Headers["X-Additional-Key"]);
    }

    [Fact]
    public async Task Updates_notify_only_for_watched_attributes()
    {
        var type = NewType();
        var sub = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active-watchedAttributes.jsonld", type));
        var entity = Building(type);
        var id = entity["id"]!.GetValue<string>();
        await Broker().CreateAsync(entity); // has airQualityLevel: notified
        await receiver.WaitForAsync(sub, 1);
        await UpdateAsync(id, "name", "Louvre");
        await UpdateAsync(id, "airQualityLevel", 7);
        var all = await receiver.WaitForAsync(sub, 2);
        Assert.Equal(7, all[1].Body["data"]![0]!["airQualityLevel"]!["value"]!.GetValue<int>());
        Assert.Equal("Louvre", all[1].Body["data"]![0]!["name"]!["value"]!.GetValue<string>());
        await AssertQuietAsync(sub, 2);
    }

    [Fact]
    public async Task Show_changes_gives_each_updated_attribute_its_previous_value()
    {
        var type = NewType();
        var subscription = Subscription("subscription-building-entities-active-watchedAttributes.jsonld", type);
        subscription["notification"]!["showChanges"] = true;
        var sub = await Broker().SubscribeAsync(subscription);
        var plain = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active-watchedAttributes.jsonld", type));
        var entity = Building(type);
        var id = entity["id"]!.GetValue<string>();
        var before = entity["airQualityLevel"]!["value"]!.GetValue<int>();
        await Broker().CreateAsync(entity);
        Assert.Null((await receiver.WaitForAsync(sub, 1))[0].Body["data"]![0]!["airQualityLevel"]!["previousValue"]);

        await UpdateAsync(id, "airQualityLevel", before + 1);
        var changed = (await receiver.WaitForAsync(sub, 2))[1].Body["data"]![0]!["airQualityLevel"]!;
        Assert.Equal(before + 1, changed["value"]!.GetValue<int>());
        Assert.Equal(before, changed["previousValue"]!.GetValue<int>());
        // Without showChanges, no previous values.
        Assert.Null((await receiver.WaitForAsync(plain, 2))[1].Body["data"]![0]!["airQualityLevel"]!["previousValue"]);
    }

    [Fact]
    public async Task Q_filters_on_the_entity_after_the_change()
    {
        var type = NewType();
        var s = Subscription("subscription-building-entities-active.jsonld", type);
        s["q"] = "airQualityLevel>5";
        var sub = await Broker().SubscribeAsync(s);
        var entity = Building(type); // airQualityLevel 4
        var id = entity["id"]!.GetValue<string>();
        await Broker().CreateAsync(entity);
        await UpdateAsync(id, "airQualityLevel", 9);
        var all = await receiver.WaitForAsync(sub, 1);
        Assert.Equal(9, all[0].Body["data"]![0]!["airQualityLevel"]!["value"]!.GetValue<int>());
        await AssertQuietAsync(sub, 1);
    }

    [Fact]
    public async Task Other_tenants_changes_do_not_notify()
    {
        var type = NewType();
        var sub = await Broker("notify-a").SubscribeAsync(Subscription("subscription-building-entities-active.jsonld", type));
        await Broker("notify-b").CreateAsync(Building(type));
        await Broker().CreateAsync(Building(type));
        var mine = Building(type);
        await Broker("notify-a").CreateAsync(mine);
        var all = await receiver.WaitForAsync(sub, 1);
        Assert.Equal(mine["id"]!.GetValue<string>(), all[0].Body["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("notify-a", all[0].Headers["NGSILD-Tenant"]);
        await AssertQuietAsync(sub, 1);
    }

    [Fact]
    public async Task Paused_subscriptions_are_not_notified_and_deleted_entities_only_when_asked()
    {
        var type = NewType();
        var paused = await Broker().SubscribeAsync(Subscription("subscription-inactive.jsonld", type));
        var deletions = Subscription("subscription-building-entities-entityDeleted.jsonld", type);
        var onDelete = await Broker().SubscribeAsync(deletions);
        var plain = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active.jsonld", type));
        var entity = Building(type);
        var id = entity["id"]!.GetValue<string>();
        await Broker().CreateAsync(entity);
        await receiver.WaitForAsync(plain, 1);
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Delete, $"/entities/{id}")).StatusCode);
        var deleted = (await receiver.WaitForAsync(onDelete, 1)).Single().Body["data"]![0]!;
        Assert.Equal(id, deleted["id"]!.GetValue<string>());
        Assert.Equal(type, deleted["type"]!.GetValue<string>());
        Assert.NotNull(deleted["deletedAt"]);
        await AssertQuietAsync(plain, 1);
        Assert.Empty(receiver.For(paused));
    }

    [Fact]
    public async Task Throttling_skips_notifications_closer_than_its_seconds()
    {
        var type = NewType();
        var s = Subscription("subscription-valid-throttling.jsonld", type); // 15 s
        var sub = await Broker().SubscribeAsync(s);
        var entity = Building(type);
        var id = entity["id"]!.GetValue<string>();
        await Broker().CreateAsync(entity);
        await receiver.WaitForAsync(sub, 1);
        await UpdateAsync(id, "airQualityLevel", 5);
        await UpdateAsync(id, "airQualityLevel", 6);
        agora.Clock.Advance(TimeSpan.FromSeconds(16));
        await UpdateAsync(id, "airQualityLevel", 7);
        var all = await receiver.WaitForAsync(sub, 2);
        Assert.Equal(7, all[1].Body["data"]![0]!["airQualityLevel"]!.GetValue<int>());
        await AssertQuietAsync(sub, 2);
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_its_notifications_later_with_failures_recorded()
    {
        var type = NewType();
        var s = Subscription("subscription-building-entities-active.jsonld", type);
        s["notification"]!["format"] = "keyValues";
        var sub = await Broker().SubscribeAsync(s);
        receiver.Status = 503;
        try
        {
            var failuresBefore = receiver.Failures;
            await Broker().CreateAsync(Building(type));
            await Eventually.Async(async () => (await OutboxAsync(sub)) is [{ Attempts: 1 }], "the first failed attempt");
            var row = (await OutboxAsync(sub)).Single();
            Assert.Equal(TimeSpan.FromSeconds(1), row.DueAt - row.CreatedAt);
            Assert.NotNull(row.LastError);
            Assert.Null(row.LockedBy);

            var status = await Broker().JsonAsync($"/subscriptions/{sub}");
            var expected = Etsi.Json("notifications/expectations/1-timesSent-failed.json");
            expected["endpoint"]!["uri"] = receiver.Url;
            var notification = status["notification"]!.AsObject();
            Assert.NotNull(notification["lastFailure"]);
            Assert.NotNull(notification["lastNotification"]);
            foreach (var key in new[] { "lastFailure", "lastNotification" }) notification.Remove(key);
            NgsiAssert.Same(expected, notification);

            // Still down: the second attempt waits twice as long.
            agora.Clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.Async(async () => (await OutboxAsync(sub)) is [{ Attempts: 2 }], "the second failed attempt");
            row = (await OutboxAsync(sub)).Single();
            Assert.Equal(TimeSpan.FromSeconds(2), row.DueAt - agora.Clock.GetUtcNow().UtcDateTime.AddTicks(-(agora.Clock.GetUtcNow().UtcDateTime.Ticks % 10)));
            Assert.Empty(receiver.For(sub));
        }
        finally
        {
            receiver.Status = 200;
        }
        agora.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(await receiver.WaitForAsync(sub, 1));
        await Eventually.Async(async () => (await OutboxAsync(sub)).Count == 0, "the delivered row to go");
        var after = await Broker().JsonAsync($"/subscriptions/{sub}");
        Assert.Equal("ok", after["notification"]!["status"]!.GetValue<string>());
        Assert.Equal(3, after["notification"]!["timesSent"]!.GetValue<long>());
        Assert.NotNull(after["notification"]!["lastSuccess"]);
    }

    [Fact]
    public async Task Deleting_a_subscription_drops_its_pending_notifications()
    {
        var type = NewType();
        var sub = await Broker().SubscribeAsync(Subscription("subscription-building-entities-active.jsonld", type));
        receiver.Status = 500;
        try
        {
            await Broker().CreateAsync(Building(type));
            await Eventually.Async(async () => (await OutboxAsync(sub)).Count == 1 && (await OutboxAsync(sub))[0].Attempts >= 1, "a failed attempt");
            Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Delete, $"/subscriptions/{sub}")).StatusCode);
            Assert.Equal(0, await agora.WithDbAsync(db => db.NgsiOutbox.CountAsync(o => o.Payload.Contains(sub))));
        }
        finally
        {
            receiver.Status = 200;
        }
    }

    Task<List<Agora.Context.NgsiOutbox>> OutboxAsync(string subscriptionId) => agora.WithDbAsync(db =>
        db.NgsiOutbox.AsNoTracking()
            .Where(o => db.NgsiSubscriptions.Any(s => s.Key == o.SubscriptionKey && s.Id == subscriptionId)).ToListAsync());

    // Nothing more arrives for the subscription once its outbox is empty and the worker had time to send.
    async Task AssertQuietAsync(string subscriptionId, int count)
    {
        await Eventually.Async(async () => (await OutboxAsync(subscriptionId)).Count == 0, "the outbox to drain");
        await Task.Delay(300);
        Assert.Equal(count, receiver.For(subscriptionId).Count);
    }
}

/// <summary>Periodic subscriptions (timeInterval): the state of their entities on a schedule, not on change.</summary>
public sealed class PeriodicSubscriptionTests(AgoraFactory agora) : IClassFixture<AgoraFactory>, IAsyncLifetime
{
    NotificationReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await NotificationReceiver.StartAsync();
    public async Task DisposeAsync() => await receiver.DisposeAsync();

    NgsiClient Broker() => new(agora.Admin());

    [Fact]
    public async Task A_periodic_subscription_is_sent_the_current_state_each_interval_and_not_each_change()
    {
        var type = "Building" + Guid.NewGuid().ToString("N")[..8];
        var entity = Subscriptions.Building();
        entity["type"] = type;
        await Broker().CreateAsync(entity);
        var subscription = Subscriptions.Fixture("subscription-building-entities-active.jsonld", receiver);
        subscription["entities"]![0]!["type"] = type;
        subscription["timeInterval"] = 60;
        var id = await Broker().SubscribeAsync(subscription);

        var first = (await receiver.WaitForAsync(id)).Single().Body;
        Assert.Equal(entity["id"]!.GetValue<string>(), first["data"]![0]!["id"]!.GetValue<string>());

        // A change does not notify a periodic subscription…
        var update = await Broker().SendAsync(HttpMethod.Patch, $"/entities/{entity["id"]}/attrs", Subscriptions.Attr("name", "Renamed"));
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        var periodic = agora.Services.GetRequiredService<Agora.Context.Subscriptions.PeriodicNotifications>();
        Assert.Equal(0, await periodic.RunOnceAsync(default)); // …nor does the next tick within the interval
        Assert.Single(receiver.For(id));

        // …but the next period sends the state as it is then.
        agora.Clock.Advance(TimeSpan.FromSeconds(61));
        await periodic.RunOnceAsync(default); // or the node's own tick, whichever claims the period first
        var second = (await receiver.WaitForAsync(id, 2))[1].Body;
        Assert.Contains("Renamed", second["data"]![0]!.ToJsonString());
    }
}
