using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Agora.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

static class Ckan
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(this HttpClient client, string action, object? data = null)
    {
        var response = data is null
            ? await client.GetAsync($"/api/3/action/{action}")
            : await client.PostAsJsonAsync($"/api/3/action/{action}", data);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asserts a successful envelope and returns its result.</summary>
    public static async Task<JsonElement> OkAsync(this HttpClient client, string action, object? data = null)
    {
        var (status, body) = await client.CallAsync(action, data);
        Assert.True(status == HttpStatusCode.OK && body.GetProperty("success").GetBoolean(), $"{action}: {(int)status} {body}");
        Assert.EndsWith($"/api/3/action/help_show?name={action}", body.GetProperty("help").GetString());
        return body.GetProperty("result");
    }

    /// <summary>Asserts an error envelope of the given status and CKAN type; returns its error object.</summary>
    public static async Task<JsonElement> FailsAsync(this HttpClient client, string action, object? data, HttpStatusCode status, string type)
    {
        var (actual, body) = await client.CallAsync(action, data);
        Assert.True(actual == status, $"{action}: expected {(int)status}, got {(int)actual} {body}");
        Assert.False(body.GetProperty("success").GetBoolean());
        var error = body.GetProperty("error");
        Assert.Equal(type, error.GetProperty("__type").GetString());
        return error;
    }
}

