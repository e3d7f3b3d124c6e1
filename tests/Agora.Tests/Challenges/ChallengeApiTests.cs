using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>/api/v1/challenges: lifecycle, who may do what, demand and its aggregation, bad input, followers.</summary>
public sealed class ChallengeApiTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    readonly ChallengeWorld world = new(agora);

    static string[] Statuses(JsonElement events) => events.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "status")
        .Select(e => $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}").ToArray();

    [Fact]
    public async Task Agency_editor_starts_a_draft_that_its_agency_leads_with_an_ocid()
    {
        var (editor, agency) = await world.OrganisationAsync("Start State Builder", level: "state");
        var created = await (await editor.Client.PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Clean building sites")))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("clean-building-sites", created.GetProperty("slug").GetString());
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal(agency, created.GetProperty("lead").GetProperty("slug").GetString());
        Assert.Matches("^ocds-agora0-ch-[0-9a-f-]{36}$", created.GetProperty("ocid").GetString());
        var lead = Assert.Single(created.GetProperty("participants").EnumerateArray());
        Assert.Equal("lead", lead.GetProperty("role").GetString());
        Assert.True(created.GetProperty("canLead").GetBoolean());
        Assert.Equal("/challenges/clean-building-sites/dialogue", created.GetProperty("links").GetProperty("dialogue").GetString());

        var again = await (await editor.Client.PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Clean building sites")))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("clean-building-sites-2", again.GetProperty("slug").GetString());
        var events = await (await editor.Client.GetAsync("/api/v1/challenges/clean-building-sites/events")).JsonAsync();
        Assert.Equal("created", Assert.Single(events.EnumerateArray()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Only_editors_of_a_public_agency_start_a_challenge()
    {
        var (companyEditor, _) = await world.OrganisationAsync("Start Digger Co", kind: "company");
        var (_, agency) = await world.OrganisationAsync("Start Other Region", level: "regional");
        var member = await world.MemberAsync(agency, "start-plain-member");
        await (await agora.Anonymous().PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Ghost need")))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await companyEditor.Client.PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Ghost need")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Ghost need", lead: agency)))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await companyEditor.Client.PostAsJsonAsync("/api/v1/challenges", ChallengeWorld.Draft("Ghost need", lead: agency)))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await agora.WithDbAsync(db => db.Challenges.AnyAsync(c => c.Title == "Ghost need")));
    }

    [Fact]
    public async Task Lifecycle_moves_one_step_at_a_time_and_records_each_change()
    {
        var (editor, _) = await world.OrganisationAsync("Life Municipality");
        var slug = await world.CreateAsync(editor, "Lifecycle need");
        await ChallengeWorld.AddKpiAsync(editor, slug);

        var skip = await (await ChallengeWorld.StatusAsync(editor, slug, "procurement")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("published", skip.GetProperty("detail").GetString());
        foreach (var step in new[] { "published", "dialogue", "procurement", "piloting", "scaling", "closed" })
        {
            var after = await (await ChallengeWorld.StatusAsync(editor, slug, step, $"on to {step}")).JsonAsync();
            Assert.Equal(step, after.GetProperty("status").GetString());
        }
        await (await ChallengeWorld.StatusAsync(editor, slug, "published")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ChallengeWorld.StatusAsync(editor, slug, "closed")).AssertProblemAsync(HttpStatusCode.Conflict);

        var events = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/events")).JsonAsync();
        Assert.Equal(["draft>published", "published>dialogue", "dialogue>procurement", "procurement>piloting", "piloting>scaling", "scaling>closed"],
            Statuses(events));
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("summary").GetString()!.Contains("on to dialogue"));
        Assert.NotNull((await world.GetAsync(slug)).GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task Any_step_may_close_but_skipping_forward_is_a_409_that_changes_nothing()
    {
        var (editor, _) = await world.OrganisationAsync("Skip Municipality");
        var slug = await world.PublishedAsync(editor, "Skip need");
        var before = await world.SnapshotAsync(slug);
        await (await ChallengeWorld.StatusAsync(editor, slug, "piloting")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ChallengeWorld.StatusAsync(editor, slug, "draft")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("status", (await (await ChallengeWorld.StatusAsync(editor, slug, "finished")).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal(before, await world.SnapshotAsync(slug));
        Assert.Equal("closed", (await (await ChallengeWorld.StatusAsync(editor, slug, "closed")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publishing_needs_the_problem_and_a_kpi()
    {
        var (editor, _) = await world.OrganisationAsync("Publish Municipality");
        var created = await (await editor.Client.PostAsJsonAsync("/api/v1/challenges", new { title = "Bare need", theme = "water" }))
            .JsonAsync(HttpStatusCode.Created);
        var slug = created.GetProperty("slug").GetString()!;
        var refused = await (await ChallengeWorld.StatusAsync(editor, slug, "published")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("problem", refused.GetProperty("detail").GetString());
        Assert.Contains("KPI", refused.GetProperty("detail").GetString());
        Assert.Equal("draft", (await world.GetAsync(slug)).GetProperty("status").GetString());
        await ChallengeWorld.AddKpiAsync(editor, slug);
        (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}", new { title = "Bare need", theme = "water", problem = "Leaks." })).EnsureSuccessStatusCode();
        (await ChallengeWorld.StatusAsync(editor, slug, "published")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_draft_is_hidden_from_outsiders_and_shown_to_members_of_its_participants()
    {
        var (editor, agency) = await world.OrganisationAsync("Hidden Municipality");
        var colleague = await world.MemberAsync(agency, "hidden-colleague");
        var (outsider, _) = await world.OrganisationAsync("Hidden Outsider Co", kind: "company");
        var slug = await world.CreateAsync(editor, "Hidden need");

        await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.Client.GetAsync($"/api/v1/challenges/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.Client.GetAsync($"/api/v1/challenges/{slug}/events")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.Client.PutAsync($"/api/v1/challenges/{slug}/follow", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var anonymousList = await (await agora.Anonymous().GetAsync("/api/v1/challenges?q=hidden")).JsonAsync();
        Assert.Equal(0, anonymousList.GetProperty("total").GetInt32());
        var outsiderList = await (await outsider.Client.GetAsync("/api/v1/challenges?status=draft")).JsonAsync();
        Assert.DoesNotContain(outsiderList.GetProperty("items").EnumerateArray(), i => i.GetProperty("slug").GetString() == slug);

        (await colleague.Client.GetAsync($"/api/v1/challenges/{slug}")).EnsureSuccessStatusCode();
        var colleagueList = await (await colleague.Client.GetAsync("/api/v1/challenges?q=hidden")).JsonAsync();
        Assert.Equal(slug, Assert.Single(colleagueList.GetProperty("items").EnumerateArray()).GetProperty("slug").GetString());

        await ChallengeWorld.AddKpiAsync(editor, slug);
        (await ChallengeWorld.StatusAsync(editor, slug, "published")).EnsureSuccessStatusCode();
        (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Only_editors_of_the_lead_change_the_challenge()
    {
        var (lead, agency) = await world.OrganisationAsync("Guard Region", level: "regional");
        var (coOwner, coAgency) = await world.OrganisationAsync("Guard Town");
        var member = await world.MemberAsync(agency, "guard-lead-member");
        var slug = await world.PublishedAsync(lead, "Guarded need");
        (await coOwner.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{coAgency}", new { quantity = 3, unit = "cranes" })).EnsureSuccessStatusCode();
        var before = await world.SnapshotAsync(slug);

        foreach (var client in new[] { coOwner.Client, member.Client })
        {
            await (await client.PutAsJsonAsync($"/api/v1/challenges/{slug}", ChallengeWorld.Draft("Taken over"))).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync($"/api/v1/challenges/{slug}/status", new { status = "dialogue" })).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync($"/api/v1/challenges/{slug}/kpis", new { title = "Mine", target = 1 })).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync($"/api/v1/challenges/{slug}/documents",
                new { title = "Mine", documentType = "marketStudies", url = "https://example.org/x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.DeleteAsync($"/api/v1/challenges/{slug}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
        await (await agora.Anonymous().PutAsJsonAsync($"/api/v1/challenges/{slug}", ChallengeWorld.Draft("Taken over"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await agora.Anonymous().PostAsJsonAsync($"/api/v1/challenges/{slug}/status", new { status = "closed" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await agora.Anonymous().PutAsync($"/api/v1/challenges/{slug}/follow", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await world.SnapshotAsync(slug));

        var edited = await (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}", ChallengeWorld.Draft("Guarded need, sharpened"))).JsonAsync();
        Assert.Equal("Guarded need, sharpened", edited.GetProperty("title").GetString());
        Assert.Equal(slug, edited.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task An_agency_joins_as_co_owner_and_a_company_only_as_supporter()
    {
        var (lead, _) = await world.OrganisationAsync("Join Lead State", level: "state");
        var (town, townSlug) = await world.OrganisationAsync("Join Town", city: "Aldport");
        var (company, companySlug) = await world.OrganisationAsync("Join Machines Ltd", kind: "company");
        var (ngo, ngoSlug) = await world.OrganisationAsync("Join Clean Air NGO", kind: "ngo");
        var slug = await world.PublishedAsync(lead, "Joinable need");

        await (await company.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{companySlug}", new { role = "co-owner" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var withBudget = await (await company.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{companySlug}", new { budgetMinor = 100 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("budgetMinor", withBudget.FieldErrors());
        Assert.Equal(1, await agora.WithDbAsync(db => db.ChallengeParticipants.CountAsync(p => db.Challenges.Any(c => c.Id == p.ChallengeId && c.Slug == slug))));

        var supporter = await (await company.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{companySlug}",
            new { note = "We build electric excavators." })).JsonAsync();
        Assert.Equal("supporter", supporter.GetProperty("role").GetString());
        Assert.Equal("supporter", (await (await ngo.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{ngoSlug}", new { }))
            .JsonAsync()).GetProperty("role").GetString());

        var coOwner = await (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}",
            new { quantity = 12, unit = "excavators", budgetMinor = 150_000_000, neededFrom = "2027-01-01", neededUntil = "2029-12-31" })).JsonAsync();
        Assert.Equal("co-owner", coOwner.GetProperty("role").GetString());
        Assert.Equal(150_000_000, coOwner.GetProperty("budgetMinor").GetInt64());

        var events = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/events")).JsonAsync();
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("summary").GetString() == "Join Town joined as co-owner.");
    }

    [Fact]
    public async Task Each_agency_states_only_its_own_demand()
    {
        var (lead, leadSlug) = await world.OrganisationAsync("Own Lead Region", level: "regional");
        var (town, townSlug) = await world.OrganisationAsync("Own Town");
        var (village, villageSlug) = await world.OrganisationAsync("Own Village");
        var slug = await world.PublishedAsync(lead, "Own demand need");
        (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { quantity = 5, unit = "pumps" })).EnsureSuccessStatusCode();
        var before = await world.SnapshotAsync(slug);

        await (await village.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { quantity = 500, unit = "pumps" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { quantity = 500, unit = "pumps" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{leadSlug}", new { quantity = 1, unit = "pumps" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await village.Client.DeleteAsync($"/api/v1/challenges/{slug}/participants/{townSlug}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await world.SnapshotAsync(slug));

        // The lead may bring an agency in (without its demand); that agency's editors fill it in.
        var added = await (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{villageSlug}", new { })).JsonAsync();
        Assert.Equal("co-owner", added.GetProperty("role").GetString());
        var own = await (await village.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{villageSlug}", new { quantity = 2, unit = "pumps" })).JsonAsync();
        Assert.Equal(2, own.GetProperty("quantity").GetDecimal());
        var leadsOwn = await (await lead.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{leadSlug}", new { budgetMinor = 9_00 })).JsonAsync();
        Assert.Equal("lead", leadsOwn.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_lead_cannot_be_removed_but_others_leave_or_are_removed()
    {
        var (lead, leadSlug) = await world.OrganisationAsync("Leave Lead Town");
        var (town, townSlug) = await world.OrganisationAsync("Leave Other Town");
        var (ngo, ngoSlug) = await world.OrganisationAsync("Leave NGO", kind: "ngo");
        var slug = await world.PublishedAsync(lead, "Leaving need");
        (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { })).EnsureSuccessStatusCode();
        (await ngo.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{ngoSlug}", new { })).EnsureSuccessStatusCode();

        await (await lead.Client.DeleteAsync($"/api/v1/challenges/{slug}/participants/{leadSlug}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await agora.Admin().DeleteAsync($"/api/v1/challenges/{slug}/participants/{leadSlug}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await town.Client.DeleteAsync($"/api/v1/challenges/{slug}/participants/{townSlug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.Client.DeleteAsync($"/api/v1/challenges/{slug}/participants/{ngoSlug}")).StatusCode);
        var participants = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/participants")).JsonAsync();
        Assert.Equal(leadSlug, Assert.Single(participants.EnumerateArray()).GetProperty("organisation").GetProperty("slug").GetString());
        var events = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/events")).JsonAsync();
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("summary").GetString() == "Leave Other Town left the challenge.");
    }

    [Fact]
    public async Task Aggregated_demand_adds_budgets_and_volumes_per_unit_by_level_and_city()
    {
        var (state, _) = await world.OrganisationAsync("Agg State Builder", level: "state");
        var (north, northSlug) = await world.OrganisationAsync("Agg Region North", level: "regional", city: "Northby");
        var (south, southSlug) = await world.OrganisationAsync("Agg Region South", level: "regional", city: "Southby");
        var (aldport, aldportSlug) = await world.OrganisationAsync("Agg Aldport", city: "Aldport");
        var (harbour, harbourSlug) = await world.OrganisationAsync("Agg Aldport Harbour", city: "aldport");
        var (ngo, ngoSlug) = await world.OrganisationAsync("Agg NGO", kind: "ngo", city: "Aldport");
        var slug = await world.PublishedAsync(state, "Aggregated need");
        var stateSlug = (await world.GetAsync(slug)).GetProperty("lead").GetProperty("slug").GetString()!;
        async Task Demand(TestUser who, string org, object demand) =>
            (await who.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{org}", demand)).EnsureSuccessStatusCode();
        await Demand(state, stateSlug, new { quantity = 40, unit = "excavators", budgetMinor = 2_000_000_00 });
        await Demand(north, northSlug, new { quantity = 10, unit = "Excavators ", budgetMinor = 500_000_00, neededFrom = "2027-03-01" });
        await Demand(south, southSlug, new { quantity = 2.5m, unit = "km of road", budgetMinor = 100_000_00, neededUntil = "2031-06-30" });
        await Demand(aldport, aldportSlug, new { quantity = 5, unit = "excavators" });
        await Demand(harbour, harbourSlug, new { quantity = 1.5m, unit = "km of road", budgetMinor = 50_000_00, neededFrom = "2026-09-01" });
        await Demand(ngo, ngoSlug, new { note = "We measure the air." });

        var demand = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/demand")).JsonAsync();
        Assert.Equal(5, demand.GetProperty("agencies").GetInt32());
        Assert.Equal(4, demand.GetProperty("agenciesWithBudget").GetInt32());
        Assert.Equal(2_650_000_00, demand.GetProperty("totalBudgetMinor").GetInt64());
        Assert.Equal("EUR", demand.GetProperty("currency").GetString());
        Assert.Equal("2026-09-01", demand.GetProperty("neededFrom").GetString());
        Assert.Equal("2031-06-30", demand.GetProperty("neededUntil").GetString());
        var volumes = demand.GetProperty("volumes").EnumerateArray().ToDictionary(v => v.GetProperty("unit").GetString()!.ToLowerInvariant(),
            v => (v.GetProperty("quantity").GetDecimal(), v.GetProperty("agencies").GetInt32()));
        Assert.Equal(2, volumes.Count); // excavators and km are never added together
        Assert.Equal((55m, 3), volumes["excavators"]);
        Assert.Equal((4m, 2), volumes["km of road"]);

        var levels = demand.GetProperty("byLevel").EnumerateArray().Select(g =>
            $"{g.GetProperty("key").GetString()}:{g.GetProperty("agencies").GetInt32()}:{g.GetProperty("budgetMinor").GetInt64()}").ToArray();
        Assert.Equal(["state:1:200000000", "regional:2:60000000", "municipal:2:5000000"], levels);
        var cities = demand.GetProperty("byCity").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!.ToLowerInvariant(),
            g => (g.GetProperty("agencies").GetInt32(), g.GetProperty("budgetMinor").GetInt64()));
        Assert.Equal((2, 5_000_000L), cities["aldport"]); // "Aldport" and "aldport" are one city; the NGO buys nothing
        Assert.Equal((1, 50_000_000L), cities["northby"]);
        Assert.Equal((1, 200_000_000L), cities[""]);
        var aldportVolumes = demand.GetProperty("byCity").EnumerateArray().Single(g => g.GetProperty("key").GetString()!.ToLowerInvariant() == "aldport")
            .GetProperty("volumes").GetArrayLength();
        Assert.Equal(2, aldportVolumes);

        var full = await world.GetAsync(slug);
        Assert.Equal(2_650_000_00, full.GetProperty("demand").GetProperty("totalBudgetMinor").GetInt64());
        var listed = await (await agora.Anonymous().GetAsync("/api/v1/challenges?q=aggregated")).JsonAsync();
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(5, item.GetProperty("agencyCount").GetInt32());
        Assert.Equal(1, item.GetProperty("supporterCount").GetInt32());
        Assert.Equal(2_650_000_00, item.GetProperty("totalBudgetMinor").GetInt64());
    }

    [Fact]
    public async Task Bad_challenge_fields_are_400s_naming_each_field_and_nothing_is_stored()
    {
        var (editor, _) = await world.OrganisationAsync("Bad Input Town");
        var problem = await (await editor.Client.PostAsJsonAsync("/api/v1/challenges",
            new { title = new string('x', 301), theme = "gadgets", currency = "euro", summary = "two\nlines", slug = "Bad Slug" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "title", "theme", "currency", "summary", "slug" }) Assert.Contains(field, problem.FieldErrors());
        Assert.Contains("currency", (await (await editor.Client.PostAsJsonAsync("/api/v1/challenges", new { title = "Fake money", theme = "water", currency = "XQZ" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.False(await agora.WithDbAsync(db => db.Challenges.AnyAsync(c => c.Title == "Fake money")));

        var slug = await world.CreateAsync(editor, "Bad input need");
        var before = await world.SnapshotAsync(slug);
        Assert.Contains("problem", (await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}",
            new { title = "Bad input need", theme = "water", problem = new string('p', 50_001) })).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("theme", (await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}",
            new { title = "Bad input need", theme = "Unknown" })).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        var kpi = await (await editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/kpis", new { title = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("title", kpi.FieldErrors());
        Assert.Contains("target", kpi.FieldErrors());
        Assert.Contains("documentType", (await (await editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/documents",
            new { title = "Spec", documentType = "brochure", url = "https://example.org/spec.pdf" })).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("url", (await (await editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/documents",
            new { title = "Spec", documentType = "marketStudies", url = "javascript:alert(1)" })).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("status", (await (await ChallengeWorld.StatusAsync(editor, slug, "")).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Equal(before, await world.SnapshotAsync(slug));
    }

    [Fact]
    public async Task Bad_demand_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var (lead, _) = await world.OrganisationAsync("Bad Demand Lead");
        var (town, townSlug) = await world.OrganisationAsync("Bad Demand Town");
        var slug = await world.PublishedAsync(lead, "Bad demand need");
        (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { quantity = 1, unit = "buses" })).EnsureSuccessStatusCode();
        var before = await world.SnapshotAsync(slug);
        async Task<string[]> Refused(object demand) =>
            (await (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", demand))
                .AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors();
        Assert.Contains("budgetMinor", await Refused(new { budgetMinor = -1 }));
        Assert.Contains("neededUntil", await Refused(new { neededFrom = "2030-01-01", neededUntil = "2029-01-01" }));
        Assert.Contains("quantity", await Refused(new { quantity = -3, unit = "buses" }));
        Assert.Contains("unit", await Refused(new { quantity = 3 }));
        Assert.Contains("note", await Refused(new { note = new string('n', 5001) }));
        Assert.Contains("role", await Refused(new { role = "boss" }));
        await (await town.Client.PutAsync($"/api/v1/challenges/{slug}/participants/{townSlug}",
            new StringContent("{\"budgetMinor\": \"lots\"}", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await world.SnapshotAsync(slug));
    }

    [Fact]
    public async Task Followers_and_participants_are_told_of_status_changes_and_joins()
    {
        var (lead, agency) = await world.OrganisationAsync("Tell Lead Town");
        await world.MemberAsync(agency, "tell-colleague");
        var follower = await agora.CreateUserAsync("tell-follower");
        await agora.CreateUserAsync("tell-bystander");
        var (town, townSlug) = await world.OrganisationAsync("Tell Other Town");
        var slug = await world.PublishedAsync(lead, "Told need");
        Assert.Equal(HttpStatusCode.NoContent, (await follower.Client.PutAsync($"/api/v1/challenges/{slug}/follow", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await follower.Client.PutAsync($"/api/v1/challenges/{slug}/follow", null)).StatusCode);
        Assert.Equal(1, (await world.GetAsync(slug)).GetProperty("followerCount").GetInt32());

        (await ChallengeWorld.StatusAsync(lead, slug, "dialogue", "Suppliers, come and talk.")).EnsureSuccessStatusCode();
        (await town.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/participants/{townSlug}", new { quantity = 2, unit = "buses" })).EnsureSuccessStatusCode();

        async Task<List<string>> Told(string userName)
        {
            var id = await world.UserIdAsync(userName);
            return await agora.WithDbAsync(db => db.Notifications.Where(n => n.UserId == id && n.Link == $"/challenges/{slug}")
                .Select(n => n.Kind).OrderBy(k => k).ToListAsync()); // told at the same moment: in no particular order
        }
        Assert.Equal(["participant", "status"], await Told("tell-follower"));
        Assert.Equal(["participant", "status", "status"], await Told("tell-colleague")); // published, dialogue, joined
        Assert.Equal(["participant"], await Told(lead.UserName)); // nobody is told of their own change
        Assert.Empty(await Told(town.UserName));
        Assert.Empty(await Told("tell-bystander"));
        Assert.True(await agora.WithDbAsync(db => db.Notifications
            .AnyAsync(n => n.Kind == "status" && n.Link == $"/challenges/{slug}" && n.Body!.Contains("Suppliers, come and talk."))));

        Assert.Equal(HttpStatusCode.NoContent, (await follower.Client.DeleteAsync($"/api/v1/challenges/{slug}/follow")).StatusCode);
        (await ChallengeWorld.StatusAsync(lead, slug, "procurement")).EnsureSuccessStatusCode();
        Assert.Equal(["participant", "status"], await Told("tell-follower"));
    }

    [Fact]
    public async Task Documents_are_links_or_files_that_only_readers_download()
    {
        var (editor, _) = await world.OrganisationAsync("Docs Town");
        var (outsider, _) = await world.OrganisationAsync("Docs Outsider Co", kind: "company");
        var slug = await world.CreateAsync(editor, "Documented need");
        var link = await (await editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/documents",
            new { title = "Needs assessment", documentType = "needsAssessment", url = "https://example.org/needs.pdf" })).JsonAsync(HttpStatusCode.Created);
        Assert.False(link.GetProperty("isFile").GetBoolean());

        var form = new MultipartFormDataContent
        {
            { new StringContent("marketStudies"), "documentType" },
            { new ByteArrayContent("<html><script>alert(1)</script></html>"u8.ToArray()), "file", "study.html" },
        };
        var file = await (await editor.Client.PostAsync($"/api/v1/challenges/{slug}/documents", form)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("study.html", file.GetProperty("title").GetString());
        var download = file.GetProperty("url").GetString()!;

        await (await outsider.Client.GetAsync(download)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync(download)).AssertProblemAsync(HttpStatusCode.NotFound);
        var got = await editor.Client.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("attachment", got.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/octet-stream", got.Content.Headers.ContentType?.MediaType);
        Assert.Contains("alert(1)", await got.Content.ReadAsStringAsync());

        var documents = await (await editor.Client.GetAsync($"/api/v1/challenges/{slug}/documents")).JsonAsync();
        Assert.Equal(2, documents.GetArrayLength());
        var id = file.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.DeleteAsync($"/api/v1/challenges/{slug}/documents/{id}")).StatusCode);
        await (await editor.Client.GetAsync(download)).AssertProblemAsync(HttpStatusCode.NotFound);
        var kinds = (await (await editor.Client.GetAsync($"/api/v1/challenges/{slug}/events")).JsonAsync()).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(3, kinds.Count(k => k == "document"));
    }

    [Fact]
    public async Task Only_public_datasets_are_offered_and_listed_with_links_to_the_catalogue()
    {
        var (editor, agency) = await world.OrganisationAsync("Data Town");
        await agora.Admin().OkAsync("package_create", new { name = "ch-site-noise", title = "Site noise", owner_org = agency });
        await agora.Admin().OkAsync("package_create", new { name = "ch-secret-costs", owner_org = agency, @private = true });
        var slug = await world.PublishedAsync(editor, "Data need");

        var offered = await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/datasets/ch-site-noise", new { note = "Hourly dB(A)." })).JsonAsync();
        Assert.Equal("/dataset/ch-site-noise", offered.GetProperty("link").GetString());
        Assert.Contains("dataset", (await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/datasets/ch-secret-costs", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/datasets/no-such-data", new { })).AssertProblemAsync(HttpStatusCode.NotFound);

        var listed = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/datasets")).JsonAsync();
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("Hourly dB(A).", only.GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.DeleteAsync($"/api/v1/challenges/{slug}/datasets/ch-site-noise")).StatusCode);
        Assert.Equal(0, (await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/datasets")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Kpis_keep_their_order_and_a_published_challenge_keeps_one()
    {
        var (editor, _) = await world.OrganisationAsync("Kpi Town");
        var slug = await world.PublishedAsync(editor, "Measured need");
        await ChallengeWorld.AddKpiAsync(editor, slug, "Noise at night");
        var kpis = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/kpis")).JsonAsync();
        Assert.Equal(["CO₂ on site", "Noise at night"], kpis.EnumerateArray().Select(k => k.GetProperty("title").GetString()!).ToArray());
        var first = kpis[0].GetProperty("id").GetString();
        var second = kpis[1].GetProperty("id").GetString();
        var changed = await (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/kpis/{second}", new { title = "Night noise", unit = "dB(A)", target = 45 })).JsonAsync();
        Assert.Equal(45, changed.GetProperty("target").GetDecimal());
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.DeleteAsync($"/api/v1/challenges/{slug}/kpis/{first}")).StatusCode);
        await (await editor.Client.DeleteAsync($"/api/v1/challenges/{slug}/kpis/{second}")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_drafts_are_deleted()
    {
        var (editor, _) = await world.OrganisationAsync("Delete Town");
        var draft = await world.CreateAsync(editor, "Short-lived need");
        var published = await world.PublishedAsync(editor, "Lasting need");
        await (await editor.Client.DeleteAsync($"/api/v1/challenges/{published}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.Client.DeleteAsync($"/api/v1/challenges/{draft}")).StatusCode);
        Assert.False(await agora.WithDbAsync(db => db.Challenges.AnyAsync(c => c.Slug == draft)));
        Assert.True(await agora.WithDbAsync(db => db.Challenges.AnyAsync(c => c.Slug == published)));
    }

    [Fact]
    public async Task The_list_filters_by_status_theme_organisation_and_text_and_pages()
    {
        var (editor, agency) = await world.OrganisationAsync("List Town");
        var water = await world.CreateAsync(editor, "Listed leaky pipes");
        (await editor.Client.PutAsJsonAsync($"/api/v1/challenges/{water}", ChallengeWorld.Draft("Listed leaky pipes", theme: "water"))).EnsureSuccessStatusCode();
        await ChallengeWorld.AddKpiAsync(editor, water);
        (await ChallengeWorld.StatusAsync(editor, water, "published")).EnsureSuccessStatusCode();
        await world.PublishedAsync(editor, "Listed dusty sites");
        await world.CreateAsync(editor, "Listed draft");

        async Task<string[]> Slugs(string query) => (await (await agora.Anonymous().GetAsync("/api/v1/challenges?" + query)).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).Order().ToArray();
        Assert.Equal(["listed-dusty-sites", "listed-leaky-pipes"], await Slugs($"org={agency}"));
        Assert.Equal(["listed-leaky-pipes"], await Slugs($"org={agency}&theme=water"));
        Assert.Equal(["listed-dusty-sites"], await Slugs("q=DUSTY"));
        Assert.Empty(await Slugs($"org={agency}&status=draft"));
        var page = await (await agora.Anonymous().GetAsync($"/api/v1/challenges?org={agency}&limit=1&offset=1")).JsonAsync();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Contains("theme", (await (await agora.Anonymous().GetAsync("/api/v1/challenges?theme=gadgets")).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
        Assert.Contains("limit", (await (await agora.Anonymous().GetAsync("/api/v1/challenges?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest)).FieldErrors());
    }

    [Fact]
    public async Task OpenApi_lists_every_challenge_operation_under_its_tag_with_a_summary()
    {
        var doc = await (await agora.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        // The dialogue, declarations and Open Contracting routes under a challenge carry their own tags.
        var paths = doc.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/challenges", StringComparison.Ordinal)
            && !p.Name.Contains("/dialogue") && !p.Name.Contains("/declarations") && !p.Name.EndsWith("/ocds")).ToList();
        Assert.Contains(paths, p => p.Name == "/api/v1/challenges/{slug}/participants/{org}");
        Assert.Contains(paths, p => p.Name == "/api/v1/challenges/{slug}/status");
        foreach (var path in paths)
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete"))
            {
                Assert.Equal("Challenges", operation.Value.GetProperty("tags")[0].GetString());
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path.Name} has no summary");
            }
    }

    [Fact]
    public async Task A_malformed_document_request_is_a_4xx_problem()
    {
        var (editor, _) = await world.OrganisationAsync("Malformed Docs Town");
        var slug = await world.CreateAsync(editor, "Malformed docs need");
        await (await editor.Client.PostAsync($"/api/v1/challenges/{slug}/documents",
            new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await editor.Client.PostAsync($"/api/v1/challenges/{slug}/documents",
            new StringContent("just text", System.Text.Encoding.UTF8, "text/plain"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.False(await agora.WithDbAsync(db => db.Attachments.AnyAsync(a => a.Title == "just text")));
    }
}
