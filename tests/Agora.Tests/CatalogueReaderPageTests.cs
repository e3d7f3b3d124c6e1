using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Agora.Tests;

/// <summary>The catalogue's pages for readers — home, search, dataset, organisation and group pages —
/// and who sees what on them.</summary>
public sealed partial class CatalogueReaderPageTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    /// <summary>An organisation with a plain member and an editor, a public, a brokered and a private
    /// dataset (titles carry the prefix), and an outsider who belongs to another organisation.</summary>
    async Task<Setup> SetUpAsync(string prefix)
    {
        // The test clock stands still; these datasets are the newest, and their changes come in order.
        agora.Clock.Advance(TimeSpan.FromMinutes(1));
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} Agency", kind = "public-agency", level = "municipal" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;
        var member = await agora.CreateUserAsync($"{prefix}-member");
        var editor = await agora.CreateUserAsync($"{prefix}-editor");
        var outsider = await agora.CreateUserAsync($"{prefix}-outsider");
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-member", new { role = "member" })).EnsureSuccessStatusCode();
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-editor", new { role = "editor" })).EnsureSuccessStatusCode();
        (await outsider.Client.PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} Outsiders", kind = "company" })).EnsureSuccessStatusCode();
        await agora.Admin().OkAsync("package_create", new { name = $"{prefix}-open", title = $"{prefix} open harbour data", owner_org = org, notes = "Open *harbour* data." });
        await agora.Admin().OkAsync("package_create", new { name = $"{prefix}-brokered", title = $"{prefix} brokered harbour data", owner_org = org, visibility = "brokered" });
        await agora.Admin().OkAsync("package_create", new { name = $"{prefix}-secret", title = $"{prefix} secret harbour data", owner_org = org, @private = true });
        return new Setup(org, member, editor, outsider);
    }

    sealed record Setup(string Org, TestUser Member, TestUser Editor, TestUser Outsider);

    static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: expected {(int)status}, got {(int)response.StatusCode}");
        Assert.DoesNotContain("   at ", html);
        return html;
    }

    [Fact]
    public async Task Home_shows_counts_and_recent_datasets_with_dates_but_private_ones_only_to_members()
    {
        var s = await SetUpAsync("hm");
        await agora.Admin().OkAsync("group_create", new { name = "hm-group", title = "Home group" });

        foreach (var reader in new[] { agora.Anonymous(), s.Outsider.Client })
        {
            var home = await PageAsync(reader, "/");
            Assert.Contains("hm open harbour data", home);
            Assert.Contains("hm brokered harbour data", home);
            Assert.DoesNotContain("hm secret harbour data", home);
            Assert.Matches(@"<strong>\d+</strong> groups", home);
            Assert.Matches(@"updated <time datetime=""\d{4}-\d\d-\d\dT", home);
        }
        var anonymousCount = DatasetCount(await PageAsync(agora.Anonymous(), "/"));
        var memberHome = await PageAsync(s.Member.Client, "/");
        Assert.Contains("hm secret harbour data", memberHome);
        Assert.Equal(anonymousCount + 1, DatasetCount(memberHome));
    }

    static int DatasetCount(string home) => int.Parse(Regex.Match(home, @"<strong>(\d+)</strong> datasets").Groups[1].Value);

    [Fact]
    public async Task Search_hides_private_datasets_and_their_facet_from_anonymous_readers_and_outsiders()
    {
        var s = await SetUpAsync("sr");
        foreach (var reader in new[] { agora.Anonymous(), s.Outsider.Client })
        {
            var page = await PageAsync(reader, "/datasets?q=harbour&f=" + Uri.EscapeDataString("organization:" + s.Org));
            Assert.Contains("sr open harbour data", page);
            Assert.Contains("sr brokered harbour data", page);
            Assert.DoesNotContain("sr secret harbour data", page);
            Assert.Contains("Brokered (under agreement)", page);
            Assert.DoesNotContain(">Private</a>", page);
            Assert.DoesNotContain("sr secret", await PageAsync(reader, "/datasets?f=visibility%3Aprivate"));
        }
        var member = await PageAsync(s.Member.Client, "/datasets?f=" + Uri.EscapeDataString("organization:" + s.Org));
        Assert.Contains("sr secret harbour data", member);
        Assert.Contains(">Private</a>", member);
        Assert.Contains("sr secret harbour data", await PageAsync(s.Member.Client, "/datasets?f=visibility%3Aprivate"));
    }

    [Fact]
    public async Task Search_results_show_publisher_licence_formats_and_a_plain_snippet_and_sort_by_name()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Sort Agency", kind = "public-agency", level = "state" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        await agora.Admin().OkAsync("package_create", new
        {
            name = "zz-sort-b", title = "Aaa sortable tramline", owner_org = org, license_id = "CC-BY-4.0",
            notes = "Tram **stops** with <b>markup</b>.", resources = new[] { new { url = "https://example.org/stops.csv", format = "CSV" } },
        });
        await agora.Admin().OkAsync("package_create", new { name = "zz-sort-a", title = "Zzz sortable tramline", owner_org = org });

        var page = await PageAsync(agora.Anonymous(), "/datasets?q=sortable&sort=" + Uri.EscapeDataString("name asc"));
        Assert.True(page.IndexOf("Zzz sortable", StringComparison.Ordinal) < page.IndexOf("Aaa sortable", StringComparison.Ordinal), "name asc puts zz-sort-a first");
        Assert.Contains("Sort Agency", page);
        Assert.Contains("Creative Commons Attribution 4.0", page);
        Assert.Contains("<span class=\"badge\">CSV</span>", page);
        Assert.Contains("Tram stops with &lt;b&gt;markup&lt;/b&gt;.", page);
        Assert.Contains("<option value=\"name asc\" selected=\"selected\">", page);

        var byTitle = await PageAsync(agora.Anonymous(), "/datasets?q=sortable&sort=" + Uri.EscapeDataString("title_string asc"));
        Assert.True(byTitle.IndexOf("Aaa sortable", StringComparison.Ordinal) < byTitle.IndexOf("Zzz sortable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_pages_keep_the_query_filters_and_sort()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Paging Agency", kind = "public-agency", level = "state" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        for (var i = 0; i < 23; i++)
            await agora.Admin().OkAsync("package_create", new { name = $"pg-{i:D2}", title = $"Pageable {i:D2}", owner_org = org, tags = new[] { new { name = "pageable" } } });

        var first = await PageAsync(agora.Anonymous(), "/datasets?q=pageable&f=tags%3Apageable&sort=" + Uri.EscapeDataString("name asc"));
        Assert.Contains("23 datasets found", first);
        Assert.Contains("Page 1 of 2", first);
        Assert.Contains("Pageable 00", first);
        Assert.DoesNotContain("Pageable 22", first);
        var next = Regex.Match(first, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains("q=pageable", next);
        Assert.Contains("f=tags%3Apageable", next);
        Assert.Contains("sort=name%20asc", next);
        Assert.Contains("page=2", next);
        var second = await PageAsync(agora.Anonymous(), next);
        Assert.Contains("Pageable 22", second);
        Assert.DoesNotContain("Pageable 00", second);
        Assert.Contains("rel=\"prev\"", second);

        // A page past the end or a wild number is an empty page, not an error.
        Assert.Contains("past the last one", await PageAsync(agora.Anonymous(), "/datasets?q=pageable&page=99999999"));
        Assert.Contains("Page 1 of 2", await PageAsync(agora.Anonymous(), "/datasets?q=pageable&page=abc"));

        // A group's page pages the same way.
        await agora.Admin().OkAsync("group_create", new { name = "pageable-group" });
        for (var i = 0; i < 23; i++)
            await agora.Admin().OkAsync("member_create", new { id = "pageable-group", @object = $"pg-{i:D2}", object_type = "package" });
        var group = await PageAsync(agora.Anonymous(), "/group/pageable-group");
        Assert.Contains("Page 1 of 2", group);
        Assert.DoesNotContain("Pageable 22", group);
        Assert.Contains("Pageable 22", await PageAsync(agora.Anonymous(), "/group/pageable-group?page=2"));
    }

    [Fact]
    public async Task Bad_queries_and_empty_results_get_a_message_not_an_error_page()
    {
        var bad = await PageAsync(agora.Anonymous(), "/datasets?q=%28unclosed%20AND", HttpStatusCode.BadRequest);
        Assert.Contains("role=\"alert\"", bad);
        Assert.Contains("Search Query is invalid", bad);
        Assert.Contains("<h1>Open data</h1>", bad);
        Assert.Contains("No datasets match", await PageAsync(agora.Anonymous(), "/datasets?q=nothingcouldpossiblymatchthis"));
        Assert.Contains("No datasets match", await PageAsync(agora.Anonymous(), "/datasets?f=nosuchfield%3Ax&f=novalue&sort=bogus"));
    }

    [Fact]
    public async Task Dataset_page_shows_metadata_with_labels_links_and_dcat_alternates()
    {
        var s = await SetUpAsync("md");
        await agora.Admin().OkAsync("group_create", new { name = "md-transport", title = "MD Transport" });
        await agora.Admin().OkAsync("package_create", new
        {
            name = "md-full", title = "Full metadata", owner_org = s.Org, license_id = "CC-BY-4.0", version = "2.1",
            author = "Ann Author", author_email = "ann@example.org", maintainer = "Max Maintainer", url = "https://source.example.org/data",
            visibility = "brokered", tags = new[] { new { name = "ferries" } }, groups = new[] { new { name = "md-transport" } },
            extras = new[]
            {
                new { key = "theme", value = "http://publications.europa.eu/resource/authority/data-theme/TRAN" },
                new { key = "frequency", value = "DAILY" }, new { key = "temporal_start", value = "2024-01-01" },
                new { key = "custom_field", value = "custom value" },
            },
        });
        var page = await PageAsync(agora.Anonymous(), "/dataset/md-full");
        Assert.Contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">", page);
        Assert.Contains("2.1", page);
        Assert.Contains("<a href=\"mailto:ann@example.org\">Ann Author</a>", page);
        Assert.Contains("Max Maintainer", page);
        Assert.Contains("<a href=\"https://source.example.org/data\"", page);
        Assert.Contains("metadata public, data under an agreement on the Exchange", page);
        Assert.Contains("href=\"/datasets?f=tags%3Aferries\"", page);
        Assert.Contains("href=\"/group/md-transport\">MD Transport</a>", page);
        Assert.Contains("<dd>Transport</dd>", page);
        Assert.Contains("<dd>Daily</dd>", page);
        Assert.Contains("<dd>2024-01-01</dd>", page);
        Assert.Contains("<td>custom_field</td>", page);
        Assert.Contains("href=\"/api/3/action/package_show?id=md-full\"", page);
        Assert.Contains("<link rel=\"alternate\" type=\"text/turtle\" href=\"/dataset/md-full.ttl\"", page);
        Assert.Contains("<link rel=\"alternate\" type=\"application/ld+json\" href=\"/dataset/md-full.jsonld\"", page);
        Assert.Contains("<link rel=\"alternate\" type=\"application/rdf+xml\" href=\"/dataset/md-full.rdf\"", page);
        Assert.Contains("href=\"/dataset/md-full.rdf\"", page);
        Assert.Contains("created the dataset", page);
    }

    [Fact]
    public async Task Notes_titles_and_urls_cannot_inject_script()
    {
        var s = await SetUpAsync("xs");
        await agora.Admin().OkAsync("package_create", new
        {
            name = "xs-evil", title = "<img src=x onerror=alert(1)>", owner_org = s.Org, url = "javascript:alert(3)",
            notes = "# Heading\n\n**bold** <script>alert(2)</script> [click](javascript:alert(4)) [ok](https://example.org/) " +
                    "<a href=\"javascript:alert(5)\">raw</a> ![img](javascript:alert(6)) [tab](java\tscript:alert(7))",
            tags = new[] { new { name = "xss-test" } },
        });
        foreach (var path in new[] { "/dataset/xs-evil", "/datasets?f=tags%3Axss-test", $"/organisations/{s.Org}", "/" })
        {
            var page = await PageAsync(agora.Anonymous(), path);
            Assert.DoesNotContain("<img src=x", page);
            Assert.DoesNotContain("<script>alert", page);
            Assert.DoesNotMatch(new Regex(@"(href|src)\s*=\s*[""']?\s*java", RegexOptions.IgnoreCase), page);
        }
        var dataset = await PageAsync(agora.Anonymous(), "/dataset/xs-evil");
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dataset);
        Assert.Contains("<strong>bold</strong>", dataset);
        Assert.Contains("<h3", dataset);
        Assert.Contains("<a href=\"https://example.org/\" rel=\"nofollow noopener\">ok</a>", dataset);
        Assert.Contains("&lt;script&gt;", dataset);
        Assert.Contains("<a href=\"#\" rel=\"nofollow noopener\">click</a>", dataset);
    }

    [Fact]
    public async Task Private_dataset_page_and_its_activity_are_for_members_only()
    {
        var s = await SetUpAsync("ac");
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Outsider.Client.GetAsync("/dataset/ac-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await agora.Anonymous().GetAsync("/dataset/ac-secret")).StatusCode);
        Assert.Contains("created the dataset", await PageAsync(s.Member.Client, "/dataset/ac-secret"));

        // Made public later: outsiders see the changes since, not those made while it was private.
        agora.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.Editor.Client.OkAsync("package_patch", new { id = "ac-secret", notes = "Still private." });
        agora.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.Editor.Client.OkAsync("package_patch", new { id = "ac-secret", @private = false });
        var outside = await PageAsync(s.Outsider.Client, "/dataset/ac-secret");
        Assert.Single(Regex.Matches(outside, "changed the dataset"));
        Assert.DoesNotContain("created the dataset", outside);
        Assert.Contains("Test ac-editor changed the dataset</li>", outside);
        var inside = await PageAsync(s.Member.Client, "/dataset/ac-secret");
        Assert.Contains("created the dataset", inside);
        Assert.Contains("changed the dataset: description", inside);
        Assert.True(inside.IndexOf("visibility", inside.IndexOf("id=\"activity\"", StringComparison.Ordinal), StringComparison.Ordinal)
                    < inside.IndexOf("created the dataset", StringComparison.Ordinal), "newest first");
    }

    [Fact]
    public async Task Organisation_page_lists_its_datasets_private_ones_only_for_members_and_sysadmins()
    {
        var s = await SetUpAsync("op");
        foreach (var reader in new[] { agora.Anonymous(), s.Outsider.Client })
        {
            var page = await PageAsync(reader, $"/organisations/{s.Org}");
            Assert.Contains("op open harbour data", page);
            Assert.Contains("op brokered harbour data", page);
            Assert.DoesNotContain("op secret harbour data", page);
            Assert.Contains("2 datasets", page);
            Assert.Contains($"href=\"/datasets?f=organization%3A{s.Org}\"", page);
        }
        foreach (var reader in new[] { s.Member.Client, agora.Admin() })
        {
            var page = await PageAsync(reader, $"/organisations/{s.Org}");
            Assert.Contains("op secret harbour data", page);
            Assert.Contains("3 datasets", page);
        }
    }

    [Fact]
    public async Task Group_pages_list_groups_and_their_datasets_private_ones_only_for_members()
    {
        var s = await SetUpAsync("gp");
        await agora.Admin().OkAsync("group_create", new { name = "gp-harbour", title = "GP Harbour", description = "Data about the *harbour*. <script>alert(1)</script>" });
        foreach (var name in new[] { "gp-open", "gp-secret" })
            await agora.Admin().OkAsync("member_create", new { id = "gp-harbour", @object = name, object_type = "package", capacity = "public" });

        foreach (var reader in new[] { agora.Anonymous(), s.Outsider.Client })
        {
            var list = await PageAsync(reader, "/groups");
            Assert.Matches("GP Harbour</a></h2>[\\s\\S]*?1 dataset<", list);
            var group = await PageAsync(reader, "/group/gp-harbour");
            Assert.Contains("gp open harbour data", group);
            Assert.DoesNotContain("gp secret harbour data", group);
            Assert.Contains("<em>harbour</em>", group);
            Assert.DoesNotContain("<script>alert", group);
            Assert.Contains("href=\"/datasets?f=groups%3Agp-harbour\"", group);
            Assert.DoesNotContain("gp secret", await PageAsync(reader, "/datasets?f=groups%3Agp-harbour"));
        }
        Assert.Contains("gp secret harbour data", await PageAsync(s.Member.Client, "/group/gp-harbour"));
        Assert.Matches("GP Harbour</a></h2>[\\s\\S]*?2 datasets<", await PageAsync(s.Member.Client, "/groups"));
        await PageAsync(agora.Anonymous(), "/group/no-such-group", HttpStatusCode.NotFound);

        await agora.Admin().OkAsync("group_create", new { name = "gp-evil", title = "<img src=x onerror=alert(1)>", description = "[x](javascript:alert(2))" });
        await agora.Admin().OkAsync("member_create", new { id = "gp-evil", @object = "gp-open", object_type = "package" });
        foreach (var path in new[] { "/groups", "/group/gp-evil", "/dataset/gp-open", "/datasets?q=harbour" })
        {
            var page = await PageAsync(agora.Anonymous(), path);
            Assert.DoesNotContain("<img src=x", page);
            Assert.DoesNotContain("javascript:", page);
        }
        await PageAsync(agora.Anonymous(), "/group/gp-harbour?page=-5");
    }

    [Fact]
    public async Task Sysadmins_create_and_edit_groups_with_group_create_validation()
    {
        var admin = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("admin", AgoraFactory.AdminPassword)).StatusCode);
        var bad = await admin.SubmitAsync("/group/new", new Dictionary<string, string> { ["Form.Name"] = "Bad Name", ["Form.Title"] = "Bad" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Must be purely lowercase alphanumeric", await bad.Content.ReadAsStringAsync());

        var created = await admin.SubmitAsync("/group/new", new Dictionary<string, string>
        {
            ["Form.Name"] = "ui-group", ["Form.Title"] = "UI group", ["Form.Description"] = "Made in the **web UI**.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/group/ui-group", created.Headers.Location!.OriginalString);
        Assert.Equal("UI group", (await agora.Anonymous().OkAsync("group_show", new { id = "ui-group" })).GetProperty("title").GetString());

        var taken = await admin.SubmitAsync("/group/new", new Dictionary<string, string> { ["Form.Name"] = "ui-group" });
        Assert.Contains("Group name already exists", await taken.Content.ReadAsStringAsync());
        var reserved = await admin.SubmitAsync("/group/new", new Dictionary<string, string> { ["Form.Name"] = "new" });
        Assert.Contains("Group name already exists", await reserved.Content.ReadAsStringAsync());

        var edited = await admin.SubmitAsync("/group/ui-group/edit", new Dictionary<string, string>
        {
            ["Form.Name"] = "ui-group", ["Form.Title"] = "UI group, renamed", ["Form.Description"] = "Changed.", ["Form.ImageUrl"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("UI group, renamed", (await agora.Anonymous().OkAsync("group_show", new { id = "ui-group" })).GetProperty("title").GetString());
        var badImage = await admin.SubmitAsync("/group/ui-group/edit", new Dictionary<string, string>
        {
            ["Form.Name"] = "ui-group", ["Form.Title"] = new string('t', 201), ["Form.ImageUrl"] = "javascript:alert(1)",
        });
        var badText = await badImage.Content.ReadAsStringAsync();
        Assert.Contains("Must be at most 200 characters long", badText);
        Assert.Contains("Please provide a valid URL", badText);
        Assert.Equal("UI group, renamed", (await agora.Anonymous().OkAsync("group_show", new { id = "ui-group" })).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Group_create_and_edit_are_denied_to_everyone_but_sysadmins_even_when_posted_directly()
    {
        await agora.Admin().OkAsync("group_create", new { name = "guarded-group", title = "Guarded" });
        var user = await agora.CreateUserAsync("group-poster");
        var browser = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.UserName, user.Password)).StatusCode);
        // The user gets an antiforgery token from a page they may see, then posts the forms directly.
        var create = await browser.SubmitAsync("/account", new Dictionary<string, string> { ["Form.Name"] = "sneaky-group" }, "/group/new");
        Assert.True(create.StatusCode is HttpStatusCode.Forbidden || create.Headers.Location?.AbsolutePath == "/denied",
            $"create: {(int)create.StatusCode} {create.Headers.Location}");
        var edit = await browser.SubmitAsync("/account", new Dictionary<string, string> { ["Form.Name"] = "guarded-group", ["Form.Title"] = "Mine" }, "/group/guarded-group/edit");
        Assert.True(edit.StatusCode is HttpStatusCode.Forbidden || edit.Headers.Location?.AbsolutePath == "/denied",
            $"edit: {(int)edit.StatusCode} {edit.Headers.Location}");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/group/new")).StatusCode);

        var anonymous = await agora.Anonymous().PostAsync("/group/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Name"] = "anon-group" }));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.False(anonymous.Headers.Location?.OriginalString.StartsWith("/group/", StringComparison.Ordinal) ?? false);

        await agora.Anonymous().FailsAsync("group_show", new { id = "sneaky-group" }, HttpStatusCode.NotFound, "Not Found Error");
        await agora.Anonymous().FailsAsync("group_show", new { id = "anon-group" }, HttpStatusCode.NotFound, "Not Found Error");
        Assert.Equal("Guarded", (await agora.Anonymous().OkAsync("group_show", new { id = "guarded-group" })).GetProperty("title").GetString());
        await user.Client.FailsAsync("group_create", new { name = "api-sneaky" }, HttpStatusCode.Forbidden, "Authorization Error");
    }

    [Fact]
    public async Task Editors_add_and_remove_their_datasets_to_groups_from_the_dataset_page_and_others_cannot()
    {
        var s = await SetUpAsync("dg");
        await agora.Admin().OkAsync("group_create", new { name = "dg-group", title = "DG group" });

        var editor = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SignInAsync(s.Editor.UserName, s.Editor.Password)).StatusCode);
        agora.Clock.Advance(TimeSpan.FromSeconds(1));
        var page = await PageAsync(editor, "/dataset/dg-open");
        Assert.Contains("Add to a group", page);
        var added = await editor.SubmitAsync("/dataset/dg-open", new Dictionary<string, string> { ["group"] = "dg-group" }, "/dataset/dg-open?handler=AddGroup");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var groups = (await agora.Anonymous().OkAsync("package_show", new { id = "dg-open" })).GetProperty("groups");
        Assert.Equal("dg-group", Assert.Single(groups.EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains("dg open harbour data", await PageAsync(agora.Anonymous(), "/group/dg-group"));
        Assert.Contains("changed the dataset: groups", await PageAsync(agora.Anonymous(), "/dataset/dg-open"));

        // A plain member and an outsider see no form, and posting it directly changes nothing.
        foreach (var reader in new[] { s.Member, s.Outsider })
        {
            var browser = agora.Browser();
            Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(reader.UserName, reader.Password)).StatusCode);
            Assert.DoesNotContain("Add to a group", await PageAsync(browser, "/dataset/dg-open"));
            var removed = await browser.SubmitAsync("/account", new Dictionary<string, string> { ["group"] = "dg-group" }, "/dataset/dg-open?handler=RemoveGroup");
            Assert.NotEqual(HttpStatusCode.OK, removed.StatusCode);
            Assert.False(removed.Headers.Location?.OriginalString.StartsWith("/dataset/", StringComparison.Ordinal) ?? false);
        }
        var outsider = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await outsider.SignInAsync(s.Outsider.UserName, s.Outsider.Password)).StatusCode);
        var secret = await outsider.SubmitAsync("/account", new Dictionary<string, string> { ["group"] = "dg-group" }, "/dataset/dg-secret?handler=AddGroup");
        Assert.NotEqual(HttpStatusCode.OK, secret.StatusCode);
        Assert.Single((await agora.Anonymous().OkAsync("package_show", new { id = "dg-open" })).GetProperty("groups").EnumerateArray());
        Assert.Empty((await agora.Admin().OkAsync("package_show", new { id = "dg-secret" })).GetProperty("groups").EnumerateArray());

        var taken = await editor.SubmitAsync("/dataset/dg-open", new Dictionary<string, string> { ["group"] = "dg-group" }, "/dataset/dg-open?handler=RemoveGroup");
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Empty((await agora.Anonymous().OkAsync("package_show", new { id = "dg-open" })).GetProperty("groups").EnumerateArray());
    }

    [Fact]
    public async Task Member_create_and_member_delete_put_datasets_into_groups_for_those_who_may_edit_them()
    {
        var s = await SetUpAsync("mc");
        await agora.Admin().OkAsync("group_create", new { name = "mc-group" });
        var member = await s.Editor.Client.OkAsync("member_create", new { id = "mc-group", @object = "mc-open", object_type = "package", capacity = "public" });
        Assert.Equal("package", member.GetProperty("table_name").GetString());
        Assert.Equal("mc-group", (await agora.Anonymous().OkAsync("package_show", new { id = "mc-open" })).GetProperty("groups")[0].GetProperty("name").GetString());
        Assert.Contains("mc open harbour data", await PageAsync(agora.Anonymous(), "/datasets?f=groups%3Amc-group"));

        await s.Member.Client.FailsAsync("member_create", new { id = "mc-group", @object = "mc-brokered", object_type = "package" }, HttpStatusCode.Forbidden, "Authorization Error");
        await s.Outsider.Client.FailsAsync("member_delete", new { id = "mc-group", @object = "mc-open", object_type = "package" }, HttpStatusCode.Forbidden, "Authorization Error");
        await s.Outsider.Client.FailsAsync("member_create", new { id = "mc-group", @object = "mc-secret", object_type = "package" }, HttpStatusCode.NotFound, "Not Found Error");
        await agora.Anonymous().FailsAsync("member_create", new { id = "mc-group", @object = "mc-open", object_type = "package" }, HttpStatusCode.Forbidden, "Authorization Error");
        await s.Editor.Client.FailsAsync("member_create", new { id = "no-group", @object = "mc-open", object_type = "package" }, HttpStatusCode.NotFound, "Not Found Error");
        await s.Editor.Client.FailsAsync("member_create", new { id = "mc-group", @object = "mc-open", object_type = "user" }, HttpStatusCode.Conflict, "Validation Error");

        await s.Editor.Client.OkAsync("member_delete", new { id = "mc-group", @object = "mc-open", object_type = "package" });
        Assert.Empty((await agora.Anonymous().OkAsync("package_show", new { id = "mc-open" })).GetProperty("groups").EnumerateArray());
        Assert.DoesNotContain("mc open harbour data", await PageAsync(agora.Anonymous(), "/datasets?f=groups%3Amc-group"));
    }
}
