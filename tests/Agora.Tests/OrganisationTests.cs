using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

public sealed class OrganisationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    static object Company(string name, string? slug = null) => new { name, slug, kind = "company", city = "Aldport", country = "DK" };

    async Task<(TestUser Admin, string Slug)> OrganisationWithAdminAsync(string prefix)
    {
        var admin = await agora.CreateUserAsync($"{prefix}-admin");
        var org = await (await admin.Client.PostAsJsonAsync("/api/v1/organisations", Company($"{prefix} Ltd"))).JsonAsync(HttpStatusCode.Created);
        return (admin, org.GetProperty("slug").GetString()!);
    }

    [Fact]
    public async Task Creator_becomes_admin_and_sees_it_in_me()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-a");
        Assert.Equal("org-a-ltd", slug);
        var me = await (await admin.Client.GetAsync("/api/v1/me")).JsonAsync();
        var membership = Assert.Single(me.GetProperty("organisations").EnumerateArray());
        Assert.Equal("admin", membership.GetProperty("role").GetString());
        Assert.Equal("company", membership.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Anonymous_cannot_create()
    {
        await (await agora.Anonymous().PostAsJsonAsync("/api/v1/organisations", Company("Ghost Co"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await agora.WithDbAsync(db => db.Organisations.AnyAsync(o => o.Name == "Ghost Co")));
    }

    [Fact]
    public async Task Public_agency_needs_a_level_and_others_must_not_have_one()
    {
        var agency = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Levelless Agency", kind = "public-agency" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("level", agency.FieldErrors());
        var company = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Levelled Co", kind = "company", level = "state" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("level", company.FieldErrors());

        var ok = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Region North", kind = "public-agency", level = "regional" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("regional", ok.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_all_reported_and_nothing_is_stored()
    {
        var problem = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations",
                new { name = "", slug = "Bad Slug!", country = "denmark", website = "ftp://x" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.FieldErrors();
        foreach (var field in new[] { "name", "slug", "kind", "country", "website" }) Assert.Contains(field, fields);
        Assert.False(await agora.WithDbAsync(db => db.Organisations.AnyAsync(o => o.Slug == "Bad Slug!")));
    }

    [Fact]
    public async Task Taken_slug_is_a_409()
    {
        (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", Company("Twin One", "org-twin"))).EnsureSuccessStatusCode();
        await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", Company("Twin Two", "org-twin"))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Twin One", await agora.WithDbAsync(db => db.Organisations.Where(o => o.Slug == "org-twin").Select(o => o.Name).SingleAsync()));
    }

    [Fact]
    public async Task Only_admins_of_the_organisation_edit_it()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-b");
        var editor = await agora.CreateUserAsync("org-b-editor");
        var outsider = await agora.CreateUserAsync("org-b-outsider");
        (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-b-editor", new { role = "editor" })).EnsureSuccessStatusCode();

        var change = Company("Renamed by someone");
        await (await editor.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}", change)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}", change)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("org-b Ltd", await agora.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Name).SingleAsync()));

        var updated = await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}", Company("Org B Holdings", slug))).JsonAsync();
        Assert.Equal("Org B Holdings", updated.GetProperty("name").GetString());
    }

    [Fact]
    public async Task System_administrator_edits_any_organisation()
    {
        var (_, slug) = await OrganisationWithAdminAsync("org-c");
        var updated = await (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{slug}", Company("Org C fixed by admin", slug))).JsonAsync();
        Assert.Equal("Org C fixed by admin", updated.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Editors_and_members_cannot_manage_members()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-d");
        var editor = await agora.CreateUserAsync("org-d-editor");
        await agora.CreateUserAsync("org-d-newcomer");
        (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-d-editor", new { role = "editor" })).EnsureSuccessStatusCode();

        await (await editor.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-d-newcomer", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-d-editor", new { role = "admin" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/org-d-admin")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var members = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/members")).JsonAsync();
        Assert.Equal(["org-d-admin:admin", "org-d-editor:editor"],
            members.EnumerateArray().Select(m => $"{m.GetProperty("userName")}:{m.GetProperty("role")}").ToArray());
    }

    [Fact]
    public async Task Admin_adds_changes_and_removes_members_and_a_member_may_leave()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-e");
        var member = await agora.CreateUserAsync("org-e-member");

        var added = await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-e-member", new { role = "member" })).JsonAsync();
        Assert.Equal("member", added.GetProperty("role").GetString());
        var promoted = await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-e-member", new { role = "editor" })).JsonAsync();
        Assert.Equal("editor", promoted.GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await member.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/org-e-member")).StatusCode);
        var members = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/members")).JsonAsync();
        Assert.Single(members.EnumerateArray());
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_removed()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-f");
        await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-f-admin", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/org-f-admin")).AssertProblemAsync(HttpStatusCode.Conflict);
        var members = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/members")).JsonAsync();
        Assert.Equal("admin", Assert.Single(members.EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Adding_an_unknown_user_or_role_is_refused()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-g");
        await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/nobody-here", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await agora.CreateUserAsync("org-g-x");
        await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-g-x", new { role = "owner" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-g-x", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("role", missing.FieldErrors());
    }

    [Fact]
    public async Task Only_system_administrators_delete_organisations()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-h");
        await (await admin.Client.DeleteAsync($"/api/v1/organisations/{slug}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await agora.Admin().DeleteAsync($"/api/v1/organisations/{slug}")).StatusCode);
        await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_filters_by_kind_and_text()
    {
        (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Filterton Municipality", kind = "public-agency", level = "municipal" })).EnsureSuccessStatusCode();
        (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Filterton Cyclists", kind = "ngo" })).EnsureSuccessStatusCode();

        var agencies = await (await agora.Anonymous().GetAsync("/api/v1/organisations?kind=public-agency&q=filterton")).JsonAsync();
        Assert.Equal(1, agencies.GetProperty("total").GetInt32());
        Assert.Equal("Filterton Municipality", agencies.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Logo_upload_accepts_images_from_admins_only_and_serves_them_back()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-i");
        var outsider = await agora.CreateUserAsync("org-i-outsider");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        static ByteArrayContent Image(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return content;
        }

        await (await outsider.Client.PutAsync($"/api/v1/organisations/{slug}/logo", Image(png, "image/png"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var wrongType = await (await admin.Client.PutAsync($"/api/v1/organisations/{slug}/logo", Image(png, "image/svg+xml"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(415, wrongType.GetProperty("status").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.PutAsync($"/api/v1/organisations/{slug}/logo", Image(png, "image/png"))).StatusCode);
        var logo = await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await logo.Content.ReadAsByteArrayAsync());
        var org = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}")).JsonAsync();
        Assert.EndsWith("/logo", org.GetProperty("logoUrl").GetString());
    }

    [Fact]
    public async Task Organisation_pages_render_and_edit_form_is_for_admins_only()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-j");
        var outsider = await agora.CreateUserAsync("org-j-outsider");
        var page = await agora.Anonymous().GetAsync($"/organisations/{slug}");
        Assert.Contains("org-j Ltd", await page.Content.ReadAsStringAsync());

        var browser = agora.Browser();
        await browser.SignInAsync(outsider.UserName, outsider.Password);
        var denied = await browser.GetAsync($"/organisations/{slug}/edit");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery);

        var adminBrowser = agora.Browser();
        await adminBrowser.SignInAsync(admin.UserName, admin.Password);
        var saved = await adminBrowser.SubmitAsync($"/organisations/{slug}/edit", new Dictionary<string, string>
        {
            ["Form.Name"] = "Org J Renamed", ["Form.Slug"] = slug, ["Form.Kind"] = "Company", ["Form.Country"] = "dk",
        }, action: $"/organisations/{slug}/edit?handler=Details");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Org J Renamed", await agora.WithDbAsync(db => db.Organisations.Where(o => o.Slug == slug).Select(o => o.Name).SingleAsync()));
    }

    [Fact]
    public async Task Members_are_listed_admins_first()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-k");
        foreach (var (name, role) in new[] { ("org-k-aa", "member"), ("org-k-bb", "editor") })
        {
            await agora.CreateUserAsync(name);
            (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/{name}", new { role })).EnsureSuccessStatusCode();
        }
        var members = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/members")).JsonAsync();
        Assert.Equal(["admin", "editor", "member"], members.EnumerateArray().Select(m => m.GetProperty("role").GetString()!).ToArray());
    }

    [Fact]
    public async Task Outsiders_learn_nothing_about_accounts_from_member_endpoints()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-l");
        var outsider = await agora.CreateUserAsync("org-l-outsider");
        await agora.CreateUserAsync("org-l-known");

        // Removing someone from an organisation you do not run is refused before anyone is looked up.
        await (await outsider.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/org-l-known@test.example")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/nobody@test.example")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Organisation admins add people by user name; an e-mail address finds no one for them.
        await (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-l-known@test.example", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        (await admin.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/org-l-known", new { role = "member" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Control_characters_and_overlong_values_are_refused_not_stored()
    {
        var nul = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Nul\u0000Co", kind = "company" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", nul.FieldErrors());
        var longSite = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations",
            new { name = "Long Site Co", kind = "company", website = "https://example.com/" + new string('a', 600) })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("website", longSite.FieldErrors());
        Assert.Equal(HttpStatusCode.OK, (await agora.Anonymous().GetAsync("/api/v1/organisations?q=%00")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agora.Anonymous().GetAsync("/organisations?q=%00")).StatusCode);
    }

    [Fact]
    public async Task Slugs_avoid_reserved_words_and_non_latin_names_still_get_one()
    {
        var reserved = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "New", slug = "new", kind = "company" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("slug", reserved.FieldErrors());
        var greek = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Δήμος Αθηναίων", kind = "public-agency", level = "municipal" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Matches("^org-[0-9a-f]{8}$", greek.GetProperty("slug").GetString());
        var danish = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Århus Kommune", kind = "public-agency", level = "municipal" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("arhus-kommune", danish.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_logo_must_be_the_image_its_type_claims_and_is_served_with_nosniff()
    {
        var (admin, slug) = await OrganisationWithAdminAsync("org-m");
        var html = new StringContent("<html><script>alert(1)</script></html>");
        html.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var refused = await (await admin.Client.PutAsync($"/api/v1/organisations/{slug}/logo", html)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("logo", refused.FieldErrors());
        var logos = Path.Combine(agora.DataDirectory, "files", "logos");
        Assert.DoesNotContain(Directory.Exists(logos) ? Directory.GetFiles(logos) : [], f => File.ReadAllText(f).Contains("script"));

        var gif = new ByteArrayContent("GIF89a\u0001\u0000"u8.ToArray());
        gif.Headers.ContentType = new MediaTypeHeaderValue("image/gif");
        (await admin.Client.PutAsync($"/api/v1/organisations/{slug}/logo", gif)).EnsureSuccessStatusCode();
        var served = await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}/logo");
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
