using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Context;

/// <summary>A notification receiver: a tiny Kestrel app on a loopback port that keeps what it was sent,
/// and answers <see cref="Status"/> (set it to 500 to play a receiver that is down).</summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    public sealed record Received(JsonObject Body, string? ContentType, IReadOnlyDictionary<string, string> Headers);

    readonly WebApplication app;
    readonly ConcurrentQueue<Received> received = new();
    int failures;

    public volatile int Status = 200;
    public string Url { get; }
    public IReadOnlyList<Received> All => received.ToList();
    public int Failures => failures;

    NotificationReceiver(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public static async Task<NotificationReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        NotificationReceiver? self = null;
        app.MapPost("/notify", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body);
            if (self!.Status >= 300)
            {
                Interlocked.Increment(ref self.failures);
                return Results.StatusCode(self.Status);
            }
            self.received.Enqueue(new Received(body!.AsObject(), http.Request.ContentType,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new NotificationReceiver(app, address + "/notify");
        return self;
    }

    /// <summary>The notifications of one subscription received so far.</summary>
    public List<Received> For(string subscriptionId) =>
        received.Where(r => r.Body["subscriptionId"]?.GetValue<string>() == subscriptionId).ToList();

    /// <summary>Waits (up to 10 s) until a subscription has at least <paramref name="count"/> notifications.</summary>
    public async Task<List<Received>> WaitForAsync(string subscriptionId, int count = 1)
    {
        await Eventually.Async(() => Task.FromResult(For(subscriptionId).Count >= count),
            $"{count} notification(s) for {subscriptionId}; got {For(subscriptionId).Count}");
        return For(subscriptionId);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

public static class Eventually
{
    /// <summary>Polls until the condition holds, failing after <paramref name="seconds"/> (generous: CI machines are slow).</summary>
    public static async Task Async(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds)) Assert.Fail($"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}

/// <summary>A node that keeps the shared storage but delivers nothing, so tests choose which nodes deliver.</summary>
public sealed class QuietAgoraFactory : AgoraFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:Context:Notifications:Enabled", "false");
    }
}

public static class Subscriptions
{
    public static string NewId() => $"urn:ngsi-ld:Subscription:{Guid.NewGuid():N}";

    /// <summary>An ETSI subscription fixture with a fresh id, notifying <paramref name="receiver"/>.</summary>
    public static JsonObject Fixture(string name, NotificationReceiver? receiver = null, string? id = null)
    {
        var s = Etsi.Json("subscriptions/" + name);
        s["id"] = id ?? NewId();
        s.Remove("timeInterval");
        if (receiver is not null) s["notification"]!["endpoint"]!["uri"] = receiver.Url;
        return s;
    }

    public static async Task<string> SubscribeAsync(this NgsiClient broker, JsonObject subscription)
    {
        var response = await broker.PostAsync("/subscriptions", subscription);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return subscription["id"]!.GetValue<string>();
    }

    public static JsonObject Building(string? id = null) => Etsi.Entity("entities/building-simple-attributes.jsonld", id ?? $"urn:ngsi-ld:Building:{Guid.NewGuid():N}");

    public static JsonObject Attr(string name, JsonNode value) => new()
    {
        [name] = new JsonObject { ["type"] = "Property", ["value"] = value },
        ["@context"] = Etsi.CompoundContext,
    };
}