public sealed class CkanApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    /// <summary>An organisation with an admin, an editor and a plain member, each with a token.</summary>
    async Task<(string Org, TestUser Admin, TestUser Editor, TestUser Member)> OrganisationAsync(string prefix)
    {
        var admin = await agora.CreateUserAsync($"{prefix}-admin");
        var editor = await agora.CreateUserAsync($"{prefix}-editor");
        var member = await agora.CreateUserAsync($"{prefix}-member");
        var org = (await (await admin.Client.PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} agency", kind = "public-agency", level = "municipal" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;
        (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-editor", new { role = "editor" })).EnsureSuccessStatusCode();
        (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-member", new { role = "member" })).EnsureSuccessStatusCode();
        return (org, admin, editor, member);
    }

    [Fact]
    public async Task Api_roots_answer_their_version()
    {
        Assert.Equal(3, (await (await agora.Anonymous().GetAsync("/api/3")).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(1, (await (await agora.Anonymous().GetAsync("/api")).JsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Status_show_answers_in_the_envelope_on_both_routes()
    {
        var result = await agora.Anonymous().OkAsync("status_show");
        Assert.Equal("Agora", result.GetProperty("site_title").GetString());
        var other = await (await agora.Anonymous().GetAsync("/api/action/status_show")).JsonAsync();
        Assert.True(other.GetProperty("success").GetBoolean());
        Assert.Contains("/api/3/action/help_show?name=status_show", other.GetProperty("help").GetString());
    }

    [Fact]
    public async Task Unknown_action_bad_json_and_get_on_a_write_action_are_bare_400_strings()
    {
        var unknown = await agora.Anonymous().GetAsync("/api/3/action/no_such_action");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Bad request - Action name not known: no_such_action", JsonSerializer.Deserialize<string>(await unknown.Content.ReadAsStringAsync()));

        var get = await agora.Admin().GetAsync("/api/3/action/package_create?name=x");
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Contains("Please use POST method", await get.Content.ReadAsStringAsync());

        var malformed = await agora.Admin().PostAsync("/api/3/action/package_create", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Error decoding JSON data", await malformed.Content.ReadAsStringAsync());

        var list = await agora.Admin().PostAsync("/api/3/action/package_create", new StringContent("[1]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Contains("needs to be a dictionary", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Editor_creates_a_dataset_and_anyone_reads_it_by_name_or_id()
    {
        var (org, _, editor, _) = await OrganisationAsync("ck-a");
        var created = await editor.Client.OkAsync("package_create", new
        {
            name = "ck-a-air-quality", title = "Air quality stations", owner_org = org, license_id = "CC-BY-4.0", notes = "Hourly NO2 and PM2.5.",
            tags = new[] { new { name = "air" }, new { name = "environment" } }, extras = new[] { new { key = "frequency", value = "hourly" } },
            resources = new[] { new { url = "https://data.example/aq.csv", name = "Readings" } },
        });
        foreach (var key in new[] { "id", "name", "title", "owner_org", "organization", "metadata_created", "metadata_modified", "resources", "tags", "extras", "groups", "num_resources", "num_tags", "private", "state", "type", "license_title", "isopen" })
            Assert.True(created.TryGetProperty(key, out _), $"package dict lacks {key}");
        Assert.Equal(org, created.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("CSV", created.GetProperty("resources")[0].GetProperty("format").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$", created.GetProperty("metadata_created").GetString());

        var byName = await agora.Anonymous().OkAsync("package_show", new { id = "ck-a-air-quality" });
        var byId = await agora.Anonymous().OkAsync("package_show", new { id = created.GetProperty("id").GetString() });
        Assert.Equal(byName.GetProperty("id").GetString(), byId.GetProperty("id").GetString());
        Assert.Contains("ck-a-air-quality", (await agora.Anonymous().OkAsync("package_list")).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Only_editors_and_admins_of_the_owner_create_datasets()
    {
        var (org, _, _, member) = await OrganisationAsync("ck-b");
        var (_, _, otherEditor, _) = await OrganisationAsync("ck-b2");
        await agora.Anonymous().FailsAsync("package_create", new { name = "ck-b-anon", owner_org = org }, HttpStatusCode.Forbidden, "Authorization Error");
        await member.Client.FailsAsync("package_create", new { name = "ck-b-member", owner_org = org }, HttpStatusCode.Forbidden, "Authorization Error");
        await otherEditor.Client.FailsAsync("package_create", new { name = "ck-b-other", owner_org = org }, HttpStatusCode.Forbidden, "Authorization Error");
        Assert.False(await agora.WithDbAsync(db => db.Datasets.AnyAsync(d => d.Name.StartsWith("ck-b-"))));
    }

    [Fact]
    public async Task Bad_input_gets_ckan_validation_errors_and_stores_nothing()
    {
        var (org, _, editor, _) = await OrganisationAsync("ck-c");
        var noOrg = await editor.Client.FailsAsync("package_create", new { name = "ck-c-no-org" }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("An organization must be provided", noOrg.GetProperty("owner_org")[0].GetString());

        var badName = await editor.Client.FailsAsync("package_create", new { name = "Bad Name!", owner_org = org }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_", badName.GetProperty("name")[0].GetString());

        var wrongType = await editor.Client.FailsAsync("package_create", new { name = 42, owner_org = org }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("Names must be strings", wrongType.GetProperty("name")[0].GetString());

        var badResource = await editor.Client.FailsAsync("package_create",
            new { name = "ck-c-bad-resource", owner_org = org, resources = new object[] { new { url = "https://ok.example/a.csv" }, new { url = "https://ok.example/b.csv", size = "huge" } } },
            HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("Invalid integer", badResource.GetProperty("resources")[1].GetProperty("size")[0].GetString());

        var badTag = await editor.Client.FailsAsync("package_create", new { name = "ck-c-bad-tag", owner_org = org, tags = new[] { new { name = "no!" } } },
            HttpStatusCode.Conflict, "Validation Error");
        Assert.Contains("can only contain alphanumeric characters", badTag.GetProperty("tags")[0].GetString());

        await editor.Client.OkAsync("package_create", new { name = "ck-c-taken", owner_org = org });
        var taken = await editor.Client.FailsAsync("package_create", new { name = "ck-c-taken", owner_org = org }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("That URL is already in use.", taken.GetProperty("name")[0].GetString());

        Assert.Equal(1, await agora.WithDbAsync(db => db.Datasets.CountAsync(d => d.Name.StartsWith("ck-c-"))));
    }

    [Fact]
    public async Task Private_datasets_are_for_members_of_their_organisation()
    {
        var (org, _, editor, member) = await OrganisationAsync("ck-d");
        var outsider = await agora.CreateUserAsync("ck-d-outsider");
        await editor.Client.OkAsync("package_create", new { name = "ck-d-secret", owner_org = org, @private = true, tags = new[] { new { name = "ck-d-hidden-tag" } } });

        await agora.Anonymous().FailsAsync("package_show", new { id = "ck-d-secret" }, HttpStatusCode.Forbidden, "Authorization Error");
        await outsider.Client.FailsAsync("package_show", new { id = "ck-d-secret" }, HttpStatusCode.Forbidden, "Authorization Error");
        Assert.True((await member.Client.OkAsync("package_show", new { id = "ck-d-secret" })).GetProperty("private").GetBoolean());

        Assert.DoesNotContain("ck-d-secret", (await agora.Anonymous().OkAsync("package_list")).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("ck-d-hidden-tag", (await agora.Anonymous().OkAsync("tag_list")).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain((await agora.Anonymous().OkAsync("recently_changed_packages_activity_list")).EnumerateArray(),
            a => a.GetProperty("data").GetProperty("package").GetProperty("name").GetString() == "ck-d-secret");
        await outsider.Client.FailsAsync("package_update", new { id = "ck-d-secret", name = "ck-d-secret" }, HttpStatusCode.Forbidden, "Authorization Error");
    }

    [Fact]
    public async Task Missing_and_unknown_ids_are_reported_as_ckan_does()
    {
        var missing = await agora.Anonymous().FailsAsync("package_show", new { }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("Missing value", missing.GetProperty("name_or_id")[0].GetString());
        var unknown = await agora.Anonymous().FailsAsync("package_show", new { id = "no-such-dataset" }, HttpStatusCode.NotFound, "Not Found Error");
        Assert.StartsWith("Not found", unknown.GetProperty("message").GetString());
        await agora.Anonymous().FailsAsync("resource_show", new { id = Guid.NewGuid() }, HttpStatusCode.NotFound, "Not Found Error");
        await agora.Anonymous().FailsAsync("organization_show", new { id = "no-such-org" }, HttpStatusCode.NotFound, "Not Found Error");
    }

    [Fact]
    public async Task Update_replaces_and_patch_merges()
    {
        var (org, _, editor, _) = await OrganisationAsync("ck-e");
        await editor.Client.OkAsync("package_create", new
        {
            name = "ck-e-buses", title = "Bus stops", notes = "All stops.", owner_org = org, tags = new[] { new { name = "transport" } },
            resources = new[] { new { url = "https://data.example/stops.csv", name = "Stops", description = "One row a stop" } },
        });

        var patched = await editor.Client.OkAsync("package_patch", new { id = "ck-e-buses", notes = "All stops, updated nightly." });
        Assert.Equal("Bus stops", patched.GetProperty("title").GetString());
        Assert.Equal("All stops, updated nightly.", patched.GetProperty("notes").GetString());
        var resource = Assert.Single(patched.GetProperty("resources").EnumerateArray());
        Assert.Equal("https://data.example/stops.csv", resource.GetProperty("url").GetString());
        Assert.Equal("One row a stop", resource.GetProperty("description").GetString());
        Assert.Single(patched.GetProperty("tags").EnumerateArray());

        var updated = await editor.Client.OkAsync("package_update", new { id = "ck-e-buses", name = "ck-e-buses", title = "Bus stops 2026" });
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("notes").ValueKind);
        Assert.Empty(updated.GetProperty("resources").EnumerateArray());
        Assert.Empty(updated.GetProperty("tags").EnumerateArray());
        Assert.Equal(org, updated.GetProperty("organization").GetProperty("name").GetString());

        var activity = await agora.Anonymous().OkAsync("package_activity_list", new { id = "ck-e-buses" });
        Assert.Equal(["changed package", "changed package", "new package"], activity.EnumerateArray().Select(a => a.GetProperty("activity_type").GetString()!).ToArray());
    }

    [Fact]
    public async Task Deleted_datasets_leave_the_lists_stay_visible_to_members_and_free_their_name()
    {
        var (org, _, editor, member) = await OrganisationAsync("ck-f");
        await editor.Client.OkAsync("package_create", new { name = "ck-f-old", owner_org = org });
        var (status, body) = await editor.Client.CallAsync("package_delete", new { id = "ck-f-old" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("result").ValueKind);

        Assert.DoesNotContain("ck-f-old", (await agora.Anonymous().OkAsync("package_list")).EnumerateArray().Select(e => e.GetString()));
        await agora.Anonymous().FailsAsync("package_show", new { id = "ck-f-old" }, HttpStatusCode.Forbidden, "Authorization Error");
        Assert.Equal("deleted", (await member.Client.OkAsync("package_show", new { id = "ck-f-old" })).GetProperty("state").GetString());

        var reborn = await editor.Client.OkAsync("package_create", new { name = "ck-f-old", owner_org = org });
        Assert.Equal("active", reborn.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Search_follows_changes_and_deletions()
    {
        var (org, _, editor, _) = await OrganisationAsync("ck-s");
        await editor.Client.OkAsync("package_create", new { name = "ck-s-crossings", owner_org = org, notes = "Every zebra crossing in town." });
        Assert.Equal(1, (await agora.Anonymous().OkAsync("package_search", new { q = "zebra" })).GetProperty("count").GetInt32());

        await editor.Client.OkAsync("package_patch", new { id = "ck-s-crossings", notes = "Every pelican crossing in town." });
        await editor.Client.OkAsync("package_patch", new { id = "ck-s-crossings", title = "Pedestrian crossings" });
        Assert.Equal(0, (await agora.Anonymous().OkAsync("package_search", new { q = "zebra" })).GetProperty("count").GetInt32());
        var found = await agora.Anonymous().OkAsync("package_search", new { q = "pelican pedestrian" });
        Assert.Equal(1, found.GetProperty("count").GetInt32());
        if (!AgoraFactory.UsesPostgres)
        {
            // Each save replaces the dataset's full-text row; none are left behind.
            var key = found.GetProperty("results")[0].GetProperty("id").GetString()!.ToUpperInvariant();
            var rows = await agora.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM datasets_fts WHERE dataset_id = {key}").SingleAsync());
            Assert.Equal(1, rows);
        }

        await editor.Client.OkAsync("package_delete", new { id = "ck-s-crossings" });
        Assert.Equal(0, (await agora.Anonymous().OkAsync("package_search", new { q = "pelican" })).GetProperty("count").GetInt32());
        await agora.Admin().OkAsync("dataset_purge", new { id = "ck-s-crossings" });
        Assert.Equal(0, (await agora.Admin().OkAsync("package_search", new { q = "pelican", include_deleted = true })).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Only_system_administrators_purge()
    {
        var (org, admin, editor, _) = await OrganisationAsync("ck-g");
        var created = await editor.Client.OkAsync("package_create", new { name = "ck-g-gone", owner_org = org });
        var denied = await admin.Client.FailsAsync("dataset_purge", new { id = "ck-g-gone" }, HttpStatusCode.Forbidden, "Authorization Error");
        Assert.Equal("Access denied", denied.GetProperty("message").GetString());
        await agora.Admin().OkAsync("dataset_purge", new { id = "ck-g-gone" });
        await agora.Admin().FailsAsync("package_show", new { id = created.GetProperty("id").GetString() }, HttpStatusCode.NotFound, "Not Found Error");
    }

    [Fact]
    public async Task Uploaded_resources_are_stored_sized_and_downloadable_by_those_who_may_read()
    {
        var (org, _, editor, member) = await OrganisationAsync("ck-h");
        await editor.Client.OkAsync("package_create", new { name = "ck-h-counts", owner_org = org, @private = true });
        var csv = "street,count\nHavnegade,412\nStrandvej,388\n"u8.ToArray();
        var form = new MultipartFormDataContent { { new StringContent("ck-h-counts"), "package_id" }, { new StringContent("Cycle counts"), "name" } };
        form.Add(new ByteArrayContent(csv), "upload", "Cycle Counts 2026.csv");
        var response = await editor.Client.PostAsync("/api/3/action/resource_create", form);
        var resource = (await response.JsonAsync()).GetProperty("result");

        Assert.Equal("upload", resource.GetProperty("url_type").GetString());
        Assert.Equal(csv.Length, resource.GetProperty("size").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv)), resource.GetProperty("hash").GetString());
        Assert.Equal("CSV", resource.GetProperty("format").GetString());
        var url = new Uri(resource.GetProperty("url").GetString()!);
        Assert.EndsWith("/download/cycle-counts-2026.csv", url.AbsolutePath);

        Assert.Equal(csv, await (await member.Client.GetAsync(url.PathAndQuery)).Content.ReadAsByteArrayAsync());
        var anonymous = await agora.Anonymous().GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);
        var outsider = await agora.CreateUserAsync("ck-h-outsider");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Client.GetAsync(url.PathAndQuery)).StatusCode);

        var id = resource.GetProperty("id").GetString();
        var patched = await editor.Client.OkAsync("resource_patch", new { id, description = "Daily totals" });
        Assert.Equal("upload", patched.GetProperty("url_type").GetString());
        Assert.Equal("Daily totals", patched.GetProperty("description").GetString());
        await editor.Client.OkAsync("resource_delete", new { id });
        await editor.Client.FailsAsync("resource_show", new { id }, HttpStatusCode.NotFound, "Not Found Error");
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync(url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Groups_are_updated_and_patched_by_sysadmins_only_and_keep_their_name()
    {
        var (_, admin, _, _) = await OrganisationAsync("ck-gu");
        await agora.Admin().OkAsync("group_create", new { name = "ck-gu-water", title = "Water", description = "Rivers and rain" });

        var patched = await agora.Admin().OkAsync("group_patch", new { id = "ck-gu-water", description = "Rivers, rain and the harbour" });
        Assert.Equal(("Water", "Rivers, rain and the harbour"), (patched.GetProperty("title").GetString(), patched.GetProperty("description").GetString()));

        // update replaces: what is left out is cleared (the title falls back to the name).
        var updated = await agora.Admin().OkAsync("group_update", new { id = "ck-gu-water", title = "Water and sewers" });
        Assert.Equal(("Water and sewers", ""), (updated.GetProperty("title").GetString(), updated.GetProperty("description").GetString()));

        await admin.Client.FailsAsync("group_patch", new { id = "ck-gu-water", title = "Mine" }, HttpStatusCode.Forbidden, "Authorization Error");
        await agora.Anonymous().FailsAsync("group_update", new { id = "ck-gu-water", title = "Mine" }, HttpStatusCode.Forbidden, "Authorization Error");
        await agora.Admin().FailsAsync("group_patch", new { id = "ck-gu-nothing", title = "X" }, HttpStatusCode.NotFound, "Not Found Error");
        var renamed = await agora.Admin().FailsAsync("group_patch", new { id = "ck-gu-water", name = "ck-gu-wet" }, HttpStatusCode.Conflict, "Validation Error");
        Assert.True(renamed.TryGetProperty("name", out _));
        await agora.Admin().FailsAsync("group_patch", new { id = "ck-gu-water", image_url = "javascript:alert(1)" }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Equal("Water and sewers", (await agora.Anonymous().OkAsync("group_show", new { id = "ck-gu-water" })).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Organisations_groups_licences_and_users_read_as_ckan_dicts()
    {
        var (org, admin, editor, _) = await OrganisationAsync("ck-i");
        await agora.Admin().OkAsync("group_create", new { name = "ck-i-mobility", title = "Mobility" });
        await admin.Client.FailsAsync("group_create", new { name = "ck-i-nope" }, HttpStatusCode.Forbidden, "Authorization Error");
        await editor.Client.OkAsync("package_create", new { name = "ck-i-bikes", owner_org = org, groups = new[] { new { name = "ck-i-mobility" } } });

        Assert.Contains(org, (await agora.Anonymous().OkAsync("organization_list")).EnumerateArray().Select(e => e.GetString()));
        var all = await agora.Anonymous().OkAsync("organization_list", new { all_fields = true });
        Assert.Equal(1, all.EnumerateArray().Single(o => o.GetProperty("name").GetString() == org).GetProperty("package_count").GetInt32());
        var shown = await agora.Anonymous().OkAsync("organization_show", new { id = org, include_datasets = true });
        Assert.Equal("ck-i-bikes", shown.GetProperty("packages")[0].GetProperty("name").GetString());
        Assert.Equal(1, (await agora.Anonymous().OkAsync("group_show", new { id = "ck-i-mobility" })).GetProperty("package_count").GetInt32());

        var licences = await agora.Anonymous().OkAsync("license_list");
        Assert.Contains(licences.EnumerateArray(), l => l.GetProperty("id").GetString() == "CC-BY-4.0");

        var self = await editor.Client.OkAsync("user_show", new { id = "ck-i-editor" });
        Assert.Equal("ck-i-editor@test.example", self.GetProperty("email").GetString());
        var other = await agora.Anonymous().OkAsync("user_show", new { id = "ck-i-editor" });
        Assert.False(other.TryGetProperty("email", out _));
    }
}

/// <summary>A server with a small upload limit, to check that the limit holds.</summary>
public sealed class SmallUploadsFactory : AgoraFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:MaxUploadBytes", "1024");
    }
}

public sealed class CkanUploadLimitTests(SmallUploadsFactory agora) : IClassFixture<SmallUploadsFactory>
{
    [Fact]
    public async Task An_upload_over_the_limit_is_refused_and_nothing_is_kept()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Upload Limit Co", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        await agora.Admin().OkAsync("package_create", new { name = "limit-test", owner_org = org });
        var form = new MultipartFormDataContent { { new StringContent("limit-test"), "package_id" } };
        form.Add(new ByteArrayContent(new byte[512 * 1024]), "upload", "big.bin");
        var response = await agora.Admin().PostAsync("/api/3/action/resource_create", form);
        Assert.True(response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}");
        Assert.Equal(0, await agora.WithDbAsync(db => db.Resources.CountAsync()));
        var stored = Path.Combine(agora.DataDirectory, "files", "resources");
        Assert.Empty(Directory.Exists(stored) ? Directory.GetFiles(stored) : []);
    }
}

public sealed class CkanOrganizationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task A_ckan_client_creates_an_organisation_becomes_its_admin_and_adds_an_editor()
    {
        var owner = await agora.CreateUserAsync("cko-owner");
        await agora.CreateUserAsync("cko-colleague");
        var created = await owner.Client.OkAsync("organization_create", new { name = "cko-harbour-lab", title = "Harbour Lab", description = "A living lab." });
        Assert.Equal("cko-harbour-lab", created.GetProperty("name").GetString());
        Assert.True(created.GetProperty("is_organization").GetBoolean());

        var member = await owner.Client.OkAsync("organization_member_create", new { id = "cko-harbour-lab", username = "cko-colleague", role = "editor" });
        Assert.Equal("editor", member.GetProperty("capacity").GetString());
        var shown = await agora.Anonymous().OkAsync("organization_show", new { id = "cko-harbour-lab" });
        Assert.Contains(shown.GetProperty("users").EnumerateArray(), u => u.GetProperty("name").GetString() == "cko-colleague" && u.GetProperty("capacity").GetString() == "editor");

        var patched = await owner.Client.OkAsync("organization_patch", new { id = "cko-harbour-lab", description = "A living lab by the harbour." });
        Assert.Equal("A living lab by the harbour.", patched.GetProperty("description").GetString());
        Assert.Equal("Harbour Lab", patched.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Organisation_rules_hold_through_the_ckan_api()
    {
        var owner = await agora.CreateUserAsync("cko-rules");
        var outsider = await agora.CreateUserAsync("cko-outsider");
        await owner.Client.OkAsync("organization_create", new { name = "cko-rules-org", title = "Rules Org" });

        await agora.Anonymous().FailsAsync("organization_create", new { name = "cko-anon" }, HttpStatusCode.Forbidden, "Authorization Error");
        var taken = await outsider.Client.FailsAsync("organization_create", new { name = "cko-rules-org" }, HttpStatusCode.Conflict, "Validation Error");
        Assert.True(taken.TryGetProperty("name", out _));
        var bad = await outsider.Client.FailsAsync("organization_create", new { name = "Bad Name" }, HttpStatusCode.Conflict, "Validation Error");
        Assert.True(bad.TryGetProperty("name", out _));
        await outsider.Client.FailsAsync("organization_patch", new { id = "cko-rules-org", title = "Mine now" }, HttpStatusCode.Forbidden, "Authorization Error");
        await outsider.Client.FailsAsync("organization_member_create", new { id = "cko-rules-org", username = "cko-outsider", role = "admin" }, HttpStatusCode.Forbidden, "Authorization Error");
        await owner.Client.FailsAsync("organization_member_create", new { id = "cko-rules-org", username = "cko-outsider", role = "owner" }, HttpStatusCode.Conflict, "Validation Error");
        await owner.Client.FailsAsync("organization_delete", new { id = "cko-rules-org" }, HttpStatusCode.Forbidden, "Authorization Error");
        await agora.Admin().OkAsync("organization_delete", new { id = "cko-rules-org" });
        await agora.Anonymous().FailsAsync("organization_show", new { id = "cko-rules-org" }, HttpStatusCode.NotFound, "Not Found Error");
    }
}

public sealed class CataloguePageTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Dataset_pages_show_public_data_and_keep_private_data_behind_sign_in()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Page Test Agency", kind = "public-agency", level = "regional" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        await agora.Admin().OkAsync("package_create", new { name = "page-open", title = "Harbour ferry timetable", owner_org = org, tags = new[] { new { name = "ferries" } } });
        await agora.Admin().OkAsync("package_create", new { name = "page-closed", title = "Internal ferry costs", owner_org = org, @private = true });

        var search = await (await agora.Anonymous().GetAsync("/datasets?q=ferry")).Content.ReadAsStringAsync();
        Assert.Contains("Harbour ferry timetable", search);
        Assert.DoesNotContain("Internal ferry costs", search);
        Assert.Contains("Harbour ferry timetable", await (await agora.Anonymous().GetAsync("/datasets?f=tags%3Aferries")).Content.ReadAsStringAsync());
        Assert.Contains("Harbour ferry timetable", await (await agora.Anonymous().GetAsync("/dataset/page-open")).Content.ReadAsStringAsync());

        var closed = await agora.Anonymous().GetAsync("/dataset/page-closed");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.StartsWith("/signin", closed.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, (await agora.Anonymous().GetAsync("/dataset/no-such-dataset")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agora.Anonymous().GetAsync("/datasets?q=%28unclosed")).StatusCode);
    }
}
