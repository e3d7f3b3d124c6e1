using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Context;

/// <summary>Delivery across nodes: notifications queued while no node delivers are sent by the next
/// node to start, a crashed node's claim is taken over once its lock runs out, and two nodes on one
/// database send each notification once.</summary>
public sealed class SubscriptionDeliveryTests
{
    static NgsiClient Client(WebApplicationFactory<Program> node)
    {
        var http = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {AgoraFactory.AdminToken}");
        return new NgsiClient(http);
    }

    static WebApplicationFactory<Program> DeliveringNode(QuietAgoraFactory storage) =>
        storage.WithWebHostBuilder(b => b.UseSetting("Agora:Context:Notifications:Enabled", "true"));

    [Fact]
    public async Task Notifications_queued_before_a_restart_are_delivered_by_the_next_node()
    {
        await using var storage = new QuietAgoraFactory();
        await ((IAsyncLifetime)storage).InitializeAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        var broker = Client(storage);
        var sub = await broker.SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld", receiver));
        for (var i = 0; i < 5; i++) await broker.CreateAsync(Subscriptions.Building());
        Assert.Equal(5, await storage.WithDbAsync(db => db.NgsiOutbox.CountAsync()));
        Assert.Empty(receiver.All);

        await using (var node = DeliveringNode(storage))
        {
            _ = node.Server; // start it
            await receiver.WaitForAsync(sub, 5);
            await Eventually.Async(async () => await storage.WithDbAsync(db => db.NgsiOutbox.CountAsync()) == 0, "the outbox to drain");
        }
        Assert.Equal(5, receiver.All.Select(r => r.Body["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_node_is_taken_over_when_its_lock_runs_out()
    {
        await using var storage = new QuietAgoraFactory();
        await ((IAsyncLifetime)storage).InitializeAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        var broker = Client(storage);
        var sub = await broker.SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld", receiver));
        await broker.CreateAsync(Subscriptions.Building());
        // As a node that claimed the row and died before sending it would leave it.
        var lockedUntil = storage.Clock.GetUtcNow().UtcDateTime.AddMinutes(1);
        await storage.WithDbAsync(db => db.NgsiOutbox.ExecuteUpdateAsync(u => u
            .SetProperty(o => o.LockedBy, "crashed-node").SetProperty(o => o.LockedUntil, lockedUntil)));

        await using var node = DeliveringNode(storage);
        _ = node.Server;
        await Task.Delay(1500); // a poll or so: the row is still locked
        Assert.Empty(receiver.All);
        storage.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await receiver.WaitForAsync(sub, 1));
    }

    [Fact]
    public async Task Two_nodes_deliver_each_notification_once()
    {
        await using var storage = new QuietAgoraFactory();
        await ((IAsyncLifetime)storage).InitializeAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var first = DeliveringNode(storage);
        await using var second = DeliveringNode(storage);
        var brokers = new[] { Client(first), Client(second) };
        var sub = await brokers[0].SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld", receiver));

        const int count = 60;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => brokers[i % 2].CreateAsync(Subscriptions.Building())));
        await receiver.WaitForAsync(sub, count);
        await Eventually.Async(async () => await storage.WithDbAsync(db => db.NgsiOutbox.CountAsync()) == 0, "the outbox to drain");
        await Task.Delay(500);
        var ids = receiver.For(sub).Select(r => r.Body["id"]!.GetValue<string>()).ToList();
        Assert.Equal(count, ids.Count);
        Assert.Equal(count, ids.Distinct().Count());
        var status = await brokers[1].JsonAsync($"/subscriptions/{sub}");
        Assert.Equal(count, status["notification"]!["timesSent"]!.GetValue<long>());
    }
}
