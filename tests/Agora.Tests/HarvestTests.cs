using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

/// <summary>Two Agoras on real ports, each with its own database: the local one harvests the remote one.</summary>
public sealed class HarvestServers : IAsyncLifetime
{
    public KestrelAgoraFactory Remote { get; } = new();
    public KestrelAgoraFactory Local { get; } = new();

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)Remote).InitializeAsync();
        await ((IAsyncLifetime)Local).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Local).DisposeAsync();
        await ((IAsyncLifetime)Remote).DisposeAsync();
    }
}

public sealed class HarvestTests(HarvestServers servers) : IClassFixture<HarvestServers>
{
    KestrelAgoraFactory Remote => servers.Remote;
    KestrelAgoraFactory Local => servers.Local;

    static async Task<string> OrgAsync(AgoraFactory agora, string name) =>
        (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name, kind = "public-agency", level = "municipal" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;

    static async Task AddSourceAsync(AgoraFactory local, object source) =>
        await (await local.Admin().PostAsJsonAsync("/api/v1/harvest/sources", source)).JsonAsync(HttpStatusCode.Created);

    /// <summary>Queues a run through the API (202) and waits for a worker to finish it; returns the report.</summary>
    static async Task<JsonElement> RunAsync(AgoraFactory local, string source)
    {
        var queued = await (await local.Admin().PostAsync($"/api/v1/harvest/sources/{source}/run", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var id = queued.GetProperty("id").GetString();
        for (var i = 0; i < 600; i++)
        {
            var job = await (await local.Admin().GetAsync($"/api/v1/harvest/jobs/{id}")).JsonAsync();
            if (job.GetProperty("status").GetString() is "finished" or "failed") return job;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Harvest job {id} did not finish.");
    }

    /// <summary>A browser on the real port: keeps cookies and shows redirects instead of following them.</summary>
    static HttpClient Browser(AgoraFactory agora) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = agora.BaseAddress };

    static IEnumerable<JsonElement> Records(JsonElement job, string action) =>
        job.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("action").GetString() == action);

    static Dictionary<string, string> Extras(JsonElement package) =>
        package.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString()!);

    [Fact]
    public async Task Harvesting_one_agora_from_another_imports_updates_and_never_duplicates()
    {
        // The remote portal: two organisations, a group, datasets with resources, a private one and one that is invalid here.
        var harbour = await OrgAsync(Remote, "Harbour Office");
        var transit = await OrgAsync(Remote, "Transit Agency");
        await Remote.Admin().OkAsync("group_create", new { name = "hv-mobility", title = "Mobility" });
        await Remote.Admin().OkAsync("group_create", new { name = "hv-remote-only" });
        await Local.Admin().OkAsync("group_create", new { name = "hv-mobility", title = "Mobility here" });
        await Remote.Admin().OkAsync("package_create", new
        {
            name = "hv-berths", title = "Harbour berths", notes = "All **berths**.", owner_org = harbour, license_id = "CC-BY-4.0",
            author = "Harbour Office", version = "2.1", url = "https://harbour.example/berths",
            tags = new[] { new { name = "harbour" }, new { name = "ships" } },
            extras = new[] { new { key = "frequency", value = "daily" } },
            groups = new[] { new { name = "hv-mobility" }, new { name = "hv-remote-only" } },
            resources = new object[]
            {
                new { url = "https://harbour.example/berths.csv", name = "Berths CSV", format = "CSV", description = "One row per berth", mimetype = "text/csv", size = 1234 },
                new { url = "https://harbour.example/berths.geojson", name = "Berths map", format = "GeoJSON" },
            },
        });
        await Remote.Admin().OkAsync("package_create", new { name = "hv-bus-stops", title = "Bus stops", owner_org = transit,
            resources = new[] { new { url = "https://transit.example/stops.json", name = "Stops" } } });
        await Remote.Admin().OkAsync("package_create", new { name = "hv-secret", title = "Internal", owner_org = transit, @private = true });
        await Remote.Admin().OkAsync("package_create", new { name = "hv-bad-email", title = "Bad contact", owner_org = transit, author_email = "ok@transit.example" });
        // Written past validation, as another portal's older rules might have let it in.
        await Remote.WithDbAsync(db => db.Datasets.Where(d => d.Name == "hv-bad-email").ExecuteUpdateAsync(s => s.SetProperty(d => d.AuthorEmail, "not-an-email")));
        await Remote.Admin().OkAsync("package_create", new { name = "hv-clash", title = "Remote clash", owner_org = harbour });

        // Here: a dataset of our own that has the name of a remote one.
        var ours = await OrgAsync(Local, "Local Data Office");
        await Local.Admin().OkAsync("package_create", new { name = "hv-clash", title = "Our own clash", owner_org = ours });

        await AddSourceAsync(Local, new { name = "hv-remote", title = "Remote Agora", url = Remote.BaseAddress.ToString(), type = "ckan", organisation = ours, createOrganisations = true });
        var first = await RunAsync(Local, "hv-remote");

        Assert.Equal("finished", first.GetProperty("status").GetString());
        Assert.Equal(3, first.GetProperty("created").GetInt32());
        Assert.Equal(1, first.GetProperty("failed").GetInt32());
        var failed = Assert.Single(Records(first, "failed"));
        Assert.Equal("Bad contact", failed.GetProperty("title").GetString());
        Assert.Contains("author_email", failed.GetProperty("error").GetString());
        Assert.Contains("not-an-email is not a valid format", failed.GetProperty("error").GetString());

        // Datasets and their organisations appear; the private one does not.
        var berths = await Local.Anonymous().OkAsync("package_show", new { id = "hv-berths" });
        Assert.Equal("Harbour berths", berths.GetProperty("title").GetString());
        Assert.Equal("All **berths**.", berths.GetProperty("notes").GetString());
        Assert.Equal("CC-BY-4.0", berths.GetProperty("license_id").GetString());
        Assert.Equal("2.1", berths.GetProperty("version").GetString());
        Assert.Equal(harbour, berths.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("Harbour Office", berths.GetProperty("organization").GetProperty("title").GetString());
        Assert.Equal(["harbour", "ships"], berths.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
        Assert.Equal(["hv-mobility"], berths.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!));
        var extras = Extras(berths);
        Assert.Equal("daily", extras["frequency"]);
        Assert.Equal("Remote Agora", extras["harvest_source_title"]);
        Assert.Equal(new Uri(Remote.BaseAddress, "/dataset/hv-berths").ToString(), extras["harvest_url"]);
        var resources = berths.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(2, resources.Count);
        Assert.Equal("https://harbour.example/berths.csv", resources[0].GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, resources[0].GetProperty("url_type").ValueKind);
        Assert.Equal("CSV", resources[0].GetProperty("format").GetString());
        Assert.Equal("One row per berth", resources[0].GetProperty("description").GetString());
        Assert.Equal("text/csv", resources[0].GetProperty("mimetype").GetString());
        Assert.Equal(1234, resources[0].GetProperty("size").GetInt64());
        Assert.Equal("GeoJSON", resources[1].GetProperty("format").GetString());
        Assert.Equal(transit, (await Local.Anonymous().OkAsync("package_show", new { id = "hv-bus-stops" })).GetProperty("organization").GetProperty("name").GetString());
        await Local.Admin().FailsAsync("package_show", new { id = "hv-secret" }, HttpStatusCode.NotFound, "Not Found Error");
        Assert.False(await Local.WithDbAsync(db => db.Resources.AnyAsync(r => r.FilePath != null)));

        // The clash: ours keeps its name, the harvested one gets the next free one.
        Assert.Equal("Our own clash", (await Local.Anonymous().OkAsync("package_show", new { id = "hv-clash" })).GetProperty("title").GetString());
        Assert.Equal("Remote clash", (await Local.Anonymous().OkAsync("package_show", new { id = "hv-clash1" })).GetProperty("title").GetString());

        // Harvested datasets are searchable and in the activity stream.
        Assert.Equal(1, (await Local.Anonymous().OkAsync("package_search", new { q = "berths" })).GetProperty("count").GetInt32());
        Assert.NotEmpty((await Local.Anonymous().OkAsync("package_activity_list", new { id = "hv-berths" })).EnumerateArray());

        // A change and an addition on the remote side; the re-run updates and creates, duplicating nothing.
        await Remote.Admin().OkAsync("package_patch", new { id = "hv-bus-stops", title = "Bus stops (2025)",
            resources = new[] { new { url = "https://transit.example/stops-2025.json", name = "Stops 2025" } } });
        await Remote.Admin().OkAsync("package_create", new { name = "hv-ferries", title = "Ferries", owner_org = harbour });
        var busStopsResource = (await Local.Anonymous().OkAsync("package_show", new { id = "hv-bus-stops" })).GetProperty("resources")[0].GetProperty("id").GetString();
        var second = await RunAsync(Local, "hv-remote");
        Assert.Equal("finished", second.GetProperty("status").GetString());
        Assert.Equal(1, second.GetProperty("created").GetInt32());
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(2, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, second.GetProperty("failed").GetInt32());
        var busStops = await Local.Anonymous().OkAsync("package_show", new { id = "hv-bus-stops" });
        Assert.Equal("Bus stops (2025)", busStops.GetProperty("title").GetString());
        Assert.Equal("https://transit.example/stops-2025.json", busStops.GetProperty("resources")[0].GetProperty("url").GetString());
        Assert.Equal(busStopsResource, busStops.GetProperty("resources")[0].GetProperty("id").GetString());
        Assert.Equal("Ferries", (await Local.Anonymous().OkAsync("package_show", new { id = "hv-ferries" })).GetProperty("title").GetString());
        Assert.Equal(1, await Local.WithDbAsync(db => db.Datasets.CountAsync(d => d.Title == "Harbour berths")));
        Assert.Equal(4, await Local.WithDbAsync(db => db.HarvestLinks.CountAsync(l => db.HarvestSources.Any(s => s.Id == l.SourceId && s.Name == "hv-remote"))));
        Assert.Equal(1, await Local.WithDbAsync(db => db.Organisations.CountAsync(o => o.Slug == harbour)));

        // Once a run has no errors, the next asks only for what changed since it started (less an hour).
        await Remote.Admin().OkAsync("dataset_purge", new { id = "hv-bad-email" });
        Local.Clock.Advance(TimeSpan.FromHours(3));
        var clean = await RunAsync(Local, "hv-remote"); // still everything: the run before had a failure
        Assert.Equal(0, clean.GetProperty("failed").GetInt32());
        Assert.Equal(4, clean.GetProperty("unchanged").GetInt32());
        var quiet = await RunAsync(Local, "hv-remote");
        Assert.Equal("finished", quiet.GetProperty("status").GetString());
        Assert.Empty(quiet.GetProperty("records").EnumerateArray());
        // The remote portal's clock catches up with ours, so its next change is after our last run started.
        Remote.Clock.Advance(Local.Clock.GetUtcNow() - Remote.Clock.GetUtcNow());
        await Remote.Admin().OkAsync("package_patch", new { id = "hv-ferries", notes = "Timetables." });
        var incremental = await RunAsync(Local, "hv-remote");
        var only = Assert.Single(incremental.GetProperty("records").EnumerateArray());
        Assert.Equal("updated", only.GetProperty("action").GetString());
        Assert.Equal("hv-ferries", only.GetProperty("dataset").GetString());

        // The list shows the source with its last job.
        var sources = await (await Local.Admin().GetAsync("/api/v1/harvest/sources")).JsonAsync();
        var listed = sources.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "hv-remote");
        Assert.Equal("finished", listed.GetProperty("lastJob").GetProperty("status").GetString());
        Assert.Equal("ckan", listed.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unreachable_source_fails_the_job_with_a_clear_message()
    {
        await AddSourceAsync(Local, new { name = "hv-nowhere", url = "http://127.0.0.1:9/", type = "ckan" });
        var job = await RunAsync(Local, "hv-nowhere");
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.StartsWith("Could not reach the CKAN portal at http://127.0.0.1:9/api/3/action/package_search", job.GetProperty("error").GetString());

        await AddSourceAsync(Local, new { name = "hv-not-ckan", url = new Uri(Local.BaseAddress, "/no-such-place").ToString(), type = "ckan" });
        var notFound = await RunAsync(Local, "hv-not-ckan");
        Assert.Equal("failed", notFound.GetProperty("status").GetString());
        Assert.Contains("answered HTTP 404", notFound.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Source_input_is_checked_and_a_second_run_waits_for_the_first()
    {
        var bad = await (await Local.Admin().PostAsJsonAsync("/api/v1/harvest/sources", new { name = "Not A Slug", url = "ftp://x", type = "oai" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "type", "url"], bad.FieldErrors().Order());
        await AddSourceAsync(Local, new { name = "hv-twice", url = "http://127.0.0.1:9/", type = "dcat" });
        await (await Local.Admin().PostAsJsonAsync("/api/v1/harvest/sources", new { name = "hv-twice", url = "http://127.0.0.1:9/", type = "dcat" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Local.Admin().PostAsync("/api/v1/harvest/sources/hv-missing/run", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Local.Admin().GetAsync($"/api/v1/harvest/jobs/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Local.Admin().PostAsync("/api/v1/harvest/sources", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Local.Admin().PostAsJsonAsync("/api/v1/harvest/sources", new { name = "hv-typed", url = "http://x.example/", type = "ckan", createOrganisations = "yes" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Local.Admin().PostAsJsonAsync("/api/v1/harvest/sources", new { name = "hv-org", url = "http://x.example/", type = "ckan", organisation = "no-such-org" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        // A queued job blocks a second run of the same source until it has finished.
        await Local.WithDbAsync(async db =>
        {
            var source = await db.HarvestSources.SingleAsync(s => s.Name == "hv-twice");
            db.HarvestJobs.Add(new Harvest.HarvestJob { SourceId = source.Id, Status = Harvest.HarvestJobStatus.Running, CreatedAt = Local.Clock.GetUtcNow().UtcDateTime, StartedAt = Local.Clock.GetUtcNow().UtcDateTime });
            return await db.SaveChangesAsync();
        });
        var busy = await (await Local.Admin().PostAsync("/api/v1/harvest/sources/hv-twice/run", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already queued or running", busy.GetProperty("detail").GetString());
        await (await Local.Admin().DeleteAsync("/api/v1/harvest/sources/hv-twice")).AssertProblemAsync(HttpStatusCode.Conflict);
        // One that a dead node left running for over a day no longer does.
        var longAgo = Local.Clock.GetUtcNow().UtcDateTime.AddHours(-25);
        await Local.WithDbAsync(db => db.HarvestJobs.Where(j => j.Source.Name == "hv-twice").ExecuteUpdateAsync(s => s.SetProperty(j => j.StartedAt, longAgo)));
        var queued = await (await Local.Admin().PostAsync("/api/v1/harvest/sources/hv-twice/run", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var jobs = await (await Local.Admin().GetAsync("/api/v1/harvest/sources/hv-twice/jobs")).JsonAsync();
        Assert.Contains(jobs.EnumerateArray(), j => j.GetProperty("error").GetString()?.StartsWith("Abandoned") == true);
        for (var i = 0; i < 300 && await Local.WithDbAsync(db => db.HarvestJobs.AnyAsync(j => j.Source.Name == "hv-twice" && j.Status != Harvest.HarvestJobStatus.Failed)); i++)
            await Task.Delay(100);

        (await Local.Admin().DeleteAsync("/api/v1/harvest/sources/hv-twice")).EnsureSuccessStatusCode();
        await (await Local.Admin().GetAsync("/api/v1/harvest/sources/hv-twice")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queued_jobs_are_claimed_by_exactly_one_node()
    {
        await using var nodeB = await Local.SecondNodeAsync();
        await AddSourceAsync(Local, new { name = "hv-claimed", url = "http://127.0.0.1:9/", type = "dcat" });
        var jobId = await Local.WithDbAsync(async db =>
        {
            var source = await db.HarvestSources.SingleAsync(s => s.Name == "hv-claimed");
            var job = new Harvest.HarvestJob { SourceId = source.Id, Status = Harvest.HarvestJobStatus.Queued, CreatedAt = DateTime.UtcNow.AddYears(-1) };
            db.HarvestJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
        // Both nodes (and their own workers, which may get there first) race for the job.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? Local : nodeB).WithDbAsync(db =>
            Harvest.HarvestSources.ClaimNextAsync(db, DateTime.UtcNow, CancellationToken.None))));
        Assert.True(claims.Count(c => c == jobId) <= 1);
        Assert.NotEqual(Harvest.HarvestJobStatus.Queued, await Local.WithDbAsync(db => db.HarvestJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_harvest_api()
    {
        var paths = (await (await Local.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/harvest/sources", "/api/v1/harvest/sources/{name}", "/api/v1/harvest/sources/{name}/run", "/api/v1/harvest/jobs/{id}" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
    }

    [Fact]
    public async Task Only_system_administrators_add_run_or_see_harvest_sources()
    {
        await AddSourceAsync(Local, new { name = "hv-guarded", url = "http://127.0.0.1:9/", type = "ckan" });
        var user = await Local.CreateUserAsync("hv-editor");
        await (await user.Client.PostAsJsonAsync("/api/v1/harvest/sources", new { name = "hv-mine", url = "http://x.example/", type = "ckan" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostAsync("/api/v1/harvest/sources/hv-guarded/run", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.GetAsync("/api/v1/harvest/sources")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.DeleteAsync("/api/v1/harvest/sources/hv-guarded")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Local.Anonymous().PostAsync("/api/v1/harvest/sources/hv-guarded/run", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await Local.WithDbAsync(db => db.HarvestSources.AnyAsync(s => s.Name == "hv-mine")));
        Assert.False(await Local.WithDbAsync(db => db.HarvestJobs.AnyAsync(j => j.Source.Name == "hv-guarded")));

        // In the web UI: the pages and forms (posted with a form token from a page they may see) send them to the Denied page.
        var browser = Browser(Local);
        await browser.SignInAsync(user.UserName, user.Password);
        foreach (var page in new[] { "/harvest", "/harvest/hv-guarded" })
        {
            var denied = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery);
        }
        var post = await browser.SubmitAsync("/account", new Dictionary<string, string> { ["Input.Name"] = "hv-sneaky", ["Input.Url"] = "http://x.example/", ["Input.Type"] = "ckan" }, "/harvest");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/denied", post.Headers.Location!.PathAndQuery);
        var run = await browser.SubmitAsync("/account", new Dictionary<string, string>(), "/harvest/hv-guarded?handler=Run");
        Assert.StartsWith("/denied", run.Headers.Location!.PathAndQuery);
        Assert.False(await Local.WithDbAsync(db => db.HarvestSources.AnyAsync(s => s.Name == "hv-sneaky")));
        Assert.False(await Local.WithDbAsync(db => db.HarvestJobs.AnyAsync(j => j.Source.Name == "hv-guarded")));
        var anonymous = await Browser(Local).GetAsync("/harvest");
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_administrator_adds_a_source_runs_it_and_reads_the_report_in_the_web_ui()
    {
        var browser = Browser(Local);
        await browser.SignInAsync("admin@test.example", AgoraFactory.AdminPassword);
        var added = await browser.SubmitAsync("/harvest", new Dictionary<string, string>
        {
            ["Input.Name"] = "hv-web", ["Input.Title"] = "Web source", ["Input.Url"] = "http://127.0.0.1:9/", ["Input.Type"] = "dcat",
        });
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        Assert.Equal("/harvest/hv-web", added.Headers.Location!.OriginalString);
        Assert.Contains("Web source", await browser.GetStringAsync("/harvest"));

        var invalid = await browser.SubmitAsync("/harvest", new Dictionary<string, string> { ["Input.Name"] = "x y", ["Input.Url"] = "nope", ["Input.Type"] = "ckan" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("Give the source&#x27;s address", await invalid.Content.ReadAsStringAsync());

        var run = await browser.SubmitAsync("/harvest/hv-web", new Dictionary<string, string>(), "/harvest/hv-web?handler=Run");
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var jobPage = run.Headers.Location!.OriginalString;
        Assert.StartsWith("/harvest/hv-web/jobs/", jobPage);
        string html = "";
        for (var i = 0; i < 300 && !html.Contains("<dd>Failed</dd>"); i++)
        {
            await Task.Delay(100);
            html = await browser.GetStringAsync(jobPage);
        }
        Assert.Contains("<dd>Failed</dd>", html);
        Assert.Contains("Could not reach the DCAT catalogue", html);
        Assert.Contains("Harvest now", await browser.GetStringAsync("/harvest/hv-web"));
    }

    [Fact]
    public async Task A_dcat_catalogue_in_json_ld_is_harvested_across_hydra_pages()
    {
        var pages = new Dictionary<string, string> { ["1"] = DcatFixtures.CompactedPage1, ["2"] = DcatFixtures.ExpandedPage2 };
        await using var catalogue = await DcatFixtures.ServeAsync(pages);
        var url = catalogue.Urls.First();
        await AddSourceAsync(Local, new { name = "hv-dcat", title = "Region catalogue", url = $"{url}/catalog.jsonld?page=1", type = "dcat", createOrganisations = true });

        var job = await RunAsync(Local, "hv-dcat");
        Assert.True(job.GetProperty("status").GetString() == "finished", job.ToString());
        Assert.Equal(3, job.GetProperty("created").GetInt32());
        Assert.Equal(0, job.GetProperty("failed").GetInt32());

        var air = await Local.Anonymous().OkAsync("package_show", new { id = "air-quality-stations" });
        Assert.Equal("Air quality stations", air.GetProperty("title").GetString());
        Assert.Equal("Where the region measures the air.", air.GetProperty("notes").GetString());
        Assert.Equal("CC-BY-4.0", air.GetProperty("license_id").GetString());
        Assert.Equal("region-environment-office", air.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("Region Environment Office", air.GetProperty("organization").GetProperty("title").GetString());
        Assert.Equal(["air", "environment"], air.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order());
        var extras = Extras(air);
        Assert.Equal("[\"http://publications.europa.eu/resource/authority/data-theme/ENVI\"]", extras["theme"]);
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/DAILY", extras["frequency"]);
        Assert.Equal("2020-01-01", extras["temporal_start"]);
        Assert.Equal("2024-12-31", extras["temporal_end"]);
        Assert.Contains("\"Polygon\"", extras["spatial"]);
        Assert.Equal("air-1", extras["identifier"]);
        Assert.Equal("Region catalogue", extras["harvest_source_title"]);
        var resource = Assert.Single(air.GetProperty("resources").EnumerateArray());
        Assert.Equal("https://region.example/files/air.csv", resource.GetProperty("url").GetString());
        Assert.Equal("CSV", resource.GetProperty("format").GetString());
        Assert.Equal("text/csv", resource.GetProperty("mimetype").GetString());
        Assert.Equal(2048, resource.GetProperty("size").GetInt64());
        Assert.Equal("Stations as CSV", resource.GetProperty("name").GetString());

        // From the second, expanded page. The guid is the dataset's IRI, as ckanext-dcat takes it.
        Assert.True(await Local.WithDbAsync(db => db.HarvestLinks.AnyAsync(l => l.RemoteId == "https://region.example/dataset/air")));
        var noise = await Local.Anonymous().OkAsync("package_show", new { id = "noise-map" });
        Assert.Equal("https://region.example/dataset/noise/page.html", Assert.Single(noise.GetProperty("resources").EnumerateArray()).GetProperty("url").GetString());
        Assert.Equal("Region Environment Office", noise.GetProperty("organization").GetProperty("title").GetString());
        Assert.True(await Local.WithDbAsync(db => db.HarvestLinks.AnyAsync(l => l.RemoteId == "https://region.example/dataset/noise")));
        Assert.Equal("Traffic counts", (await Local.Anonymous().OkAsync("package_show", new { id = "traffic-counts" })).GetProperty("title").GetString());

        // The catalogue drops a dataset and changes another: the re-run updates one and deletes the other.
        pages["2"] = DcatFixtures.ExpandedPage2.Replace("Noise map", "Noise map 2025");
        pages["1"] = DcatFixtures.CompactedPage1.Replace(DcatFixtures.TrafficNode, "");
        var again = await RunAsync(Local, "hv-dcat");
        Assert.Equal(1, again.GetProperty("updated").GetInt32());
        Assert.Equal(1, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, again.GetProperty("deleted").GetInt32());
        Assert.Equal("Noise map 2025", (await Local.Anonymous().OkAsync("package_show", new { id = "noise-map" })).GetProperty("title").GetString());
        Assert.Equal("deleted", (await Local.Admin().OkAsync("package_show", new { id = "traffic-counts" })).GetProperty("state").GetString());
        Assert.Equal(3, await Local.WithDbAsync(db => db.Datasets.CountAsync(d => d.Extras.Any(e => e.Key == "harvest_source_title" && e.Value == "Region catalogue"))));
    }

    [Fact]
    public async Task Another_agoras_dcat_catalogue_is_harvested_from_its_json_ld()
    {
        await using var remote = new KestrelAgoraFactory();
        await ((IAsyncLifetime)remote).InitializeAsync();
        try
        {
            var org = await OrgAsync(remote, "Dcat City Office");
            await remote.Admin().OkAsync("package_create", new
            {
                name = "dc-tram-lines", title = "Tram lines", notes = "Every tram line.", owner_org = org, license_id = "CC-BY-4.0",
                maintainer = "Tram Desk", maintainer_email = "trams@city.example", tags = new[] { new { name = "trams" }, new { name = "transport" } },
                extras = new[]
                {
                    new { key = "theme", value = "TRAN" }, new { key = "frequency", value = "WEEKLY" },
                    new { key = "temporal_start", value = "2021-01-01" }, new { key = "temporal_end", value = "2025-06-30" },
                    new { key = "spatial", value = "{\"type\":\"Point\",\"coordinates\":[10.2,56.1]}" },
                },
                resources = new object[] { new { url = "https://city.example/trams.csv", name = "Lines", format = "CSV", mimetype = "text/csv", size = 512 } },
            });
            await remote.Admin().OkAsync("package_create", new { name = "dc-ferries", title = "Ferries", owner_org = org });
            await remote.Admin().OkAsync("package_create", new { name = "dc-hidden", title = "Hidden", owner_org = org, @private = true });

            await AddSourceAsync(Local, new { name = "hv-agora-dcat", title = "Remote DCAT", url = new Uri(remote.BaseAddress, "/catalog.jsonld").ToString(), type = "dcat", createOrganisations = true });
            var job = await RunAsync(Local, "hv-agora-dcat");
            Assert.True(job.GetProperty("status").GetString() == "finished" && job.GetProperty("failed").GetInt32() == 0, job.ToString());
            Assert.Equal(2, job.GetProperty("created").GetInt32());

            var trams = await Local.Anonymous().OkAsync("package_show", new { id = "tram-lines" });
            Assert.Equal("Every tram line.", trams.GetProperty("notes").GetString());
            Assert.Equal("CC-BY-4.0", trams.GetProperty("license_id").GetString());
            Assert.Equal("Dcat City Office", trams.GetProperty("organization").GetProperty("title").GetString());
            Assert.Equal("Tram Desk", trams.GetProperty("maintainer").GetString());
            Assert.Equal("trams@city.example", trams.GetProperty("maintainer_email").GetString());
            Assert.Equal(["trams", "transport"], trams.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order());
            var extras = Extras(trams);
            Assert.Equal("[\"http://publications.europa.eu/resource/authority/data-theme/TRAN\"]", extras["theme"]);
            Assert.Equal("http://publications.europa.eu/resource/authority/frequency/WEEKLY", extras["frequency"]);
            Assert.StartsWith("2021-01-01", extras["temporal_start"]);
            Assert.StartsWith("2025-06-30", extras["temporal_end"]);
            Assert.Contains("Point", extras["spatial"]);
            var resource = Assert.Single(trams.GetProperty("resources").EnumerateArray());
            Assert.Equal("https://city.example/trams.csv", resource.GetProperty("url").GetString());
            Assert.Equal("CSV", resource.GetProperty("format").GetString());
            Assert.Equal("text/csv", resource.GetProperty("mimetype").GetString());
            Assert.Equal(512, resource.GetProperty("size").GetInt64());
            await Local.Admin().FailsAsync("package_show", new { id = "hidden" }, HttpStatusCode.NotFound, "Not Found Error");

            var again = await RunAsync(Local, "hv-agora-dcat");
            Assert.True(again.GetProperty("unchanged").GetInt32() == 2, again.ToString());
        }
        finally
        {
            await ((IAsyncLifetime)remote).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_cli_harvests_a_source_and_prints_the_report()
    {
        await using var remote = new KestrelAgoraFactory();
        await ((IAsyncLifetime)remote).InitializeAsync();
        var org = await OrgAsync(remote, "Cli Harbour");
        await remote.Admin().OkAsync("package_create", new { name = "cli-docks", title = "Docks", owner_org = org });
        await remote.Admin().OkAsync("package_create", new { name = "cli-bad", title = "Broken tags", owner_org = org });
        await remote.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO dataset_tags (\"DatasetId\", \"Name\") SELECT \"Id\", 'x' FROM datasets WHERE \"Name\" = 'cli-bad'"));

        var cli = new AgoraCliRunner();
        try
        {
            Assert.Equal(0, (await cli.RunAsync("user", "create", "--username", "harvester", "--name", "H", "--email", "h@x.example", "--sysadmin")).ExitCode);
            var add = await cli.RunAsync("harvest", "add", "--name", "remote", "--url", remote.BaseAddress.ToString(), "--type", "ckan", "--create-orgs");
            Assert.True(add.ExitCode == 0, add.Error);
            var run = await cli.RunAsync("harvest", "run", "remote");
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("Harvest of 'remote' finished.", run.Output);
            Assert.Contains("Created: 1  Updated: 0  Unchanged: 0  Deleted: 0  Failed: 1", run.Output);
            Assert.Contains("cli-docks — Docks", run.Output);
            Assert.Contains("Broken tags (", run.Output);
            Assert.Contains("Tag \"x\" length is less than minimum 2", run.Output);
            Assert.Contains("remote", (await cli.RunAsync("harvest", "list")).Output);
            var jobs = await cli.RunAsync("harvest", "jobs", "remote");
            Assert.Contains("finished", jobs.Output);
            var missing = await cli.RunAsync("harvest", "run", "nope");
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("No harvest source 'nope'", missing.Error);
        }
        finally
        {
            await cli.DisposeAsync();
            await ((IAsyncLifetime)remote).DisposeAsync();
        }
    }
}

/// <summary>A DCAT catalogue in JSON-LD on a tiny Kestrel app: page 1 compacted with an @context
/// of prefixes (as ckanext-dcat writes it), page 2 expanded, linked by hydra:nextPage.</summary>
static class DcatFixtures
{
    public static async Task<WebApplication> ServeAsync(Dictionary<string, string> pages)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/catalog.jsonld", (HttpContext context, string? page) =>
        {
            var accept = context.Request.Headers.Accept.ToString();
            return pages.TryGetValue(page ?? "1", out var body) && accept.Contains("application/ld+json")
                ? Results.Text(body.Replace("{base}", $"{context.Request.Scheme}://{context.Request.Host}"), "application/ld+json")
                : Results.NotFound();
        });
        await app.StartAsync();
        return app;
    }

    public const string TrafficNode = """
        ,{
          "@id": "https://region.example/dataset/traffic",
          "@type": "dcat:Dataset",
          "dct:identifier": "traffic-1",
          "dct:title": {"@value": "Traffic counts", "@language": "en"},
          "dct:publisher": {"@id": "https://region.example/org/env"}
        }
        """;

    public static readonly string CompactedPage1 = """
        {
          "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "hydra": "http://www.w3.org/ns/hydra/core#",
            "schema": "http://schema.org/",
            "locn": "http://www.w3.org/ns/locn#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "keyword": {"@id": "dcat:keyword"}
          },
          "@graph": [
            {
              "@id": "{base}/catalog.jsonld?page=1",
              "@type": "hydra:PagedCollection",
              "hydra:totalItems": {"@value": 3, "@type": "xsd:integer"},
              "hydra:nextPage": "{base}/catalog.jsonld?page=2"
            },
            {
              "@id": "https://region.example/catalog",
              "@type": "dcat:Catalog",
              "dct:title": "Region catalogue",
              "dcat:dataset": [{"@id": "https://region.example/dataset/air"}, {"@id": "https://region.example/dataset/traffic"}]
            },
            {
              "@id": "https://region.example/dataset/air",
              "@type": "dcat:Dataset",
              "dct:identifier": "air-1",
              "dct:title": "Air quality stations",
              "dct:description": "Where the region measures the air.",
              "keyword": ["air", "environment"],
              "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/ENVI"},
              "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"},
              "dct:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
              "dct:publisher": {"@id": "https://region.example/org/env"},
              "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": {"@value": "2020-01-01", "@type": "xsd:date"}, "dcat:endDate": {"@value": "2024-12-31", "@type": "xsd:date"}},
              "dct:spatial": {"@type": "dct:Location", "locn:geometry": {"@value": "{\"type\": \"Polygon\", \"coordinates\": [[[10,55],[11,55],[11,56],[10,55]]]}", "@type": "https://www.iana.org/assignments/media-types/application/vnd.geo+json"}},
              "dcat:distribution": [{"@id": "https://region.example/distribution/air-csv"}]
            },
            {
              "@id": "https://region.example/distribution/air-csv",
              "@type": "dcat:Distribution",
              "dct:title": "Stations as CSV",
              "dcat:accessURL": {"@id": "https://region.example/air"},
              "dcat:downloadURL": {"@id": "https://region.example/files/air.csv"},
              "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/CSV"},
              "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
              "dcat:byteSize": {"@value": "2048", "@type": "xsd:decimal"}
            },
            {
              "@id": "https://region.example/org/env",
              "@type": "foaf:Organization",
              "foaf:name": "Region Environment Office"
            }
        """ + TrafficNode + """
          ]
        }
        """;

    public const string ExpandedPage2 = """
        [
          {
            "@id": "{base}/catalog.jsonld?page=2",
            "@type": ["http://www.w3.org/ns/hydra/core#PagedCollection"],
            "http://www.w3.org/ns/hydra/core#previousPage": [{"@value": "{base}/catalog.jsonld?page=1"}]
          },
          {
            "@id": "https://region.example/dataset/noise",
            "@type": ["http://www.w3.org/ns/dcat#Dataset"],
            "http://purl.org/dc/terms/title": [{"@value": "Noise map"}],
            "http://purl.org/dc/terms/publisher": [{"@id": "_:pub"}],
            "http://www.w3.org/ns/dcat#distribution": [{
              "@id": "_:d1",
              "@type": ["http://www.w3.org/ns/dcat#Distribution"],
              "http://www.w3.org/ns/dcat#accessURL": [{"@id": "https://region.example/dataset/noise/page.html"}],
              "http://purl.org/dc/terms/format": [{"@value": "HTML"}]
            }]
          },
          {
            "@id": "_:pub",
            "@type": ["http://xmlns.com/foaf/0.1/Organization"],
            "http://xmlns.com/foaf/0.1/name": [{"@value": "Region Environment Office"}]
          }
        ]
        """;
}

/// <summary>The JSON-LD reader on the shapes DCAT publishers write besides ckanext-dcat's.</summary>
public sealed class JsonLdReaderTests
{
    [Fact]
    public void Terms_vocab_type_coercion_and_languages_expand_to_full_iris()
    {
        var graph = Harvest.JsonLdGraph.Parse(System.Text.Json.Nodes.JsonNode.Parse("""
            {
              "@context": [{
                "@vocab": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "title": {"@id": "dct:title"},
                "landing": {"@id": "landingPage", "@type": "@id"},
                "Dataset": "http://www.w3.org/ns/dcat#Dataset"
              }],
              "@id": "https://x.example/ds/1",
              "@type": ["Dataset"],
              "title": [{"@value": "Titel", "@language": "de"}, {"@value": "Title", "@language": "en"}],
              "landing": "https://x.example/page",
              "keyword": ["a1", "b2"],
              "distribution": {"downloadURL": {"@id": "https://x.example/f.csv"}, "byteSize": 12}
            }
            """));
        var dataset = Assert.Single(graph.OfType("http://www.w3.org/ns/dcat#Dataset"));
        Assert.Equal("https://x.example/ds/1", dataset.Id);
        Assert.Equal("Title", dataset.First("http://purl.org/dc/terms/title")!.Literal);
        Assert.Equal("https://x.example/page", dataset.First("http://www.w3.org/ns/dcat#landingPage")!.Id);
        Assert.Equal(["a1", "b2"], dataset.All("http://www.w3.org/ns/dcat#keyword").Select(k => k.Literal!));
        var distribution = graph.Node(dataset.First("http://www.w3.org/ns/dcat#distribution"))!;
        Assert.True(distribution.IsBlank);
        Assert.Equal("https://x.example/f.csv", distribution.First("http://www.w3.org/ns/dcat#downloadURL")!.Id);
        Assert.Equal("12", distribution.First("http://www.w3.org/ns/dcat#byteSize")!.Literal);

        var remote = Harvest.DcatHarvester.ToRemote(graph, dataset);
        Assert.Equal("https://x.example/ds/1", remote.RemoteId);
        Assert.Equal("https://x.example/page", remote.Package["url"]!.ToString());
        Assert.Equal(12, remote.Package["resources"]![0]!["size"]!.GetValue<long>());
    }

    [Fact]
    public void Remote_names_are_munged_as_ckan_does()
    {
        Assert.Equal("air-quality-2024", Harvest.HarvestRunner.MungeName("Air Quality — 2024!"));
        Assert.Equal("aeroskobing-havn", Harvest.HarvestRunner.MungeName("Ærøskøbing Havn"));
        Assert.StartsWith("dataset-", Harvest.HarvestRunner.MungeName("?"));
        Assert.Equal(100, Harvest.HarvestRunner.MungeName(new string('a', 300)).Length);
    }
}
