using System.Net;
using System.Text.Json.Nodes;

namespace Agora.Tests.Context;

/// <summary>The Temporal API over history written through the entity API: time windows, lastN,
/// attrs, the three representations, aggregation per period, paging, tenants and bad input.</summary>
public sealed class TemporalApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    static string NewId() => $"urn:ngsi-ld:Vehicle:{Guid.NewGuid():N}";

    // speed observed five times over three hours; fuelLevel twice.
    static readonly (double Value, string At)[] Speeds =
    [
        (120, "2020-08-01T12:03:00Z"), (80, "2020-08-01T12:05:00Z"), (100, "2020-08-01T12:07:00Z"),
        (50, "2020-08-01T13:05:00Z"), (40, "2020-08-01T14:07:00Z"),
    ];

    static JsonObject Observed(double value, string at) => new() { ["type"] = "Property", ["value"] = value, ["observedAt"] = at };

    /// <summary>Creates a vehicle with the first speed, then PATCHes the others in: one history row each.</summary>
    async Task<string> VehicleAsync(string? tenant = null, string type = "Vehicle", string? link = null)
    {
        var id = NewId();
        var broker = Broker(tenant);
        var create = await broker.SendAsync(HttpMethod.Post, "/entities", new JsonObject
        {
            ["id"] = id, ["type"] = type, ["speed"] = Observed(Speeds[0].Value, Speeds[0].At),
            ["fuelLevel"] = Observed(67, "2020-08-01T12:03:00Z"),
        }, link: link, contentType: "application/json");
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        foreach (var (value, at) in Speeds.Skip(1))
            await PatchAsync(broker, id, new JsonObject { ["speed"] = Observed(value, at) }, link);
        await PatchAsync(broker, id, new JsonObject { ["fuelLevel"] = Observed(53, "2020-08-01T13:05:00Z") }, link);
        return id;
    }

    static async Task PatchAsync(NgsiClient broker, string id, JsonObject attrs, string? link = null)
    {
        var response = await broker.SendAsync(HttpMethod.Patch, $"/entities/{id}/attrs", attrs, link: link, contentType: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    static double[] Values(JsonNode attribute) => attribute.AsArray().Select(i => i!["value"]!.GetValue<double>()).ToArray();

    [Fact]
    public async Task Normalized_form_lists_every_instance_in_time_order_with_an_instance_id()
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}", link: null);
        Assert.Equal(id, entity["id"]!.GetValue<string>());
        Assert.Equal("Vehicle", entity["type"]!.GetValue<string>());
        var speed = entity["speed"]!.AsArray();
        Assert.Equal(new double[] { 120, 80, 100, 50, 40 }, Values(speed));
        Assert.Equal(Speeds.Select(s => s.At), speed.Select(i => i!["observedAt"]!.GetValue<string>()));
        var instanceIds = speed.Select(i => i!["instanceId"]!.GetValue<string>()).ToList();
        Assert.Equal(5, instanceIds.Distinct().Count());
        Assert.All(instanceIds, i => Assert.StartsWith("urn:ngsi-ld:attribute:instance:", i));
        Assert.Null(speed[0]!["modifiedAt"]);
        Assert.Equal(new double[] { 67, 53 }, Values(entity["fuelLevel"]!));
    }

    [Fact]
    public async Task System_attributes_appear_on_instances_only_when_asked()
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}?options=sysAttrs", link: null);
        Assert.NotNull(entity["speed"]![0]!["createdAt"]);
        Assert.NotNull(entity["speed"]![0]!["modifiedAt"]);
    }

    [Theory]
    [InlineData("timerel=after&timeAt=2020-08-01T12:05:00Z", new double[] { 80, 100, 50, 40 })]
    [InlineData("timerel=before&timeAt=2020-08-01T12:05:00Z", new double[] { 120 })]
    [InlineData("timerel=between&timeAt=2020-08-01T12:05:00Z&endTimeAt=2020-08-01T13:05:00Z", new double[] { 80, 100 })]
    [InlineData("timerel=after&timeAt=2020-08-01T12:00:00Z&lastN=2", new double[] { 50, 40 })]
    [InlineData("lastN=1", new double[] { 40 })]
    public async Task Time_windows_and_lastN_select_the_instances(string parameters, double[] expected)
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}?{parameters}&attrs=speed", link: null);
        Assert.Equal(expected, Values(entity["speed"]!));
        Assert.Null(entity["fuelLevel"]);
    }

    [Fact]
    public async Task An_empty_window_gives_the_entity_without_attributes()
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}?timerel=before&timeAt=2019-01-01T00:00:00Z", link: null);
        NgsiAssert.Same(new JsonObject { ["id"] = id, ["type"] = "Vehicle" }, entity);
    }

    [Fact]
    public async Task Temporal_values_are_value_and_time_pairs()
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}?options=temporalValues&attrs=speed,fuelLevel", link: null);
        var expected = new JsonObject
        {
            ["id"] = id, ["type"] = "Vehicle",
            ["speed"] = new JsonObject
            {
                ["type"] = "Property",
                ["values"] = new JsonArray(Speeds.Select(s => (JsonNode?)new JsonArray(s.Value, s.At)).ToArray()),
            },
            ["fuelLevel"] = new JsonObject
            {
                ["type"] = "Property",
                ["values"] = new JsonArray(new JsonArray(67.0, "2020-08-01T12:03:00Z"), new JsonArray(53.0, "2020-08-01T13:05:00Z")),
            },
        };
        NgsiAssert.Same(expected, entity);
        // format=temporalValues says the same.
        NgsiAssert.Same(expected, await Broker().JsonAsync($"/temporal/entities/{id}?format=temporalValues&attrs=speed,fuelLevel", link: null));
    }

    [Fact]
    public async Task Aggregation_per_hour_gives_exact_sums_averages_minima_maxima_and_counts()
    {
        var id = await VehicleAsync();
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}?options=aggregatedValues&attrs=speed"
            + "&aggrMethods=totalCount,sum,avg,min,max&aggrPeriodDuration=PT1H&timerel=after&timeAt=2020-08-01T12:00:00Z", link: null);
        static JsonArray Triples(params (double Value, int Hour)[] buckets) => new(buckets.Select(b =>
            (JsonNode?)new JsonArray(b.Value, $"2020-08-01T{b.Hour:00}:00:00Z", $"2020-08-01T{b.Hour + 1:00}:00:00Z")).ToArray());
        var expected = new JsonObject
        {
            ["id"] = id, ["type"] = "Vehicle",
            ["speed"] = new JsonObject
            {
                ["type"] = "Property",
                ["totalCount"] = Triples((3, 12), (1, 13), (1, 14)),
                ["sum"] = Triples((300, 12), (50, 13), (40, 14)),
                ["avg"] = Triples((100, 12), (50, 13), (40, 14)),
                ["min"] = Triples((80, 12), (50, 13), (40, 14)),
                ["max"] = Triples((120, 12), (50, 13), (40, 14)),
            },
        };
        NgsiAssert.Same(Normalize(expected), Normalize(entity));
    }

    [Fact]
    public async Task Aggregation_before_counts_periods_back_from_timeAt_and_without_a_period_covers_the_window()
    {
        var id = await VehicleAsync();
        var before = await Broker().JsonAsync($"/temporal/entities/{id}?format=aggregatedValues&attrs=speed"
            + "&aggrMethods=sum&aggrPeriodDuration=PT1H&timerel=before&timeAt=2020-08-01T14:00:00Z", link: null);
        NgsiAssert.Same(Normalize(new JsonArray(
                new JsonArray(300, "2020-08-01T12:00:00Z", "2020-08-01T13:00:00Z"),
                new JsonArray(50, "2020-08-01T13:00:00Z", "2020-08-01T14:00:00Z"))),
            Normalize(before["speed"]!["sum"]));

        var whole = await Broker().JsonAsync($"/temporal/entities/{id}?format=aggregatedValues&attrs=speed"
            + "&aggrMethods=avg,totalCount,distinctCount&timerel=between&timeAt=2020-08-01T12:05:00Z&endTimeAt=2020-08-01T14:00:00Z", link: null);
        NgsiAssert.Same(Normalize(new JsonArray(new JsonArray(230.0 / 3, "2020-08-01T12:05:00Z", "2020-08-01T14:00:00Z"))), Normalize(whole["speed"]!["avg"]));
        Assert.Equal(3, whole["speed"]!["totalCount"]![0]![0]!.GetValue<double>());
        Assert.Equal(3, whole["speed"]!["distinctCount"]![0]![0]!.GetValue<double>());
    }

    [Fact]
    public async Task Aggregation_without_a_window_adds_instances_never_observed_and_keeps_datasets_apart()
    {
        // The test clock stands still: an instance without observedAt is placed at "now", the day of "today".
        var now = agora.Clock.GetUtcNow().UtcDateTime;
        var today = now.Date;
        static string At(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var id = NewId();
        var broker = Broker();
        var create = await broker.SendAsync(HttpMethod.Post, "/entities", new JsonObject
        {
            ["id"] = id, ["type"] = "Vehicle", ["speed"] = Observed(5, At(today.AddDays(-2).AddHours(6))),
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        await PatchAsync(broker, id, new JsonObject { ["speed"] = Observed(10, At(today)) });
        await PatchAsync(broker, id, new JsonObject { ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 20 } });
        var path = $"/temporal/entities/{id}?format=aggregatedValues&attrs=speed&aggrMethods=totalCount,sum,min,max&aggrPeriodDuration=P1D";
        JsonArray Daily(params (double Value, int DaysAgo)[] buckets) => new(buckets.Select(b =>
            (JsonNode?)new JsonArray(b.Value, At(today.AddDays(-b.DaysAgo)), At(today.AddDays(1 - b.DaysAgo)))).ToArray());

        var speed = (await broker.JsonAsync(path, link: null))["speed"]!;
        NgsiAssert.Same(Normalize(new JsonObject
        {
            ["type"] = "Property",
            ["totalCount"] = Daily((1, 2), (2, 0)), ["sum"] = Daily((5, 2), (30, 0)),
            ["min"] = Daily((5, 2), (10, 0)), ["max"] = Daily((5, 2), (20, 0)),
        }), Normalize(speed));

        // A second dataset observed the same day: each datasetId aggregated on its own. (The clock moves on, or the
        // instance written at this same instant would count as written again.)
        agora.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var appended = await broker.SendAsync(HttpMethod.Post, $"/entities/{id}/attrs", new JsonObject
        {
            ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 7, ["observedAt"] = At(today.AddHours(1)), ["datasetId"] = "urn:ngsi-ld:Dataset:rear" },
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, appended.StatusCode);
        var both = (await broker.JsonAsync(path, link: null))["speed"]!.AsArray();
        var main = both.Single(g => g!["datasetId"] is null)!;
        var rear = both.Single(g => g!["datasetId"]?.GetValue<string>() == "urn:ngsi-ld:Dataset:rear")!;
        NgsiAssert.Same(Normalize(Daily((5, 2), (30, 0))), Normalize(main["sum"]));
        NgsiAssert.Same(Normalize(Daily((7, 0))), Normalize(rear["sum"]));
    }

    // Numbers compared as numbers: 300 and 300.0 are the same value.
    static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Normalize(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalize).ToArray()),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(Math.Round(double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture), 9)),
        _ => node?.DeepClone(),
    };

    [Fact]
    public async Task Answers_are_compacted_with_the_requests_context_and_json_ld_carries_it_in_the_body()
    {
        var id = await VehicleAsync(link: Etsi.CompoundContext);
        var compacted = await Broker().JsonAsync($"/temporal/entities/{id}?attrs=speed", link: Etsi.CompoundContext);
        Assert.Equal(5, compacted["speed"]!.AsArray().Count);
        var expanded = await Broker().JsonAsync($"/temporal/entities/{id}", link: null);
        Assert.Null(expanded["speed"]);
        Assert.Equal(5, expanded["https://ngsi-ld-test-suite/context#speed"]!.AsArray().Count);
        Assert.Equal("https://ngsi-ld-test-suite/context#Vehicle", expanded["type"]!.GetValue<string>());

        var ld = await Broker().GetAsync($"/temporal/entities/{id}", accept: "application/ld+json");
        Assert.Equal("application/ld+json", ld.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await ld.Content.ReadAsStringAsync())!["@context"]);
        var json = await Broker().GetAsync($"/temporal/entities/{id}");
        Assert.Contains("rel=\"http://www.w3.org/ns/json-ld#context\"", json.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Time_of_storage_is_used_with_timeproperty_modifiedAt()
    {
        var id = NewId();
        var broker = Broker();
        var start = agora.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(HttpStatusCode.Created, (await broker.SendAsync(HttpMethod.Post, "/entities",
            new JsonObject { ["id"] = id, ["type"] = "Vehicle", ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 1 } },
            contentType: "application/json")).StatusCode);
        agora.Clock.Advance(TimeSpan.FromMinutes(10));
        await PatchAsync(broker, id, new JsonObject { ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 2 } });
        var after = start.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var entity = await broker.JsonAsync($"/temporal/entities/{id}?timeproperty=modifiedAt&timerel=after&timeAt={after}", link: null);
        Assert.Equal(new double[] { 2 }, Values(entity["speed"]!));
        // Never observed: a window on observedAt finds nothing, while no window shows both.
        Assert.Null((await broker.JsonAsync($"/temporal/entities/{id}?timerel=after&timeAt=2000-01-01T00:00:00Z", link: null))["speed"]);
        Assert.Equal(new double[] { 1, 2 }, Values((await broker.JsonAsync($"/temporal/entities/{id}", link: null))["speed"]!));
    }

    [Fact]
    public async Task Deleted_attributes_leave_their_past_values_and_deleted_entities_keep_their_history()
    {
        var id = await VehicleAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Delete, $"/entities/{id}/attrs/fuelLevel")).StatusCode);
        var entity = await Broker().JsonAsync($"/temporal/entities/{id}", link: null);
        Assert.Equal(new double[] { 67, 53 }, Values(entity["fuelLevel"]!));

        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Delete, $"/entities/{id}")).StatusCode);
        var gone = await Broker().JsonAsync($"/temporal/entities/{id}?attrs=speed", link: null);
        Assert.Equal(new double[] { 120, 80, 100, 50, 40 }, Values(gone["speed"]!));
    }

    [Fact]
    public async Task Query_selects_entities_by_type_and_pages_them()
    {
        var type = $"Bus{Guid.NewGuid():N}";
        var ids = new[] { await VehicleAsync(type: type), await VehicleAsync(type: type), await VehicleAsync(type: type) };
        var response = await Broker().GetAsync($"/temporal/entities?type={type}&limit=2&count=true&lastN=1&attrs=speed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("NGSILD-Results-Count").Single());
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(ids.Take(2), page.Select(e => e!["id"]!.GetValue<string>()));
        Assert.All(page, e => Assert.Equal(new double[] { 40 }, Values(e!["speed"]!)));
        var rest = (await Broker().JsonAsync($"/temporal/entities?type={type}&offset=2&timerel=before&timeAt=2020-08-01T12:04:00Z", link: null)).AsArray();
        Assert.Equal(ids[2], rest.Single()!["id"]!.GetValue<string>());
        Assert.Equal(new double[] { 120 }, Values(rest.Single()!["speed"]!));
        Assert.Equal(new double[] { 67 }, Values(rest.Single()!["fuelLevel"]!));
    }

    [Fact]
    public async Task Tenants_see_only_their_own_history()
    {
        var tenant = $"t{Guid.NewGuid():N}";
        var id = await VehicleAsync(tenant);
        Assert.Equal(5, (await Broker(tenant).JsonAsync($"/temporal/entities/{id}", link: null))["speed"]!.AsArray().Count);
        await (await Broker().GetAsync($"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker("other").GetAsync($"/temporal/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Empty((await Broker().JsonAsync("/temporal/entities?type=Vehicle&id=" + id, link: null)).AsArray());
    }

    [Fact]
    public async Task Unknown_entities_are_404_resource_not_found()
    {
        await (await Broker().GetAsync($"/temporal/entities/{NewId()}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().GetAsync("/temporal/entities/not-a-uri")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Theory]
    [InlineData("timerel=after")]
    [InlineData("timerel=during&timeAt=2020-08-01T12:00:00Z")]
    [InlineData("timerel=after&timeAt=yesterday")]
    [InlineData("timeAt=2020-08-01T12:00:00Z")]
    [InlineData("timerel=between&timeAt=2020-08-01T12:00:00Z")]
    [InlineData("timerel=between&timeAt=2020-08-01T12:00:00Z&endTimeAt=2020-08-01T11:00:00Z")]
    [InlineData("timerel=after&timeAt=2020-08-01T12:00:00Z&endTimeAt=2020-08-01T13:00:00Z")]
    [InlineData("lastN=0")]
    [InlineData("lastN=many")]
    [InlineData("timeproperty=deletedAt")]
    [InlineData("options=aggregatedValues")]
    [InlineData("options=aggregatedValues&aggrMethods=median")]
    [InlineData("options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=1 hour")]
    [InlineData("options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT0S")]
    [InlineData("options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=-PT1H")]
    [InlineData("options=everything")]
    [InlineData("format=table")]
    public async Task Bad_temporal_parameters_are_400_bad_request_data(string parameters)
    {
        var id = await VehicleAsync();
        await (await Broker().GetAsync($"/temporal/entities/{id}?{parameters}")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        await (await Broker().GetAsync($"/temporal/entities?type=Vehicle&{parameters}")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }
}
