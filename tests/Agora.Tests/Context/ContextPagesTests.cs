using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Agora.Context;
using Agora.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Context;

/// <summary>The live data pages over entities made through the NGSI-LD API (and the demo city's):
/// overview, type and entity pages with maps and history charts, subscriptions for administrators,
/// and publishing a type's feed as a catalogue dataset with the catalogue's rules.</summary>
public sealed class ContextPagesTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    NgsiClient Broker(string? tenant = null) => new(agora.Admin(), tenant);

    async Task CreateAsync(JsonObject entity, string? tenant = null)
    {
        var response = await Broker(tenant).SendAsync(HttpMethod.Post, "/entities", entity, contentType: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    async Task PatchAsync(string id, JsonObject attrs)
    {
        var response = await Broker().SendAsync(HttpMethod.Patch, $"/entities/{Uri.EscapeDataString(id)}/attrs", attrs, contentType: "application/json");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    static JsonObject Sensor(string id, string type, double value, double lon = 10.2, double lat = 56.15, string? refersTo = null)
    {
        var entity = new JsonObject
        {
            ["id"] = id, ["type"] = type,
            ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = value, ["unitCode"] = "CEL", ["observedAt"] = "2026-01-01T00:00:00Z" },
            ["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } },
        };
        if (refersTo is not null) entity["refSite"] = new JsonObject { ["type"] = "Relationship", ["object"] = refersTo };
        return entity;
    }

    static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} {html}");
        return WebUtility.HtmlDecode(html); // Razor writes °, µ and ³ as character references
    }

    async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var browser = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.UserName, user.Password)).StatusCode);
        return browser;
    }

    async Task<(string Org, HttpClient Editor, HttpClient Outsider)> OrganisationAsync(string prefix)
    {
        var editor = await agora.CreateUserAsync($"{prefix}-editor");
        var outsider = await agora.CreateUserAsync($"{prefix}-outsider");
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} agency", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-editor", new { role = "editor" })).EnsureSuccessStatusCode();
        return (org, await SignedInAsync(editor), await SignedInAsync(outsider));
    }

    [Fact]
    public async Task Overview_lists_entity_types_with_their_counts_and_attributes()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpOverview:1", "CpOverview", 1));
        await CreateAsync(Sensor("urn:ngsi-ld:CpOverview:2", "CpOverview", 2));

        var html = await PageAsync(agora.Anonymous(), "/context");
        Assert.Contains("href=\"/context/types/CpOverview\"", html);
        var row = html[html.IndexOf("/context/types/CpOverview", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(">2<", row);
        Assert.Contains("location, temperature", row);
    }

    [Fact]
    public async Task Tenants_are_kept_apart_and_chosen_with_the_tenant_parameter()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpTenant:1", "CpTenant", 1), tenant: "cp-tenant");
        Assert.DoesNotContain("CpTenant", await PageAsync(agora.Anonymous(), "/context"));
        var html = await PageAsync(agora.Anonymous(), "/context?tenant=cp-tenant");
        Assert.Contains("href=\"/context/types/CpTenant?tenant=cp-tenant\"", html);
        Assert.Contains("urn:ngsi-ld:CpTenant:1", await PageAsync(agora.Anonymous(), "/context/types/CpTenant?tenant=cp-tenant"));
        await PageAsync(agora.Anonymous(), "/context/types/CpTenant", HttpStatusCode.NotFound);
        await PageAsync(agora.Anonymous(), "/context?tenant=bad%20tenant!", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Type_page_shows_latest_values_with_units_and_a_map_and_accepts_the_type_as_iri()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpType:a", "CpType", 21.5, 10.20, 56.15));
        await CreateAsync(Sensor("urn:ngsi-ld:CpType:b", "CpType", 19, 10.22, 56.16));

        var html = await PageAsync(agora.Anonymous(), "/context/types/CpType");
        Assert.Contains("href=\"/context/entities/urn%3Angsi-ld%3ACpType%3Aa\"", html);
        Assert.Contains("21.5", html);
        Assert.Contains("°C", html);
        Assert.Contains("class=\"geomap\"", html);
        Assert.Equal(2, html.Split("class=\"geo-point\"").Length - 1);
        Assert.Contains("/ngsi-ld/v1/entities?type=https%3A%2F%2Furi.etsi.org%2Fngsi-ld%2Fdefault-context%2FCpType", html);

        var byIri = await PageAsync(agora.Anonymous(), "/context/types/" + Uri.EscapeDataString("https://uri.etsi.org/ngsi-ld/default-context/CpType"));
        Assert.Contains("urn:ngsi-ld:CpType:b", byIri);
        await PageAsync(agora.Anonymous(), "/context/types/NoSuchType", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Entity_page_shows_attributes_relationships_and_an_accessible_history_chart()
    {
        await CreateAsync(new JsonObject { ["id"] = "urn:ngsi-ld:CpSite:1", ["type"] = "CpSite" });
        const string id = "urn:ngsi-ld:CpChart:1";
        await CreateAsync(Sensor(id, "CpChart", 10, refersTo: "urn:ngsi-ld:CpSite:1"));
        foreach (var (hour, value) in new[] { (1, 12.5), (2, 15.0), (3, 11.0) })
            await PatchAsync(id, new JsonObject
            {
                ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = value, ["unitCode"] = "CEL", ["observedAt"] = $"2026-01-01T0{hour}:00:00Z" },
            });

        var html = await PageAsync(agora.Anonymous(), $"/context/entities/{Uri.EscapeDataString(id)}");
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tschart\"", html);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-1-title chart-1-desc\"", html);
        Assert.Contains("<title id=\"chart-1-title\">temperature of urn:ngsi-ld:CpChart:1</title>", html);
        Assert.Contains("4 values from 2026-01-01 00:00 UTC to 2026-01-01 03:00 UTC; lowest 10 °C, highest 15 °C, latest 11 °C.", html);
        Assert.Contains("<polyline class=\"ts-line\"", html);
        Assert.Contains("Show data (4 values)", html);
        Assert.Contains("href=\"/ngsi-ld/v1/entities/urn%3Angsi-ld%3ACpChart%3A1\"", html);
        Assert.Contains("href=\"/context/entities/urn%3Angsi-ld%3ACpSite%3A1\"", html);
        Assert.Contains("2026-01-01T03:00:00Z", html);

        // The last N values, or a time window before the latest value.
        Assert.Contains("Show data (2 values)", await PageAsync(agora.Anonymous(), $"/context/entities/{Uri.EscapeDataString(id)}?points=2"));
        Assert.Contains("Show data (3 values)", await PageAsync(agora.Anonymous(), $"/context/entities/{Uri.EscapeDataString(id)}?hours=2"));

        // The target lists who refers to it.
        var site = await PageAsync(agora.Anonymous(), "/context/entities/urn:ngsi-ld:CpSite:1");
        Assert.Contains("href=\"/context/entities/urn%3Angsi-ld%3ACpChart%3A1\"", site);
        await PageAsync(agora.Anonymous(), "/context/entities/urn:ngsi-ld:CpChart:none", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editor_publishes_a_type_as_a_dataset_that_the_ckan_api_shows_with_the_query_as_resource()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpPub:1", "CpPub", 5));
        var (org, editor, _) = await OrganisationAsync("cp-pub");
        Assert.Contains("Publish dataset", await PageAsync(editor, "/context/types/CpPub"));

        var response = await editor.SubmitAsync("/context/types/CpPub", new Dictionary<string, string>
        {
            ["Form.Organisation"] = org, ["Form.Title"] = "Live CpPub sensors", ["Form.Description"] = "Warm ones.",
            ["Form.Licence"] = "CC-BY-4.0", ["Form.Q"] = "temperature>3",
        }, action: "/context/types/CpPub?handler=publish");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("/dataset/live-cppub-sensors", response.Headers.Location!.OriginalString);

        var package = (await (await agora.Anonymous().GetAsync("/api/3/action/package_show?id=live-cppub-sensors")).JsonAsync()).GetProperty("result");
        Assert.Equal(org, package.GetProperty("organization").GetProperty("name").GetString());
        var resource = package.GetProperty("resources")[0];
        Assert.Equal("NGSI-LD", resource.GetProperty("format").GetString());
        Assert.EndsWith("/ngsi-ld/v1/entities?type=https%3A%2F%2Furi.etsi.org%2Fngsi-ld%2Fdefault-context%2FCpPub&q=temperature%3E3",
            resource.GetProperty("url").GetString());
        Assert.Contains(package.GetProperty("extras").EnumerateArray(), e =>
            e.GetProperty("key").GetString() == "ngsi_ld_type" && e.GetProperty("value").GetString() == "https://uri.etsi.org/ngsi-ld/default-context/CpPub");

        // The resource's query answers with the entity.
        var url = new Uri(resource.GetProperty("url").GetString()!);
        var found = await Broker().Http.GetAsync(url.PathAndQuery);
        Assert.Contains("urn:ngsi-ld:CpPub:1", await found.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_who_is_not_an_editor_of_the_organisation_cannot_publish_and_nothing_is_created()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpDeny:1", "CpDeny", 5));
        var (org, _, outsider) = await OrganisationAsync("cp-deny");
        Assert.DoesNotContain("Publish dataset", await PageAsync(outsider, "/context/types/CpDeny"));
        var response = await outsider.SubmitAsync("/context/types/CpDeny", new Dictionary<string, string>
        {
            ["Form.Organisation"] = org, ["Form.Title"] = "Sneaky feed",
        }, action: "/context/types/CpDeny?handler=publish");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.AbsolutePath == "/denied",
            $"{(int)response.StatusCode} {response.Headers.Location}");

        // Anonymous visitors see no form; the sign-in page's token stands in for a forged post.
        var anonymous = await agora.Browser().SubmitAsync("/signin", new Dictionary<string, string>
        {
            ["Form.Organisation"] = org, ["Form.Title"] = "Anonymous feed",
        }, action: "/context/types/CpDeny?handler=publish");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await agora.WithDbAsync(db => db.Datasets.CountAsync(d => d.Name == "sneaky-feed" || d.Name == "anonymous-feed")));
    }

    [Fact]
    public async Task Bad_publish_input_shows_errors_next_to_the_fields_and_creates_nothing()
    {
        await CreateAsync(Sensor("urn:ngsi-ld:CpBad:1", "CpBad", 5));
        var (org, editor, _) = await OrganisationAsync("cp-bad");
        var before = await agora.WithDbAsync(db => db.Datasets.CountAsync());

        var response = await editor.SubmitAsync("/context/types/CpBad", new Dictionary<string, string>
        {
            ["Form.Organisation"] = org, ["Form.Title"] = "", ["Form.Q"] = "((temperature>3",
        }, action: "/context/types/CpBad?handler=publish");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"errors\"", html);
        Assert.Matches("id=\"Form_Title-error\">Give the dataset a title.<", html);
        Assert.Matches("id=\"Form_Q-error\">This is not an NGSI-LD query", html);
        Assert.Contains("aria-invalid=\"true\"", html);

        // A name already in use is the catalogue's own message, next to the title.
        (await agora.Admin().PostAsJsonAsync("/api/3/action/package_create", new { name = "cp-bad-taken", owner_org = org })).EnsureSuccessStatusCode();
        var taken = await editor.SubmitAsync("/context/types/CpBad", new Dictionary<string, string>
        {
            ["Form.Organisation"] = org, ["Form.Title"] = "CP bad taken",
        }, action: "/context/types/CpBad?handler=publish");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("id=\"Form_Title-error\">That URL is already in use.<", await taken.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await agora.WithDbAsync(db => db.Datasets.CountAsync()));
    }

    [Fact]
    public async Task Subscriptions_page_shows_delivery_status_to_administrators_only()
    {
        await agora.WithDbAsync(async db =>
        {
            db.NgsiSubscriptions.Add(new NgsiSubscription
            {
                Id = "urn:ngsi-ld:Subscription:cp-1", IsActive = true, TimesSent = 7, LastFailureReason = "503 from receiver",
                LastFailure = new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc),
                Doc = new JsonObject
                {
                    ["id"] = "urn:ngsi-ld:Subscription:cp-1", ["type"] = "Subscription", ["description"] = "Parking to the app",
                    ["notification"] = new JsonObject { ["endpoint"] = new JsonObject { ["uri"] = "https://receiver.example/notify", ["accept"] = "application/json" } },
                }.ToJsonString(),
            });
            return await db.SaveChangesAsync();
        });
        var admin = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("admin", AgoraFactory.AdminPassword)).StatusCode);
        var html = await PageAsync(admin, "/context/subscriptions");
        Assert.Contains("urn:ngsi-ld:Subscription:cp-1", html);
        Assert.Contains("Parking to the app", html);
        Assert.Contains("https://receiver.example/notify", html);
        Assert.Contains("503 from receiver", html);
        Assert.Contains(">7<", html);

        var user = await SignedInAsync(await agora.CreateUserAsync("cp-subs-user"));
        var refused = await user.GetAsync("/context/subscriptions");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.AbsolutePath == "/denied", $"{(int)refused.StatusCode}");
        var anonymous = await agora.Browser().GetAsync("/context/subscriptions");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.DoesNotContain("receiver.example", await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Demo_city_loads_live_data_with_history_once()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var scope = agora.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoCity>().LoadAsync();
        }
        var overview = await PageAsync(agora.Anonymous(), "/context");
        Assert.Contains("href=\"/context/types/OffStreetParking\"", overview);
        Assert.Equal(6, await agora.WithDbAsync(db => db.NgsiEntityTypes.CountAsync(t => t.Tenant == "" && t.Type.EndsWith("/OffStreetParking"))));
        Assert.Equal(DemoLiveData.Hours, await agora.WithDbAsync(db =>
            db.NgsiHistory.CountAsync(h => h.EntityId == DemoLiveData.ParkingId("harbour-garage") && h.Name.EndsWith("/availableSpotNumber"))));

        var entity = await PageAsync(agora.Anonymous(), "/context/entities/" + Uri.EscapeDataString(DemoLiveData.ParkingId("harbour-garage")));
        Assert.Contains("Show data (48 values)", entity);
        var air = await PageAsync(agora.Anonymous(), "/context/types/AirQualityObserved");
        Assert.Contains("µg/m³", air);

        var package = (await (await agora.Anonymous().GetAsync($"/api/3/action/package_show?id={DemoLiveData.FeedDataset}")).JsonAsync()).GetProperty("result");
        Assert.Equal("NGSI-LD", package.GetProperty("resources")[0].GetProperty("format").GetString());
    }
}
