using System.Net;
using System.Text.Json.Nodes;

namespace Agora.Tests.Context;

/// <summary>Writing history through the Temporal API: importing past readings, adding to them, correcting and
/// deleting instances — each write refused without a token or with bad input, and kept within its tenant.</summary>
public sealed class TemporalWriteTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    static string NewId() => $"urn:ngsi-ld:Vehicle:{Guid.NewGuid():N}";

    static JsonObject At(double value, string observedAt) => new() { ["type"] = "Property", ["value"] = value, ["observedAt"] = observedAt };

    // Three speeds, the latest in the middle of the list; two fuel levels.
    static JsonObject Temporal(string id) => new()
    {
        ["id"] = id, ["type"] = "Vehicle",
        ["speed"] = new JsonArray(At(80, "2020-08-01T12:03:00Z"), At(50, "2020-08-01T13:05:00Z"), At(100, "2020-08-01T12:07:00Z")),
        ["fuelLevel"] = new JsonArray(At(67, "2020-08-01T12:03:00Z"), At(53, "2020-08-01T13:05:00Z")),
    };

    static async Task<double[]> SpeedsAsync(NgsiClient broker, string id, string attr = "speed")
    {
        var entity = await broker.JsonAsync($"/temporal/entities/{id}?options=temporalValues&attrs={attr}", link: null);
        return entity[attr]?["values"]!.AsArray().Select(v => v![0]!.GetValue<double>()).ToArray() ?? [];
    }

    [Fact]
    public async Task A_temporal_representation_creates_the_entity_from_its_latest_instances_and_keeps_the_rest_as_history()
    {
        var id = NewId();
        var broker = Broker();
        var created = await broker.SendAsync(HttpMethod.Post, "/temporal/entities", Temporal(id), contentType: "application/json");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/ngsi-ld/v1/temporal/entities/{Uri.EscapeDataString(id)}", created.Headers.Location!.OriginalString);

        Assert.Equal(new double[] { 80, 100, 50 }, await SpeedsAsync(broker, id));
        Assert.Equal(new double[] { 67, 53 }, await SpeedsAsync(broker, id, "fuelLevel"));
        var current = await broker.JsonAsync($"/entities/{id}?options=keyValues", link: null);
        Assert.Equal(50, current["speed"]!.GetValue<double>());
        Assert.Equal(53, current["fuelLevel"]!.GetValue<double>());

        // Posting again adds instances (204); the current state is the live one and stays.
        var added = await broker.SendAsync(HttpMethod.Post, "/temporal/entities", new JsonObject
        {
            ["id"] = id, ["type"] = "Vehicle", ["speed"] = At(30, "2020-08-01T11:00:00Z"),
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(new double[] { 30, 80, 100, 50 }, await SpeedsAsync(broker, id));
        Assert.Equal(50, (await broker.JsonAsync($"/entities/{id}?options=keyValues", link: null))["speed"]!.GetValue<double>());

        var appended = await broker.SendAsync(HttpMethod.Post, $"/temporal/entities/{id}/attrs", new JsonObject
        {
            ["speed"] = new JsonArray(At(20, "2020-08-01T10:00:00Z"), At(25, "2020-08-01T10:30:00Z")),
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, appended.StatusCode);
        Assert.Equal(new double[] { 20, 25, 30, 80, 100, 50 }, await SpeedsAsync(broker, id));
        var missing = await broker.SendAsync(HttpMethod.Post, $"/temporal/entities/{NewId()}/attrs", new JsonObject { ["speed"] = At(1, "2020-08-01T10:00:00Z") },
            contentType: "application/json");
        await missing.ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Instances_are_corrected_and_deleted_by_their_instanceId_attributes_and_entities_as_a_whole()
    {
        var id = NewId();
        var broker = Broker();
        Assert.Equal(HttpStatusCode.Created, (await broker.SendAsync(HttpMethod.Post, "/temporal/entities", Temporal(id), contentType: "application/json")).StatusCode);
        var instances = (await broker.JsonAsync($"/temporal/entities/{id}?attrs=speed", link: null))["speed"]!.AsArray();
        var first = instances[0]!["instanceId"]!.GetValue<string>();
        var second = instances[1]!["instanceId"]!.GetValue<string>();

        var patched = await broker.SendAsync(HttpMethod.Patch, $"/temporal/entities/{id}/attrs/speed/{Uri.EscapeDataString(first)}",
            new JsonObject { ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 85, ["observedAt"] = "2020-08-01T12:03:00Z" } },
            contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(new double[] { 85, 100, 50 }, await SpeedsAsync(broker, id));

        Assert.Equal(HttpStatusCode.NoContent, (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}/attrs/speed/{Uri.EscapeDataString(second)}")).StatusCode);
        Assert.Equal(new double[] { 85, 50 }, await SpeedsAsync(broker, id));
        await (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}/attrs/speed/{Uri.EscapeDataString(second)}"))
            .ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}/attrs/speed/instance-7"))
            .ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");

        Assert.Equal(HttpStatusCode.NoContent, (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}/attrs/fuelLevel")).StatusCode);
        Assert.Empty(await SpeedsAsync(broker, id, "fuelLevel"));
        Assert.Equal(new double[] { 85, 50 }, await SpeedsAsync(broker, id));

        Assert.Equal(HttpStatusCode.NoContent, (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}")).StatusCode);
        await (await broker.GetAsync($"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await broker.GetAsync($"/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await broker.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Bad_or_anonymous_temporal_writes_are_refused_and_leave_nothing_behind()
    {
        var id = NewId();
        var noTime = Temporal(id);
        noTime["speed"]!.AsArray().Add(new JsonObject { ["type"] = "Property", ["value"] = 1 });
        var error = await (await Broker().SendAsync(HttpMethod.Post, "/temporal/entities", noTime, contentType: "application/json"))
            .ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        Assert.Contains("observedAt", error["detail"]!.GetValue<string>());
        var noType = Temporal(id);
        noType.Remove("type");
        await (await Broker().SendAsync(HttpMethod.Post, "/temporal/entities", noType, contentType: "application/json")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        var anonymous = new NgsiClient(agora.Anonymous());
        await (await anonymous.SendAsync(HttpMethod.Post, "/temporal/entities", Temporal(id), contentType: "application/json"))
            .ErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        await (await Broker().GetAsync($"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");

        // Another tenant's history cannot be deleted, nor its instances changed.
        Assert.Equal(HttpStatusCode.Created, (await Broker("fleet").SendAsync(HttpMethod.Post, "/temporal/entities", Temporal(id), contentType: "application/json")).StatusCode);
        var instanceId = (await Broker("fleet").JsonAsync($"/temporal/entities/{id}?attrs=speed", link: null))["speed"]![0]!["instanceId"]!.GetValue<string>();
        await (await Broker().SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker("other").SendAsync(HttpMethod.Patch, $"/temporal/entities/{id}/attrs/speed/{Uri.EscapeDataString(instanceId)}",
            new JsonObject { ["value"] = 1, ["observedAt"] = "2020-08-01T12:03:00Z" }, contentType: "application/json")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await anonymous.SendAsync(HttpMethod.Delete, $"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal(new double[] { 80, 100, 50 }, await SpeedsAsync(Broker("fleet"), id));
    }
}
