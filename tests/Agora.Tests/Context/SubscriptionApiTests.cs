using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Context;

/// <summary>/ngsi-ld/v1/subscriptions: create, read, list, update, delete, validation and tenants,
/// with the ETSI subscription fixtures.</summary>
public sealed class SubscriptionApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    Task<int> StoredAsync(string id) => agora.WithDbAsync(db => db.NgsiSubscriptions.CountAsync(s => s.Id == id));

    [Fact]
    public async Task Created_subscription_reads_back_compacted_with_its_status()
    {
        var subscription = Subscriptions.Fixture("subscription-building-entities-active-watchedAttributes-query.jsonld");
        var response = await Broker().PostAsync("/subscriptions", subscription);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = subscription["id"]!.GetValue<string>();
        Assert.Equal($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(id)}", response.Headers.Location?.OriginalString);

        var read = await Broker().JsonAsync($"/subscriptions/{id}");
        Assert.Equal("Building", read["entities"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("airQualityLevel", read["watchedAttributes"]![0]!.GetValue<string>());
        Assert.Equal("name==\"Eiffel%20Tower\"", read["q"]!.GetValue<string>());
        Assert.Equal("active", read["status"]!.GetValue<string>());
        Assert.Equal(0, read["notification"]!["timesSent"]!.GetValue<long>());

        // Read with the core context only, the names show expanded.
        var expanded = await Broker().JsonAsync($"/subscriptions/{id}", link: null);
        Assert.StartsWith("https://", expanded["entities"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Subscription_without_an_id_gets_a_generated_one()
    {
        var subscription = Subscriptions.Fixture("subscription-building-entities-active.jsonld");
        subscription.Remove("id");
        var response = await Broker().PostAsync("/subscriptions", subscription);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = Uri.UnescapeDataString(response.Headers.Location!.OriginalString);
        Assert.StartsWith("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:", location);
        var id = location["/ngsi-ld/v1/subscriptions/".Length..];
        Assert.True(Guid.TryParse(id["urn:ngsi-ld:Subscription:".Length..], out _));
        Assert.Equal(id, (await Broker().JsonAsync($"/subscriptions/{id}"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_taken_id_is_409_already_exists()
    {
        var subscription = Subscriptions.Fixture("subscription-building-entities-active.jsonld");
        await Broker().SubscribeAsync(subscription);
        await (await Broker().PostAsync("/subscriptions", subscription)).ErrorAsync(HttpStatusCode.Conflict, "AlreadyExists");
    }

    [Fact]
    public async Task Listing_pages_and_counts()
    {
        var tenant = "list" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await Broker(tenant).SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld")));
        var response = await Broker(tenant).GetAsync("/subscriptions?limit=2&offset=1&count=true", Etsi.CompoundContext);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("NGSILD-Results-Count").Single());
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(ids.Skip(1), page.Select(s => s!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Update_replaces_the_given_members_and_keeps_the_rest()
    {
        var id = await Broker().SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld"));
        var fragment = Etsi.Json("subscriptions/fragments/subscription-update.json");
        var response = await Broker().SendAsync(HttpMethod.Patch, $"/subscriptions/{id}", fragment, link: Etsi.CompoundContext, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var read = await Broker().JsonAsync($"/subscriptions/{id}");
        Assert.Equal("http://my.second.endpoint.org/notify", read["notification"]!["endpoint"]!["uri"]!.GetValue<string>());
        Assert.Equal("keyValues", read["notification"]!["format"]!.GetValue<string>());
        Assert.Equal("Building", read["entities"]![0]!["type"]!.GetValue<string>());

        var pause = Etsi.Json("subscriptions/fragments/subscription-isActive-false-update.json");
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Patch, $"/subscriptions/{id}", pause, contentType: "application/json")).StatusCode);
        Assert.Equal("paused", (await Broker().JsonAsync($"/subscriptions/{id}"))["status"]!.GetValue<string>());

        var entities = Etsi.Json("subscriptions/fragments/subscription-vehicle-entities.json");
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Patch, $"/subscriptions/{id}", entities, link: Etsi.CompoundContext, contentType: "application/json")).StatusCode);
        Assert.Equal("Vehicle", (await Broker().JsonAsync($"/subscriptions/{id}"))["entities"]![0]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("subscription-invalid-update.json")]
    [InlineData("subscription-null-properties-update.json")]
    [InlineData("subscription-expiresAt-update.json")]
    public async Task Invalid_updates_are_400_and_change_nothing(string fragmentFile)
    {
        var id = await Broker().SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld"));
        var before = await Broker().JsonAsync($"/subscriptions/{id}");
        var fragment = Etsi.Json("subscriptions/fragments/" + fragmentFile);
        await (await Broker().SendAsync(HttpMethod.Patch, $"/subscriptions/{id}", fragment, contentType: "application/json"))
            .ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        NgsiAssert.Same(before, await Broker().JsonAsync($"/subscriptions/{id}"));
    }

    [Fact]
    public async Task Deleted_subscription_is_gone_and_missing_ones_are_404()
    {
        var id = await Broker().SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld"));
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Delete, $"/subscriptions/{id}")).StatusCode);
        await (await Broker().GetAsync($"/subscriptions/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().SendAsync(HttpMethod.Delete, $"/subscriptions/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().SendAsync(HttpMethod.Patch, $"/subscriptions/{id}", new JsonObject { ["isActive"] = false }, contentType: "application/json"))
            .ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(0, await StoredAsync(id));
    }

    [Fact]
    public async Task Subscriptions_are_visible_only_in_their_tenant()
    {
        var id = await Broker("tenant-a").SubscribeAsync(Subscriptions.Fixture("subscription-building-entities-active.jsonld"));
        await Broker("tenant-a").JsonAsync($"/subscriptions/{id}");
        await (await Broker("tenant-b").GetAsync($"/subscriptions/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().GetAsync($"/subscriptions/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.DoesNotContain(id, (await Broker("tenant-b").JsonAsync("/subscriptions?limit=1000")).AsArray().Select(s => s!["id"]!.GetValue<string>()));
        await (await Broker("tenant-b").SendAsync(HttpMethod.Delete, $"/subscriptions/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await Broker("tenant-a").JsonAsync($"/subscriptions/{id}");
    }

    public static TheoryData<string, string> InvalidSubscriptions => new()
    {
        { "fixture", "subscription-empty.jsonld" },
        { "fixture", "subscription-invalid-negative-throttling.jsonld" },
        { "fixture", "subscription-invalid-throttling-timeInterval.jsonld" },
        { "fixture", "subscription-invalid-omit-and-attributes.json" },
        { "fixture", "subscription-invalid-pick-and-attributes.json" },
        { "fixture", "subscription-invalid-same-member-pick-omit.json" },
        { "type", "\"NotASubscription\"" },
        { "entities", "[]" },
        { "entities", "[{\"id\":\"urn:ngsi-ld:Building:1\"}]" },
        { "entities", "[{\"type\":\"Building\",\"idPattern\":\"([\"}]" },
        { "entities", "[{\"type\":\"Building\",\"color\":\"red\"}]" },
        { "q", "\"(name==1\"" },
        { "q", "42" },
        { "geoQ", "{\"georel\":\"near;maxDistance==100\"}" },
        { "throttling", "\"soon\"" },
        { "timeInterval", "0" },
        { "expiresAt", "\"2001-01-01T00:00:00Z\"" },
        { "expiresAt", "\"tomorrow\"" },
        { "isActive", "\"yes\"" },
        { "notification", "{}" },
        { "notification", "{\"endpoint\":{\"uri\":\"not a uri\"}}" },
        { "notification", "{\"endpoint\":{\"uri\":\"ftp://example.org/x\"}}" },
        { "notification", "{\"endpoint\":{\"uri\":\"http://example.org/x\",\"accept\":\"text/html\"}}" },
        { "notification", "{\"format\":\"pretty\",\"endpoint\":{\"uri\":\"http://example.org/x\"}}" },
        { "notification", "{\"attributes\":\"name\",\"endpoint\":{\"uri\":\"http://example.org/x\"}}" },
        { "notification", "{\"endpoint\":{\"uri\":\"http://example.org/x\",\"receiverInfo\":{\"a\":\"b\"}}}" },
        { "notificationTrigger", "[\"whenever\"]" },
        { "colour", "\"blue\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidSubscriptions))]
    public async Task Invalid_subscriptions_are_400_and_nothing_is_stored(string member, string json)
    {
        JsonObject subscription;
        if (member == "fixture")
        {
            subscription = Etsi.Json("subscriptions/" + json);
            subscription["@context"] ??= Etsi.CompoundContext;
        }
        else
        {
            subscription = Subscriptions.Fixture("subscription-building-entities-active.jsonld");
            subscription[member] = JsonNode.Parse(json);
        }
        var id = Subscriptions.NewId();
        if (subscription.Count > 0) subscription["id"] = id;
        await (await Broker().PostAsync("/subscriptions", subscription)).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        Assert.Equal(0, await StoredAsync(id));
    }

    [Fact]
    public async Task Watched_attributes_alone_are_enough_but_not_with_time_interval()
    {
        var subscription = Subscriptions.Fixture("subscription-building-entities-active-watchedAttributes.jsonld");
        subscription.Remove("entities");
        await Broker().SubscribeAsync(subscription);
        var both = Subscriptions.Fixture("subscription-building-entities-active-watchedAttributes.jsonld");
        both["timeInterval"] = 5;
        await (await Broker().PostAsync("/subscriptions", both)).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Fact]
    public async Task Subscription_fixtures_with_options_are_accepted()
    {
        foreach (var name in new[]
        {
            "subscription-building-entities-active-endpoint-info.jsonld", "subscription-building-entities-accept-jsonld.jsonld",
            "subscription-building-entities-active-notificationAttributes.jsonld", "subscription-building-entities-entityDeleted.jsonld",
            "subscription-valid-throttling.jsonld", "subscription-inactive.jsonld", "subscription.jsonld",
        })
        {
            var subscription = Etsi.Json("subscriptions/" + name);
            subscription["id"] = Subscriptions.NewId();
            subscription["@context"] ??= Etsi.CompoundContext;
            var response = await Broker().PostAsync("/subscriptions", subscription);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{name}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Writes_need_a_token()
    {
        var anonymous = new NgsiClient(agora.Anonymous());
        await (await anonymous.PostAsync("/subscriptions", Subscriptions.Fixture("subscription-building-entities-active.jsonld")))
            .ErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized");
    }
}
