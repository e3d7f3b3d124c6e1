using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Context;

/// <summary>The NGSI-LD entity API against the ETSI fixtures: create, retrieve, attributes, replace,
/// merge, delete; errors in NGSI-LD's own format; nothing half-written.</summary>
public sealed class EntityApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    static string NewId(string type = "Building") => $"urn:ngsi-ld:{type}:{Guid.NewGuid():N}";

    [Fact]
    public async Task Created_entity_reads_back_as_sent_with_its_context_and_expanded_with_the_core_only()
    {
        var id = NewId();
        var entity = Etsi.Entity("entities/building-simple-attributes.jsonld", id);
        var response = await Broker().PostAsync("/entities", entity);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}", response.Headers.Location?.OriginalString);

        var compacted = Etsi.Json("entities/expectations/building-simple-attributes-compacted.json");
        compacted["id"] = id;
        NgsiAssert.Same(compacted, await Broker().JsonAsync($"/entities/{id}"));

        var expanded = Etsi.Json("entities/expectations/building-simple-attributes-expanded.json");
        expanded["id"] = id;
        NgsiAssert.Same(expanded, await Broker().JsonAsync($"/entities/{id}", link: null));

        var simplified = Etsi.Json("entities/expectations/building-simple-attributes-simplified.json");
        simplified["id"] = id;
        NgsiAssert.Same(simplified, await Broker().JsonAsync($"/entities/{id}?options=keyValues", link: null));
    }

    [Fact]
    public async Task Json_ld_answers_carry_the_context_in_the_body_and_json_answers_in_a_link_header()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        var ld = await Broker().GetAsync($"/entities/{id}", Etsi.CompoundContext, "application/ld+json");
        Assert.Equal("application/ld+json", ld.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Etsi.CompoundContext, JsonNode.Parse(await ld.Content.ReadAsStringAsync())!["@context"]!.GetValue<string>());

        var json = await Broker().GetAsync($"/entities/{id}", Etsi.CompoundContext);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Etsi.CompoundContext, json.Headers.GetValues("Link").Single());
        Assert.Null(JsonNode.Parse(await json.Content.ReadAsStringAsync())!["@context"]);
    }

    [Fact]
    public async Task System_attributes_appear_only_when_asked()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var plain = await Broker().JsonAsync($"/entities/{id}");
        Assert.Null(plain["createdAt"]);
        Assert.Null(plain["name"]!["modifiedAt"]);
        var sys = await Broker().JsonAsync($"/entities/{id}?options=sysAttrs");
        Assert.NotNull(sys["createdAt"]);
        Assert.NotNull(sys["name"]!["createdAt"]);
        Assert.NotNull(sys["name"]!["modifiedAt"]);
    }

    [Fact]
    public async Task Creating_an_existing_entity_is_409_already_exists()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        await (await Broker().PostAsync("/entities", Etsi.Entity("entities/building-minimal.jsonld", id)))
            .ErrorAsync(HttpStatusCode.Conflict, "AlreadyExists");
    }

    [Fact]
    public async Task Missing_entities_are_404_resource_not_found()
    {
        await (await Broker().GetAsync($"/entities/{NewId()}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().SendAsync(HttpMethod.Delete, $"/entities/{NewId()}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker().GetAsync("/entities/not-a-uri")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Theory]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\"", "application/ld+json", "InvalidRequest")]
    [InlineData("{\"id\": \"not a uri\", \"type\": \"Building\", \"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld\"}", "application/ld+json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld\"}", "application/ld+json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\"}", "application/ld+json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld\"}", "application/json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [\"a\", 1]}}}", "application/json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"speed\": {\"type\": \"Property\"}}", "application/json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"owner\": {\"type\": \"Relationship\", \"object\": \"no uri\"}}", "application/json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"speed\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"yesterday\"}}", "application/json", "BadRequestData")]
    [InlineData("{\"id\": \"urn:ngsi-ld:Building:x\", \"type\": \"Building\", \"bad name\": 1}", "application/json", "BadRequestData")]
    [InlineData("[1, 2]", "application/json", "BadRequestData")]
    public async Task Bad_entities_are_refused_in_ngsi_ld_format_and_nothing_is_stored(string body, string contentType, string error)
    {
        await (await Broker().SendAsync(HttpMethod.Post, "/entities", rawBody: body, contentType: contentType))
            .ErrorAsync(HttpStatusCode.BadRequest, error);
        Assert.False(await agora.WithDbAsync(db => db.NgsiEntities.AnyAsync(e => e.Id == "urn:ngsi-ld:Building:x")));
    }

    [Fact]
    public async Task Unsupported_media_types_are_415_and_unacceptable_answers_406()
    {
        await (await Broker().SendAsync(HttpMethod.Post, "/entities", rawBody: "<xml/>", contentType: "application/xml"))
            .ErrorAsync(HttpStatusCode.UnsupportedMediaType, "InvalidRequest");
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        await (await Broker().GetAsync($"/entities/{id}", accept: "text/html")).ErrorAsync(HttpStatusCode.NotAcceptable, "InvalidRequest");
    }

    [Fact]
    public async Task An_unreachable_context_is_503_ld_context_not_available()
    {
        var entity = Etsi.Entity("entities/building-minimal.jsonld", NewId());
        entity["@context"] = "http://127.0.0.1:9/no-context-here.jsonld";
        await (await Broker().PostAsync("/entities", entity)).ErrorAsync(HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable");
    }

    [Fact]
    public async Task Writes_without_a_token_are_refused_and_reads_are_open()
    {
        var id = NewId();
        var anonymous = new NgsiClient(agora.Anonymous());
        await (await anonymous.PostAsync("/entities", Etsi.Entity("entities/building-minimal.jsonld", id)))
            .ErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        await anonymous.JsonAsync($"/entities/{id}");
        await (await anonymous.SendAsync(HttpMethod.Delete, $"/entities/{id}")).ErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        await anonymous.JsonAsync($"/entities/{id}");
    }

    [Fact]
    public async Task Appending_attributes_adds_and_replaces_unless_no_overwrite_is_asked()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        var fragment = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "Property", ["value"] = "Tower" },
            ["@context"] = Etsi.CompoundContext,
        };
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().PostAsync($"/entities/{id}/attrs", fragment)).StatusCode);
        Assert.Equal("Tower", (await Broker().JsonAsync($"/entities/{id}"))["name"]!["value"]!.GetValue<string>());

        fragment["name"]!["value"] = "Other";
        var kept = await Broker().PostAsync($"/entities/{id}/attrs?options=noOverwrite", fragment);
        Assert.Equal((HttpStatusCode)207, kept.StatusCode);
        Assert.Equal("name", JsonNode.Parse(await kept.Content.ReadAsStringAsync())!["notUpdated"]![0]!["attributeName"]!.GetValue<string>());
        Assert.Equal("Tower", (await Broker().JsonAsync($"/entities/{id}"))["name"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updating_attributes_changes_only_existing_ones_and_reports_the_rest()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var fragment = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "Property", ["value"] = "Renamed" },
            ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 3 },
            ["@context"] = Etsi.CompoundContext,
        };
        var response = await Broker().SendAsync(HttpMethod.Patch, $"/entities/{id}/attrs", fragment);
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("name", report["updated"]![0]!.GetValue<string>());
        Assert.Equal("speed", report["notUpdated"]![0]!["attributeName"]!.GetValue<string>());
        var entity = await Broker().JsonAsync($"/entities/{id}");
        Assert.Equal("Renamed", entity["name"]!["value"]!.GetValue<string>());
        Assert.Null(entity["speed"]);
    }

    [Fact]
    public async Task A_partial_attribute_update_keeps_the_members_it_does_not_name()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var response = await Broker().SendAsync(HttpMethod.Patch, $"/entities/{id}/attrs/airQualityLevel",
            new JsonObject { ["value"] = 7 }, link: Etsi.CompoundContext, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var attribute = (await Broker().JsonAsync($"/entities/{id}"))["airQualityLevel"]!;
        Assert.Equal(7, attribute["value"]!.GetValue<int>());
        Assert.Equal("C62", attribute["unitCode"]!.GetValue<string>());

        await (await Broker().SendAsync(HttpMethod.Patch, $"/entities/{id}/attrs/nothingHere", new JsonObject { ["value"] = 1 },
            link: Etsi.CompoundContext, contentType: "application/json")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Deleting_an_attribute_removes_it_and_a_second_delete_is_404()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var delete = () => Broker().SendAsync(HttpMethod.Delete, $"/entities/{id}/attrs/name", link: Etsi.CompoundContext);
        Assert.Equal(HttpStatusCode.NoContent, (await delete()).StatusCode);
        Assert.Null((await Broker().JsonAsync($"/entities/{id}"))["name"]);
        await (await delete()).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task Multi_instance_attributes_keep_each_dataset_id_apart()
    {
        var id = NewId("Vehicle");
        await Broker().CreateAsync(Etsi.Entity("entities/vehicle-speed-two-datasetid.jsonld", id));
        var speed = (await Broker().JsonAsync($"/entities/{id}"))["speed"]!.AsArray();
        Assert.Equal(2, speed.Count);
        var datasetId = speed.Select(s => s!["datasetId"]?.GetValue<string>()).First(d => d is not null)!;
        var response = await Broker().SendAsync(HttpMethod.Delete, $"/entities/{id}/attrs/speed?datasetId={Uri.EscapeDataString(datasetId)}", link: Etsi.CompoundContext);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var left = (await Broker().JsonAsync($"/entities/{id}"))["speed"]!;
        Assert.IsType<JsonObject>(left);
        Assert.NotEqual(datasetId, left["datasetId"]?.GetValue<string>());
    }

    [Fact]
    public async Task Replacing_an_entity_drops_attributes_it_does_not_repeat()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var replacement = new JsonObject
        {
            ["type"] = "Building",
            ["name"] = new JsonObject { ["type"] = "Property", ["value"] = "Only name" },
            ["@context"] = Etsi.CompoundContext,
        };
        Assert.Equal(HttpStatusCode.NoContent, (await Broker().SendAsync(HttpMethod.Put, $"/entities/{id}", replacement)).StatusCode);
        var entity = (await Broker().JsonAsync($"/entities/{id}")).AsObject();
        Assert.Equal(["id", "name", "type"], entity.Select(kv => kv.Key).Order());
    }

    [Fact]
    public async Task Merging_an_entity_merges_members_and_deletes_attributes_set_to_null()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-simple-attributes.jsonld", id));
        var patch = new JsonObject
        {
            ["airQualityLevel"] = new JsonObject { ["value"] = 9 },
            ["almostFull"] = "urn:ngsi-ld:null",
            ["brandName"] = new JsonObject { ["type"] = "Property", ["value"] = "Eiffel" },
        };
        var response = await Broker().SendAsync(HttpMethod.Patch, $"/entities/{id}", patch, link: Etsi.CompoundContext, contentType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var entity = await Broker().JsonAsync($"/entities/{id}");
        Assert.Equal(9, entity["airQualityLevel"]!["value"]!.GetValue<int>());
        Assert.Equal("C62", entity["airQualityLevel"]!["unitCode"]!.GetValue<string>());
        Assert.Null(entity["almostFull"]);
        Assert.Equal("Eiffel", entity["brandName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tenants_do_not_see_each_others_entities()
    {
        var id = NewId();
        await Broker("aldport").CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        await Broker("aldport").JsonAsync($"/entities/{id}");
        await (await Broker().GetAsync($"/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker("brimsby").GetAsync($"/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        await (await Broker("brimsby").SendAsync(HttpMethod.Delete, $"/entities/{id}")).ErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound");
        var list = (await Broker("brimsby").JsonAsync($"/entities?id={id}")).AsArray();
        Assert.Empty(list);
        await (await Broker("bad tenant!").GetAsync($"/entities/{id}")).ErrorAsync(HttpStatusCode.BadRequest, "BadRequestData");
    }

    [Fact]
    public async Task Concurrent_appends_to_one_entity_lose_nothing()
    {
        var id = NewId();
        await Broker().CreateAsync(Etsi.Entity("entities/building-minimal.jsonld", id));
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var fragment = new JsonObject { [$"attr{i}"] = new JsonObject { ["type"] = "Property", ["value"] = i } };
            var response = await Broker().SendAsync(HttpMethod.Post, $"/entities/{id}/attrs", fragment, contentType: "application/json");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }));
        var entity = (await Broker().JsonAsync($"/entities/{id}", link: null)).AsObject();
        Assert.Equal(12, entity.Count(kv => kv.Key.StartsWith("attr")));
    }
}
