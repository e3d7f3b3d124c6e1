using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Agora.Tests;

/// <summary>package_search over a small catalogue built through the API once for the class.</summary>
public sealed class SearchCatalogueFactory : AgoraFactory
{
    public TestUser Editor { get; private set; } = null!;
    public TestUser Outsider { get; private set; } = null!;

    public async Task SeedAsync()
    {
        if (Editor is not null) return;
        Editor = await CreateUserAsync("srch-editor");
        Outsider = await CreateUserAsync("srch-outsider");
        foreach (var (slug, name) in new[] { ("srch-city", "Search City"), ("srch-region", "Search Region") })
        {
            (await Editor.Client.PostAsJsonAsync("/api/v1/organisations", new { name, slug, kind = "public-agency", level = "municipal" })).EnsureSuccessStatusCode();
        }
        await Admin().OkAsync("group_create", new { name = "srch-mobility", title = "Mobility" });
        object Dataset(string name, string title, string org, string[] tags, string format, string notes, bool isPrivate = false, string[]? groups = null) => new
        {
            name, title, owner_org = org, notes, @private = isPrivate, license_id = "CC-BY-4.0",
            tags = tags.Select(t => new { name = t }), groups = (groups ?? []).Select(g => new { name = g }),
            resources = new[] { new { url = $"https://data.example/{name}.{format.ToLowerInvariant()}", format } },
        };
        foreach (var d in new[]
                 {
                     Dataset("air-quality-stations", "Air quality stations", "srch-city", ["air", "environment"], "CSV", "Hourly nitrogen dioxide and particulate readings from twelve stations."),
                     Dataset("noise-levels", "Noise levels", "srch-city", ["environment", "noise"], "JSON", "Street noise measured at night near the harbour."),
                     Dataset("bus-stops", "Bus stops", "srch-region", ["transport"], "CSV", "Every regional bus stop with its location.", groups: ["srch-mobility"]),
                     Dataset("bike-counts", "Cycle counts", "srch-region", ["transport", "cycling"], "XLSX", "Bicycles counted at bridges; air temperature included.", groups: ["srch-mobility"]),
                     Dataset("secret-air-plans", "Air plans (internal)", "srch-city", ["air"], "PDF", "Internal planning notes about air quality.", isPrivate: true),
                 })
        {
            Clock.Advance(TimeSpan.FromSeconds(1)); // each a little newer than the one before
            await Editor.Client.OkAsync("package_create", d);
        }
    }
}

public sealed class PackageSearchTests(SearchCatalogueFactory agora) : IClassFixture<SearchCatalogueFactory>
{
    async Task<JsonElement> Search(object query, HttpClient? client = null)
    {
        await agora.SeedAsync();
        return await (client ?? agora.Anonymous()).OkAsync("package_search", query);
    }

    static string[] Names(JsonElement result) => result.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task No_query_finds_every_public_dataset_newest_first_with_the_default_sort()
    {
        var result = await Search(new { });
        Assert.Equal(4, result.GetProperty("count").GetInt32());
        Assert.Equal("score desc, metadata_modified desc", result.GetProperty("sort").GetString());
        Assert.Equal(["bike-counts", "bus-stops", "noise-levels", "air-quality-stations"], Names(result));
    }

    [Fact]
    public async Task Free_text_matches_words_anywhere_and_ranks_title_matches_first()
    {
        var result = await Search(new { q = "air" });
        Assert.Equal(["air-quality-stations", "bike-counts"], Names(result));
        Assert.Equal(["noise-levels"], Names(await Search(new { q = "harbour night" })));
        Assert.Empty(Names(await Search(new { q = "harbour bicycles" })));
        Assert.Equal(["air-quality-stations"], Names(await Search(new { q = "\"nitrogen dioxide\"" })));
        Assert.Equal(["bike-counts"], Names(await Search(new { q = "bicycl*" })));
    }

    [Fact]
    public async Task Fields_booleans_and_filters_combine()
    {
        Assert.Equal(["bike-counts", "bus-stops"], Names(await Search(new { q = "tags:transport", sort = "name asc" })));
        Assert.Equal(["air-quality-stations", "bike-counts", "bus-stops"], Names(await Search(new { q = "tags:transport OR tags:air", sort = "name asc" })));
        Assert.Equal(["noise-levels"], Names(await Search(new { q = "tags:environment AND NOT tags:air" })));
        Assert.Equal(["noise-levels"], Names(await Search(new { q = "environment -air" })));
        Assert.Equal(["bus-stops"], Names(await Search(new { fq = "organization:srch-region", q = "res_format:CSV" })));
        Assert.Equal(["bike-counts"], Names(await Search(new { fq_list = new[] { "groups:srch-mobility", "res_format:XLSX" } })));
        Assert.Equal(4, (await Search(new { q = "metadata_modified:[2000-01-01T00:00:00Z TO *]" })).GetProperty("count").GetInt32());
        Assert.Equal(0, (await Search(new { q = "metadata_modified:[* TO 2000-01-01T00:00:00Z]" })).GetProperty("count").GetInt32());
        Assert.Equal(["air-quality-stations", "bike-counts", "bus-stops", "noise-levels"], Names(await Search(new { sort = "title_string asc" })).Order().ToArray());
    }

