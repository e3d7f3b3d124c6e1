using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>The challenge pages used as a browser would: signed in with a cookie, posting forms with the page's antiforgery token.</summary>
public sealed class ChallengePagesTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    readonly ChallengeWorld world = new(agora);

    static void Redirected(HttpResponseMessage response, string to)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(to, location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Fact]
    public async Task Agency_editor_starts_a_challenge_with_the_form_and_runs_it_from_draft_to_published()
    {
        var (editor, agency) = await world.OrganisationAsync("Form Harbour Town", city: "Aldport");
        var browser = await agora.SignedInAsync(editor);
        Assert.Contains($"value=\"{agency}\"", await browser.ShowAsync("/challenges/new"));

        var created = await browser.SubmitAsync("/challenges/new", new Dictionary<string, string>
        {
            ["Form.Lead"] = agency, ["Form.Title"] = "Quiet harbour cranes", ["Form.Theme"] = "environment", ["Form.Currency"] = "EUR",
            ["Form.Problem"] = "Cranes are **loud** at night.", ["Form.Summary"] = "Less noise",
        });
        Redirected(created, "/challenges/quiet-harbour-cranes");
        var page = await browser.ShowAsync("/challenges/quiet-harbour-cranes");
        Assert.Contains("<strong>loud</strong>", page);
        Assert.Contains("Draft", page);
        Assert.Contains("/challenges/quiet-harbour-cranes/dialogue", page);
        Assert.Contains("/challenges/quiet-harbour-cranes/declarations", page);

        const string edit = "/challenges/quiet-harbour-cranes/edit";
        Redirected(await browser.SubmitAsync(edit, new Dictionary<string, string>
            { ["Kpi.Title"] = "Night noise", ["Kpi.Unit"] = "dB(A)", ["Kpi.Baseline"] = "70", ["Kpi.Target"] = "45" }, edit + "?handler=AddKpi"), edit);
        Redirected(await browser.SubmitAsync(edit, new Dictionary<string, string> { ["NewStatus"] = "published", ["StatusNote"] = "Open to all." },
            edit + "?handler=Status"), "/challenges/quiet-harbour-cranes");
        page = await WebForms.ShowAsync(agora.Browser(), "/challenges/quiet-harbour-cranes");
        Assert.Contains("Night noise", page);
        Assert.Contains("Status changed from draft to published. Open to all.", page);
    }

    [Fact]
    public async Task Bad_form_input_is_shown_next_to_the_fields_and_nothing_is_stored()
    {
        var (editor, agency) = await world.OrganisationAsync("Form Bad Town");
        var browser = await agora.SignedInAsync(editor);
        var response = await browser.SubmitAsync("/challenges/new", new Dictionary<string, string>
        {
            ["Form.Lead"] = agency, ["Form.Title"] = "", ["Form.Theme"] = "gadgets", ["Form.Currency"] = "EURO",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please correct the following", html);
        Assert.Contains("href=\"#Form_Theme\"", html);
        Assert.Contains("href=\"#Form_Currency\"", html);
        Assert.False(await agora.WithDbAsync(db => db.Challenges.AnyAsync(c => c.LeadOrgId == db.Organisations.Single(o => o.Slug == agency).Id)));

        var slug = await world.CreateAsync(editor, "Form bad KPI need");
        var edit = $"/challenges/{slug}/edit";
        var kpi = await browser.SubmitAsync(edit, new Dictionary<string, string> { ["Kpi.Title"] = "No target" }, edit + "?handler=AddKpi");
        Assert.Equal(HttpStatusCode.OK, kpi.StatusCode);
        Assert.Contains("href=\"#Kpi_Target\"", await kpi.Content.ReadAsStringAsync());
        var skip = await browser.SubmitAsync(edit, new Dictionary<string, string> { ["NewStatus"] = "scaling" }, edit + "?handler=Status");
        Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        Assert.Contains("one step at a time", await skip.Content.ReadAsStringAsync());
        Assert.Equal("draft", (await world.GetAsync(slug)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_page_shows_the_aggregated_demand_with_a_chart_and_each_agency()
    {
        var (lead, leadSlug) = await world.OrganisationAsync("Page State Roads", level: "state");
        var (town, townSlug) = await world.OrganisationAsync("Page Town", city: "Page City");
        var (ngo, ngoSlug) = await world.OrganisationAsync("Page Air NGO", kind: "ngo");
        await agora.Admin().OkAsync("package_create", new { name = "page-site-noise", title = "Site noise levels", owner_org = leadSlug });
        var slug = await world.PublishedAsync(lead, "Page demand need");
        (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{leadSlug}",
            new { quantity = 30, unit = "excavators", budgetMinor = 1_000_000_00 })).EnsureSuccessStatusCode();
        (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}",
            new { quantity = 5, unit = "excavators", budgetMinor = 500_000_00, neededFrom = "2027-01-01" })).EnsureSuccessStatusCode();
        (await ngo.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{ngoSlug}", new { note = "Air sensors" })).EnsureSuccessStatusCode();
        (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/datasets/page-site-noise", new { })).EnsureSuccessStatusCode();

        var html = await WebForms.ShowAsync(agora.Browser(), $"/challenges/{slug}");
        Assert.Contains("Aggregated demand", html);
        Assert.Contains("1,500,000 EUR", html);
        Assert.Contains("<strong>35</strong>excavators", html);
        Assert.Contains("<svg class=\"demand-chart\"", html);
        Assert.Contains("Page City", html);
        Assert.Contains("Page Town", html);
        Assert.Contains("Page Air NGO", html);
        Assert.Contains("href=\"/dataset/page-site-noise\"", html);
        Assert.Contains("Sign in to follow", html);
        Assert.Contains("Page demand need", await WebForms.ShowAsync(agora.Browser(), "/challenges?theme=environment"));
        Assert.DoesNotContain("Page demand need", await WebForms.ShowAsync(agora.Browser(), "/challenges?theme=water"));
    }

    [Fact]
    public async Task Markdown_in_a_challenge_cannot_run_script()
    {
        var (editor, _) = await world.OrganisationAsync("Page Script Town");
        var slug = await world.CreateAsync(editor, "Scripted need");
        (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}", new
        {
            title = "Scripted need", theme = "safety", problem = "<script>alert(1)</script> [click](javascript:alert(2))",
        })).EnsureSuccessStatusCode();
        var html = await WebForms.ShowAsync(await agora.SignedInAsync(editor), $"/challenges/{slug}");
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("javascript:alert(2)", html);
    }

    [Fact]
    public async Task Drafts_and_the_manage_page_are_refused_to_outsiders()
    {
        var (editor, _) = await world.OrganisationAsync("Page Private Town");
        var (outsiderUser, _) = await world.OrganisationAsync("Page Outsider Co", kind: "company");
        var slug = await world.CreateAsync(editor, "Page private need");
        Assert.Equal(HttpStatusCode.NotFound, (await agora.Browser().GetAsync($"/challenges/{slug}")).StatusCode);
        var outsider = await agora.SignedInAsync(outsiderUser);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/challenges/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/challenges/{slug}/edit")).StatusCode);
        Assert.DoesNotContain("Page private need", await WebForms.ShowAsync(agora.Browser(), "/challenges"));

        var published = await world.PublishedAsync(editor, "Page public need");
        Redirected(await outsider.GetAsync($"/challenges/{published}/edit"), "/denied");
        Redirected(await agora.Browser().GetAsync($"/challenges/{published}/edit"), "/signin");
    }

    [Fact]
    public async Task An_agency_joins_with_its_demand_in_major_units_and_a_user_follows()
    {
        var (lead, _) = await world.OrganisationAsync("Page Join Lead");
        var (town, townSlug) = await world.OrganisationAsync("Page Join Town");
        var slug = await world.PublishedAsync(lead, "Page join need");
        var browser = await agora.SignedInAsync(town);
        var join = $"/challenges/{slug}/join";
        Assert.Contains("Form.Budget", await browser.ShowAsync(join));

        var bad = await browser.SubmitAsync(join, new Dictionary<string, string>
            { ["Form.Organisation"] = townSlug, ["Form.Budget"] = "-5", ["Form.NeededFrom"] = "2030-01-01", ["Form.NeededUntil"] = "2029-01-01" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Form_Budget\"", html);
        Assert.Contains("href=\"#Form_NeededUntil\"", html);
        Assert.Equal(1, (await world.GetAsync(slug)).GetProperty("participants").GetArrayLength());

        Redirected(await browser.SubmitAsync(join, new Dictionary<string, string>
            { ["Form.Organisation"] = townSlug, ["Form.Quantity"] = "4", ["Form.Unit"] = "buses", ["Form.Budget"] = "1234.5" }), $"/challenges/{slug}");
        var demand = (await world.GetAsync(slug)).GetProperty("demand");
        Assert.Equal(123450, demand.GetProperty("totalBudgetMinor").GetInt64());

        var follower = await agora.SignedInAsync(await agora.CreateUserAsync("page-follower"));
        Redirected(await follower.SubmitAsync($"/challenges/{slug}", new Dictionary<string, string>(), $"/challenges/{slug}?handler=Follow"), $"/challenges/{slug}");
        Assert.Contains("aria-pressed=\"true\"", await follower.ShowAsync($"/challenges/{slug}"));
        Assert.Equal(1, (await world.GetAsync(slug)).GetProperty("followerCount").GetInt32());
    }
}
