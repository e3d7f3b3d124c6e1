using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Agora.Context;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Context;

/// <summary>GET /entities with the NGSI-LD query language and geo-queries, /types, /attributes and
/// the batch operations — each tenant-isolated, bad input a 400 and never a 500.</summary>
public sealed class EntityQueryApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    // Each test works in a tenant of its own, so counts are exact.
    static NgsiClient Broker(AgoraFactory agora, string tenant) => new(agora.Admin(), tenant);

    static JsonObject Sensor(string id, double temperature, string status, double lon, double lat) => new()
    {
        ["id"] = id,
        ["type"] = "Sensor",
        ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = temperature, ["unitCode"] = "CEL", ["observedAt"] = "2026-11-01T10:00:00Z" },
        ["status"] = new JsonObject { ["type"] = "Property", ["value"] = status },
        ["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } },
        ["@context"] = Etsi.CoreContext,
    };

    async Task<NgsiClient> SensorsAsync(string tenant)
    {
        var broker = Broker(agora, tenant);
        // Along a line eastwards from (10.40, 55.40): about 630 m apart.
        for (var i = 0; i < 10; i++)
            await broker.CreateAsync(Sensor($"urn:ngsi-ld:Sensor:{i}", 20 + i * 2, i % 2 == 0 ? "on" : "off", 10.40 + i * 0.01, 55.40));
        return broker;
    }

    static async Task<List<string>> IdsAsync(NgsiClient broker, string query)
    {
        var list = (await broker.JsonAsync("/entities?" + query, link: null)).AsArray();
        return list.Select(e => e!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Q_filters_by_values_with_and_or_ranges_and_lists()
    {
        var broker = await SensorsAsync("q1");
        Assert.Equal(["urn:ngsi-ld:Sensor:6", "urn:ngsi-ld:Sensor:8"], await IdsAsync(broker, "type=Sensor&q=" + Uri.EscapeDataString("temperature>30;status==\"on\"")));
        Assert.Equal(5, (await IdsAsync(broker, "type=Sensor&q=" + Uri.EscapeDataString("temperature==20..28"))).Count);
        Assert.Equal(3, (await IdsAsync(broker, "type=Sensor&q=" + Uri.EscapeDataString("temperature==20,22,38"))).Count);
        Assert.Equal(6, (await IdsAsync(broker, "type=Sensor&q=" + Uri.EscapeDataString("temperature<24|status==\"on\""))).Count);
        Assert.Empty(await IdsAsync(broker, "type=Sensor&q=" + Uri.EscapeDataString("humidity>1")));
        Assert.Equal(10, (await IdsAsync(broker, "type=Sensor&q=temperature&limit=100")).Count);
    }

    [Fact]
    public async Task Count_limit_and_offset_page_through_results()
    {
        var broker = await SensorsAsync("paging");
        var response = await broker.GetAsync("/entities?type=Sensor&limit=3&offset=3&count=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("NGSILD-Results-Count").Single());
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["urn:ngsi-ld:Sensor:3", "urn:ngsi-ld:Sensor:4", "urn:ngsi-ld:Sensor:5"], page.Select(e => e!["id"]!.GetValue<string>()));
        var none = await broker.GetAsync("/entities?type=Sensor&limit=0&count=true");
        Assert.Equal("10", none.Headers.GetValues("NGSILD-Results-Count").Single());
    }

    [Fact]
    public async Task Geo_queries_select_by_distance_and_area()
    {
        var broker = await SensorsAsync("geo");
        var near = await IdsAsync(broker, "type=Sensor&georel=" + Uri.EscapeDataString("near;maxDistance==1500") + "&geometry=Point&coordinates=" + Uri.EscapeDataString("[10.40,55.40]"));
        Assert.Equal(["urn:ngsi-ld:Sensor:0", "urn:ngsi-ld:Sensor:1", "urn:ngsi-ld:Sensor:2"], near);
        var far = await IdsAsync(broker, "type=Sensor&limit=100&georel=" + Uri.EscapeDataString("near;minDistance==5000") + "&geometry=Point&coordinates=" + Uri.EscapeDataString("[10.40,55.40]"));
        Assert.Equal(["urn:ngsi-ld:Sensor:8", "urn:ngsi-ld:Sensor:9"], far);
        var within = await IdsAsync(broker, "type=Sensor&georel=within&geometry=Polygon&coordinates="
            + Uri.EscapeDataString("[[[10.445,55.39],[10.475,55.39],[10.475,55.41],[10.445,55.41],[10.445,55.39]]]"));
        Assert.Equal(["urn:ngsi-ld:Sensor:5", "urn:ngsi-ld:Sensor:6", "urn:ngsi-ld:Sensor:7"], within);
    }

    async Task<HttpResponseMessage> PostQueryAsync(NgsiClient broker, JsonObject query, string url = "") =>
        await broker.SendAsync(HttpMethod.Post, "/entityOperations/query" + url, query, contentType: "application/json");

    static async Task<List<string>> IdsOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsArray().Select(e => e!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task A_query_posted_as_a_query_object_answers_as_the_same_get()
    {
        var broker = await SensorsAsync("post-query");
        var q = await PostQueryAsync(broker, new JsonObject
        {
            ["type"] = "Query", ["entities"] = new JsonArray(new JsonObject { ["type"] = "Sensor" }), ["q"] = "temperature>30;status==\"on\"",
        });
        Assert.Equal(["urn:ngsi-ld:Sensor:6", "urn:ngsi-ld:Sensor:8"], await IdsOfAsync(q));

        var near = await PostQueryAsync(broker, new JsonObject
        {
            ["type"] = "Query", ["entities"] = new JsonArray(new JsonObject { ["type"] = "Sensor" }),
            ["geoQ"] = new JsonObject { ["georel"] = "near;maxDistance==1500", ["geometry"] = "Point", ["coordinates"] = new JsonArray(10.40, 55.40) },
            ["attrs"] = new JsonArray("status"),
        });
        var entities = JsonNode.Parse(await near.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["urn:ngsi-ld:Sensor:0", "urn:ngsi-ld:Sensor:1", "urn:ngsi-ld:Sensor:2"], entities.Select(e => e!["id"]!.GetValue<string>()));
        Assert.All(entities, e => Assert.Null(e!["temperature"]));

        var paged = await PostQueryAsync(broker, new JsonObject
        {
            ["type"] = "Query", ["entities"] = new JsonArray(new JsonObject { ["id"] = "urn:ngsi-ld:Sensor:1" }, new JsonObject { ["id"] = "urn:ngsi-ld:Sensor:2" }),
        }, "?count=true&limit=1");
        Assert.Equal("2", paged.Headers.GetValues("NGSILD-Results-Count").Single());
        Assert.Single(await IdsOfAsync(paged));
    }

    [Fact]
    public async Task Bad_query_objects_are_refused_in_ngsi_ld_errors()
    {
        var broker = Broker(agora, "post-query-bad");
        await (await PostQueryAsync(broker, new JsonObject { ["type"] = "Query" })).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        await (await PostQueryAsync(broker, new JsonObject { ["type"] = "Subscription", ["entities"] = new JsonArray(new JsonObject { ["type"] = "Sensor" }) }))
            .ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        await (await PostQueryAsync(broker, new JsonObject { ["entities"] = "Sensor" })).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        await (await PostQueryAsync(broker, new JsonObject { ["entities"] = new JsonArray(new JsonObject { ["type"] = "Sensor" }), ["q"] = "(temperature>3" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
        await (await PostQueryAsync(broker, new JsonObject
        {
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "Sensor" }, new JsonObject { ["id"] = "urn:ngsi-ld:Sensor:1", ["type"] = "Sensor" }),
        })).ErrorAsync(HttpStatusCode.UnprocessableEntity, "OperationNotSupported");
        await (await broker.SendAsync(HttpMethod.Post, "/entityOperations/query", rawBody: "{", contentType: "application/json"))
            .ErrorAsync(HttpStatusCode.BadRequest, "InvalidRequest");
    }

    static string Near(double lon, double lat, string? geoProperty = null) =>
        "type=Sensor&georel=" + Uri.EscapeDataString("near;maxDistance==200") + "&geometry=Point&coordinates="
        + Uri.EscapeDataString(FormattableString.Invariant($"[{lon},{lat}]")) + (geoProperty is null ? "" : "&geoproperty=" + geoProperty);

    [Fact]
    public async Task The_spatial_index_follows_moves_second_geoproperties_and_deletes()
    {
        var broker = await SensorsAsync("geo-index");
        Assert.Equal(["urn:ngsi-ld:Sensor:3"], await IdsAsync(broker, Near(10.43, 55.40)));

        // Moved: found at its new place only.
        var moved = await broker.SendAsync(HttpMethod.Patch, "/entities/urn:ngsi-ld:Sensor:3/attrs", new JsonObject
        {
            ["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(10.60, 55.50) } },
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Empty(await IdsAsync(broker, Near(10.43, 55.40)));
        Assert.Equal(["urn:ngsi-ld:Sensor:3"], await IdsAsync(broker, Near(10.60, 55.50)));

        // A second GeoProperty far from the location: each is found by its own name and place, not the other's.
        var added = await broker.SendAsync(HttpMethod.Post, "/entities/urn:ngsi-ld:Sensor:4/attrs", new JsonObject
        {
            ["observationSpace"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(10.70, 55.60) } },
        }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(["urn:ngsi-ld:Sensor:4"], await IdsAsync(broker, Near(10.70, 55.60, "observationSpace")));
        Assert.Empty(await IdsAsync(broker, Near(10.70, 55.60)));
        Assert.Empty(await IdsAsync(broker, Near(10.44, 55.40, "observationSpace")));
        Assert.Equal(["urn:ngsi-ld:Sensor:4"], await IdsAsync(broker, Near(10.44, 55.40)));

        // Deleted attribute, deleted entity: gone from the answers.
        Assert.Equal(HttpStatusCode.NoContent, (await broker.SendAsync(HttpMethod.Delete, "/entities/urn:ngsi-ld:Sensor:4/attrs/observationSpace")).StatusCode);
        Assert.Empty(await IdsAsync(broker, Near(10.70, 55.60, "observationSpace")));
        Assert.Equal(HttpStatusCode.NoContent, (await broker.SendAsync(HttpMethod.Delete, "/entities/urn:ngsi-ld:Sensor:3")).StatusCode);
        Assert.Empty(await IdsAsync(broker, Near(10.60, 55.50)));

        if (AgoraFactory.UsesPostgres)
        {
            // The GiST index serves the query as EntityQueries writes it (its expression must match the index's).
            var sql = EntityQueries.GeoCandidates(postgres: true).Replace("@geoProperty", "'https://uri.etsi.org/ngsi-ld/location'")
                .Replace("@gMinX", "10.0").Replace("@gMinY", "55.0").Replace("@gMaxX", "10.1").Replace("@gMaxY", "55.1");
            var plan = await agora.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
                var lines = await db.Database.SqlQuery<string>(FormattableStringFactory.Create("EXPLAIN " + sql)).ToListAsync();
                await db.Database.ExecuteSqlRawAsync("RESET enable_seqscan");
                return string.Join("\n", lines);
            });
            Assert.Contains("ix_ngsi_attrs_geo", plan);
        }
        else
        {
            // The R*Tree holds exactly the entities with a GeoProperty, each with the box around all of them.
            var stale = await agora.WithDbAsync(db => db.Database.SqlQueryRaw<long>("""
                SELECT count(*) AS "Value" FROM ngsi_geo r
                WHERE NOT EXISTS (SELECT 1 FROM ngsi_attrs a WHERE a.entity_key = r.id AND a.min_x IS NOT NULL)
                   OR r.min_x > (SELECT min(min_x) FROM ngsi_attrs a WHERE a.entity_key = r.id)
                   OR r.max_x < (SELECT max(max_x) FROM ngsi_attrs a WHERE a.entity_key = r.id)
                """).SingleAsync());
            var missing = await agora.WithDbAsync(db => db.Database.SqlQueryRaw<long>("""
                SELECT count(DISTINCT a.entity_key) AS "Value" FROM ngsi_attrs a
                WHERE a.min_x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ngsi_geo r WHERE r.id = a.entity_key)
                """).SingleAsync());
            Assert.Equal((0L, 0L), (stale, missing));
        }
    }

    [Fact]
    public async Task Ids_id_patterns_and_attrs_select_and_shape_entities()
    {
        var broker = await SensorsAsync("ids");
        Assert.Equal(["urn:ngsi-ld:Sensor:1", "urn:ngsi-ld:Sensor:4"], await IdsAsync(broker, "id=urn:ngsi-ld:Sensor:4,urn:ngsi-ld:Sensor:1"));
        Assert.Equal(["urn:ngsi-ld:Sensor:7"], await IdsAsync(broker, "type=Sensor&idPattern=" + Uri.EscapeDataString("^urn:ngsi-ld:Sensor:[7]$")));
        var shaped = (await broker.JsonAsync("/entities?type=Sensor&attrs=status&limit=1", link: null))[0]!.AsObject();
        Assert.Equal(["id", "status", "type"], shaped.Select(kv => kv.Key).Order());
        var picked = (await broker.JsonAsync("/entities?type=Sensor&pick=id,temperature&limit=1&options=keyValues", link: null))[0]!.AsObject();
        Assert.Equal(["id", "temperature"], picked.Select(kv => kv.Key).Order());
        Assert.Equal(20, picked["temperature"]!.GetValue<int>());
    }

    [Fact]
    public async Task Types_and_attributes_list_what_the_tenant_holds()
    {
        var broker = await SensorsAsync("types");
        var types = await broker.JsonAsync("/types", link: null);
        Assert.Equal(["Sensor"], types["typeList"]!.AsArray().Select(t => t!.GetValue<string>()));
        var info = await broker.JsonAsync("/types/Sensor", link: null);
        Assert.Equal(10, info["entityCount"]!.GetValue<int>());
        var attributes = await broker.JsonAsync("/attributes", link: null);
        Assert.Equal(["location", "status", "temperature"], attributes["attributeList"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        var empty = await Broker(agora, "nobody-here").JsonAsync("/types", link: null);
        Assert.Empty(empty["typeList"]!.AsArray());
    }

    [Theory]
    [InlineData("type=Sensor&q=temperature==")]
    [InlineData("type=Sensor&q=temperature>3;;")]
    [InlineData("type=Sensor&q=(temperature>3")]
    [InlineData("type=Sensor&q=status~=(")]
    [InlineData("type=Sensor&georel=near&geometry=Point&coordinates=[1,2]")]
    [InlineData("type=Sensor&georel=within&geometry=Polygon&coordinates=[[[1,2],[3,4]]]")]
    [InlineData("type=Sensor&georel=near;maxDistance==10&geometry=Point")]
    [InlineData("type=Sensor&geometry=Point&coordinates=[200,95]&georel=near;maxDistance==10")]
    [InlineData("idPattern=[")]
    [InlineData("id=not%20a%20uri")]
    [InlineData("type=Sensor&limit=-1")]
    [InlineData("type=Sensor&limit=abc")]
    [InlineData("type=Sensor&options=shiny")]
    [InlineData("type=Sensor&pick=id&omit=id")]
    public async Task Bad_queries_are_400_bad_request_data(string query)
    {
        var broker = Broker(agora, "bad");
        await (await broker.GetAsync("/entities?" + query)).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Fact]
    public async Task Asking_for_more_than_a_thousand_is_403_too_many_results()
    {
        await (await Broker(agora, "big").GetAsync("/entities?type=Sensor&limit=5000")).ErrorAsync(HttpStatusCode.Forbidden, "TooManyResults");
    }

    [Fact]
    public async Task The_etsi_invalid_type_fixture_is_refused()
    {
        var broker = Broker(agora, "invalid-type");
        await (await broker.PostAsync("/entities", Etsi.Json("entities/invalid-type.jsonld"))).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Fact]
    public async Task Batch_create_reports_each_failure_and_keeps_the_successes()
    {
        var broker = Broker(agora, "batch-create");
        var batch = new JsonArray(
            Sensor("urn:ngsi-ld:Sensor:a", 1, "on", 10, 55),
            Sensor("urn:ngsi-ld:Sensor:b", 2, "on", 10, 55),
            new JsonObject { ["id"] = "not a uri", ["type"] = "Sensor", ["@context"] = Etsi.CoreContext });
        var response = await broker.PostAsync("/entityOperations/create", batch);
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["urn:ngsi-ld:Sensor:a", "urn:ngsi-ld:Sensor:b"], body["success"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/BadRequestData", body["errors"]![0]!["error"]!["type"]!.GetValue<string>());

        var again = await broker.PostAsync("/entityOperations/create", new JsonArray(Sensor("urn:ngsi-ld:Sensor:a", 1, "on", 10, 55)));
        Assert.Equal((HttpStatusCode)207, again.StatusCode);
        Assert.Contains("AlreadyExists", await again.Content.ReadAsStringAsync());

        var all = new JsonArray(Sensor("urn:ngsi-ld:Sensor:c", 1, "on", 10, 55), Sensor("urn:ngsi-ld:Sensor:d", 1, "on", 10, 55));
        var created = await broker.PostAsync("/entityOperations/create", all);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Batch_upsert_creates_then_replaces_or_updates()
    {
        var broker = Broker(agora, "batch-upsert");
        var first = await broker.PostAsync("/entityOperations/upsert", new JsonArray(Sensor("urn:ngsi-ld:Sensor:u", 1, "on", 10, 55)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await broker.PostAsync("/entityOperations/upsert", new JsonArray(Sensor("urn:ngsi-ld:Sensor:u", 5, "off", 10, 55)))).StatusCode);
        var entity = await broker.JsonAsync("/entities/urn:ngsi-ld:Sensor:u", link: null);
        Assert.Equal(5, entity["temperature"]!["value"]!.GetValue<int>());

        var partial = new JsonObject
        {
            ["id"] = "urn:ngsi-ld:Sensor:u", ["type"] = "Sensor",
            ["battery"] = new JsonObject { ["type"] = "Property", ["value"] = 0.5 }, ["@context"] = Etsi.CoreContext,
        };
        Assert.Equal(HttpStatusCode.NoContent, (await broker.PostAsync("/entityOperations/upsert?options=update", new JsonArray(partial))).StatusCode);
        entity = await broker.JsonAsync("/entities/urn:ngsi-ld:Sensor:u", link: null);
        Assert.NotNull(entity["battery"]);
        Assert.NotNull(entity["temperature"]);
    }

    [Fact]
    public async Task Batch_delete_deletes_what_exists_and_reports_the_rest()
    {
        var broker = Broker(agora, "batch-delete");
        await broker.CreateAsync(Sensor("urn:ngsi-ld:Sensor:x", 1, "on", 10, 55));
        var response = await broker.PostAsync("/entityOperations/delete", new JsonArray("urn:ngsi-ld:Sensor:x", "urn:ngsi-ld:Sensor:missing"));
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:ngsi-ld:Sensor:x", body["success"]![0]!.GetValue<string>());
        Assert.Equal("urn:ngsi-ld:Sensor:missing", body["errors"]![0]!["entityId"]!.GetValue<string>());
        Assert.False(await agora.WithDbAsync(db => db.NgsiEntities.AnyAsync(e => e.Tenant == "batch-delete")));
    }

    [Fact]
    public async Task Every_change_is_kept_in_history()
    {
        var broker = Broker(agora, "history");
        await broker.CreateAsync(Sensor("urn:ngsi-ld:Sensor:h", 1, "on", 10, 55));
        for (var i = 0; i < 3; i++)
        {
            var fragment = new JsonObject { ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = 10 + i, ["observedAt"] = $"2026-11-01T1{i}:30:00Z" } };
            var response = await broker.SendAsync(HttpMethod.Patch, "/entities/urn:ngsi-ld:Sensor:h/attrs", fragment, contentType: "application/json");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        var values = await agora.WithDbAsync(db => db.NgsiHistory.Where(h => h.Tenant == "history" && h.Name.EndsWith("temperature"))
            .OrderBy(h => h.Seq).Select(h => h.Num).ToListAsync());
        Assert.Equal([1, 10, 11, 12], values);
    }
}