    [Fact]
    public async Task Facets_are_counted_over_the_matches()
    {
        var result = await Search(new { q = "tags:environment OR tags:transport" });
        var faceted = await Search(new Dictionary<string, object>
        {
            ["q"] = "tags:environment OR tags:transport", ["facet.field"] = "[\"tags\", \"organization\", \"res_format\", \"license_id\"]",
        });
        Assert.Equal(2, faceted.GetProperty("facets").GetProperty("tags").GetProperty("environment").GetInt32());
        Assert.Equal(2, faceted.GetProperty("facets").GetProperty("organization").GetProperty("srch-region").GetInt32());
        var orgItems = faceted.GetProperty("search_facets").GetProperty("organization").GetProperty("items");
        Assert.Contains(orgItems.EnumerateArray(), i => i.GetProperty("display_name").GetString() == "Search Region" && i.GetProperty("count").GetInt32() == 2);
        Assert.Equal(4, faceted.GetProperty("facets").GetProperty("license_id").GetProperty("CC-BY-4.0").GetInt32());
        Assert.Empty(result.GetProperty("facets").EnumerateObject());
    }

    [Fact]
    public async Task Private_datasets_are_found_only_by_members_who_ask_for_them()
    {
        Assert.DoesNotContain("secret-air-plans", Names(await Search(new { q = "air", include_private = true })));
        Assert.DoesNotContain("secret-air-plans", Names(await Search(new { q = "air", include_private = true }, agora.Outsider.Client)));
        Assert.DoesNotContain("secret-air-plans", Names(await Search(new { q = "air" }, agora.Editor.Client)));
        Assert.Contains("secret-air-plans", Names(await Search(new { q = "air", include_private = true }, agora.Editor.Client)));
    }

    [Fact]
    public async Task Rows_and_start_page_through_results()
    {
        var first = await Search(new { rows = 2, start = 0, sort = "name asc" });
        var second = await Search(new { rows = 2, start = 2, sort = "name asc" });
        Assert.Equal(["air-quality-stations", "bike-counts"], Names(first));
        Assert.Equal(["bus-stops", "noise-levels"], Names(second));
        Assert.Equal(4, second.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Bad_parameters_are_search_query_errors()
    {
        await agora.SeedAsync();
        var unknown = await agora.Anonymous().FailsAsync("package_search", new { limit = 5 }, HttpStatusCode.BadRequest, "Search Query Error");
        Assert.Equal("Search Query is invalid: \"Invalid search parameters: ['limit']\"", unknown.GetProperty("message").GetString());
        var sort = await agora.Anonymous().FailsAsync("package_search", new { sort = "popularity desc" }, HttpStatusCode.BadRequest, "Search Query Error");
        Assert.Equal("Search Query is invalid: 'Invalid \"sort\" parameter'", sort.GetProperty("message").GetString());
        await agora.Anonymous().FailsAsync("package_search", new { q = "(air" }, HttpStatusCode.BadRequest, "Search Query Error");
        await agora.Anonymous().FailsAsync("package_search", new { q = "title:\"open" }, HttpStatusCode.BadRequest, "Search Query Error");
        await agora.Anonymous().FailsAsync("package_search", new { q = "metadata_modified:[yesterday TO *]" }, HttpStatusCode.BadRequest, "Search Query Error");
        await agora.Anonymous().FailsAsync("package_search", new { rows = "many" }, HttpStatusCode.Conflict, "Validation Error");
        // Odd but harmless input is searched for, not an error.
        Assert.Equal(0, (await agora.Anonymous().OkAsync("package_search", new { q = "'; DROP TABLE datasets; --" })).GetProperty("count").GetInt32());
        await agora.Anonymous().OkAsync("package_search", new { q = "NEAR(a b) OR title:* AND ^x" });
    }

    [Fact]
    public async Task Search_answers_get_requests_as_ckan_clients_send_them()
    {
        await agora.SeedAsync();
        var response = await agora.Anonymous().GetAsync("/api/3/action/package_search?q=tags:transport&facet.field=[\"res_format\"]&rows=1");
        var result = (await response.JsonAsync()).GetProperty("result");
        Assert.Equal(2, result.GetProperty("count").GetInt32());
        Assert.Single(result.GetProperty("results").EnumerateArray());
        Assert.Equal(1, result.GetProperty("facets").GetProperty("res_format").GetProperty("XLSX").GetInt32());
    }

    [Fact]
    public async Task Fl_returns_only_the_fields_asked_for_as_solr_stores_them()
    {
        var result = await Search(new Dictionary<string, object> { ["q"] = "name:bus-stops", ["fl"] = "id,name,organization,tags,res_format,groups,extras_nothing" });
        var only = Assert.Single(result.GetProperty("results").EnumerateArray());
        Assert.Equal(["groups", "id", "name", "organization", "res_format", "tags"], only.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal("srch-region", only.GetProperty("organization").GetString());
        Assert.Equal(["transport"], only.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(["CSV"], only.GetProperty("res_format").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(["srch-mobility"], only.GetProperty("groups").EnumerateArray().Select(t => t.GetString()!).ToArray());

        // A list works as well, and "*" gives whole datasets.
        var listed = await Search(new Dictionary<string, object> { ["q"] = "name:bus-stops", ["fl"] = new[] { "name", "metadata_modified" } });
        Assert.Equal(2, listed.GetProperty("results")[0].EnumerateObject().Count());
        var whole = await Search(new Dictionary<string, object> { ["q"] = "name:bus-stops", ["fl"] = "*" });
        Assert.True(whole.GetProperty("results")[0].TryGetProperty("resources", out _));
    }
}
