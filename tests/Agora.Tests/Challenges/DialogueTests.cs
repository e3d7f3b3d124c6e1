using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>The market dialogue through its API: rounds, registrations, feedback, questions and answers,
/// meetings, the report and the eForms view — and, above all, equal treatment of suppliers.</summary>
public sealed class DialogueTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    static string Rounds(string slug) => $"/api/v1/challenges/{slug}/dialogue/rounds";

    static object Feedback(string? organisation = null, int? readiness = 6, string barrierCategory = "regulatory",
        string barrier = "Permits take a year") => new
    {
        organisation,
        barriers = new[] { new { category = barrierCategory, text = barrier } },
        enablers = new[] { new { category = "financial", text = "A guaranteed volume over five years" } },
        wouldBidIf = "Lots sized for SMEs", readinessLevel = readiness, suggestedApproach = "Lease, not buy",
    };

    [Fact]
    public async Task Owners_create_rounds_numbered_in_order_that_the_public_sees_once_published()
    {
        var lead = await agora.AgencyAsync("dr-a-lead");
        var slug = await agora.ChallengeAsync("dr-a", lead);
        var follower = await agora.CreateUserAsync("dr-a-follower");
        await agora.FollowAsync(slug, follower);

        var first = await agora.RoundAsync(slug, lead, publish: false);
        var second = await agora.RoundAsync(slug, lead, publish: false, title: "Second round");
        Assert.Equal((1, 2), (first, second));
        await (await agora.Anonymous().GetAsync($"{Rounds(slug)}/1")).AssertProblemAsync(HttpStatusCode.NotFound);
        var hidden = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue")).JsonAsync();
        Assert.Empty(hidden.GetProperty("rounds").EnumerateArray());

        (await lead.Editor.Client.PostAsync($"{Rounds(slug)}/1/publish", null)).EnsureSuccessStatusCode();
        var round = await (await agora.Anonymous().GetAsync($"{Rounds(slug)}/1")).JsonAsync();
        Assert.Equal("open", round.GetProperty("state").GetString());
        Assert.Equal("innovation-partnership", round.GetProperty("expectedProcedure").GetString());
        Assert.Equal(1, await agora.WithDbAsync(db => db.ChallengeEvents.CountAsync(e => e.Kind == "round" && e.Summary.Contains("round 1")
            && db.Challenges.Any(c => c.Id == e.ChallengeId && c.Slug == slug))));
        Assert.Equal(1, await agora.NotificationsAsync(follower, "round"));
    }

    [Fact]
    public async Task Only_owners_create_edit_and_publish_rounds()
    {
        var lead = await agora.AgencyAsync("dr-b-lead");
        var other = await agora.AgencyAsync("dr-b-other");
        var company = await agora.CompanyAsync("dr-b-co");
        var slug = await agora.ChallengeAsync("dr-b", lead);
        var input = new { title = "Sneaky", opensAt = DateTime.UtcNow, answersDeadline = DateTime.UtcNow.AddDays(3) };

        await (await agora.Anonymous().PostAsJsonAsync(Rounds(slug), input)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await company.Editor.Client.PostAsJsonAsync(Rounds(slug), input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Editor.Client.PostAsJsonAsync(Rounds(slug), input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await agora.WithDbAsync(db => db.DialogueRounds.AnyAsync(r => r.Title == "Sneaky")));

        await agora.RoundAsync(slug, lead, publish: false);
        await (await other.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/1", input)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await company.Editor.Client.PostAsync($"{Rounds(slug)}/1/publish", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        (await lead.Editor.Client.PostAsync($"{Rounds(slug)}/1/publish", null)).EnsureSuccessStatusCode();
        await (await other.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/1", input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await agora.WithDbAsync(db => db.DialogueRounds.AnyAsync(r => r.Title == "Sneaky")));
    }

    [Fact]
    public async Task Co_owners_run_the_dialogue_too()
    {
        var lead = await agora.AgencyAsync("dr-c-lead");
        var co = await agora.AgencyAsync("dr-c-co", "regional");
        var slug = await agora.ChallengeAsync("dr-c", lead, [co]);
        Assert.Equal(1, await agora.RoundAsync(slug, co));
    }

    [Fact]
    public async Task A_deadline_before_the_opening_or_an_unknown_procedure_is_a_400_naming_the_field()
    {
        var lead = await agora.AgencyAsync("dr-d-lead");
        var slug = await agora.ChallengeAsync("dr-d", lead);
        var now = DateTime.UtcNow;
        var problem = await (await lead.Editor.Client.PostAsJsonAsync(Rounds(slug), new
        {
            title = "Backwards", opensAt = now.AddDays(5), answersDeadline = now.AddDays(1), expectedProcedure = "auction",
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("answersDeadline", problem.FieldErrors());
        Assert.Contains("expectedProcedure", problem.FieldErrors());
        var missing = await (await lead.Editor.Client.PostAsJsonAsync(Rounds(slug), new { title = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equivalent(new[] { "title", "opensAt", "answersDeadline" }, missing.FieldErrors());
        Assert.False(await agora.WithDbAsync(db => db.DialogueRounds.AnyAsync(r => r.Title == "Backwards")));
    }

    [Fact]
    public async Task Suppliers_register_only_while_the_round_is_open()
    {
        var lead = await agora.AgencyAsync("dr-e-lead");
        var company = await agora.CompanyAsync("dr-e-co");
        var slug = await agora.ChallengeAsync("dr-e", lead);
        var later = await agora.RoundAsync(slug, lead, opensIn: TimeSpan.FromDays(1), closesIn: TimeSpan.FromDays(30));
        var draft = await agora.RoundAsync(slug, lead, publish: false);

        await (await company.Editor.Client.RegisterAsync(slug, later)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await company.Editor.Client.RegisterAsync(slug, draft)).AssertProblemAsync(HttpStatusCode.NotFound);
        var bad = await (await company.Editor.Client.RegisterAsync(slug, later, size: "huge")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("size", bad.FieldErrors());
        Assert.Equal(0, await agora.WithDbAsync(db => db.DialogueInterests.CountAsync(i => i.OrganisationId == company.Id)));

        var open = await agora.RoundAsync(slug, lead, closesIn: TimeSpan.FromDays(2));
        var registered = await (await company.Editor.Client.RegisterAsync(slug, open, "micro")).JsonAsync();
        Assert.Equal("micro", registered.GetProperty("size").GetString());
        agora.Clock.Advance(TimeSpan.FromDays(3));
        await (await company.Editor.Client.RegisterAsync(slug, open, "large")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Micro", await agora.WithDbAsync(db => db.DialogueInterests.Where(i => i.OrganisationId == company.Id)
            .Select(i => i.Size.ToString()).SingleAsync()));
    }

    [Fact]
    public async Task Agencies_plain_members_and_anonymous_callers_cannot_register()
    {
        var lead = await agora.AgencyAsync("dr-f-lead");
        var company = await agora.CompanyAsync("dr-f-co");
        var member = await agora.CreateUserAsync("dr-f-member");
        await agora.AddMemberAsync(company, member, "member");
        var slug = await agora.ChallengeAsync("dr-f", lead);
        var round = await agora.RoundAsync(slug, lead);

        await (await lead.Editor.Client.RegisterAsync(slug, round)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await lead.Editor.Client.RegisterAsync(slug, round, organisation: lead.Slug)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.RegisterAsync(slug, round, organisation: company.Slug)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().RegisterAsync(slug, round)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await agora.WithDbAsync(db => db.DialogueInterests.AnyAsync(i => i.Organisation.Slug == lead.Slug || i.Organisation.Slug == company.Slug)));
    }

    [Fact]
    public async Task Feedback_comes_only_from_registered_suppliers_and_is_frozen_after_the_deadline()
    {
        var lead = await agora.AgencyAsync("dr-g-lead");
        var company = await agora.CompanyAsync("dr-g-co");
        var slug = await agora.ChallengeAsync("dr-g", lead);
        var round = await agora.RoundAsync(slug, lead, closesIn: TimeSpan.FromDays(1));

        await (await company.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback", Feedback())).AssertProblemAsync(HttpStatusCode.Forbidden);
        (await company.Editor.Client.RegisterAsync(slug, round)).EnsureSuccessStatusCode();
        var saved = await (await company.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback", Feedback())).JsonAsync();
        Assert.Equal("regulatory", saved.GetProperty("barriers")[0].GetProperty("category").GetString());
        (await company.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback", Feedback(readiness: 7))).EnsureSuccessStatusCode();
        Assert.Equal(1, await agora.WithDbAsync(db => db.DialogueFeedback.CountAsync(f => f.OrganisationId == company.Id)));

        agora.Clock.Advance(TimeSpan.FromDays(2));
        await (await company.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback", Feedback(readiness: 2, barrier: "Changed late")))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await agora.WithDbAsync(db => db.DialogueFeedback.Include(f => f.Factors).SingleAsync(f => f.OrganisationId == company.Id));
        Assert.Equal(7, stored.ReadinessLevel);
        Assert.DoesNotContain(stored.Factors, f => f.Text == "Changed late");
    }

    [Fact]
    public async Task Bad_feedback_is_a_400_naming_each_field_and_nothing_is_stored()
    {
        var lead = await agora.AgencyAsync("dr-h-lead");
        var company = await agora.CompanyAsync("dr-h-co");
        var slug = await agora.ChallengeAsync("dr-h", lead);
        var round = await agora.RoundAsync(slug, lead);
        (await company.Editor.Client.RegisterAsync(slug, round)).EnsureSuccessStatusCode();

        var problem = await (await company.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback",
            Feedback(readiness: 12, barrierCategory: "legal"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("readinessLevel", problem.FieldErrors());
        Assert.Contains("barriers[0].category", problem.FieldErrors());
        Assert.False(await agora.WithDbAsync(db => db.DialogueFeedback.AnyAsync(f => f.OrganisationId == company.Id)));
    }

    [Fact]
    public async Task Equal_treatment_no_supplier_sees_another_suppliers_feedback_or_that_it_asked()
    {
        var lead = await agora.AgencyAsync("dr-i-lead");
        var a = await agora.CompanyAsync("dr-i-alpha");
        var b = await agora.CompanyAsync("dr-i-beta");
        var slug = await agora.ChallengeAsync("dr-i", lead);
        var round = await agora.RoundAsync(slug, lead);
        (await a.Editor.Client.RegisterAsync(slug, round, "medium")).EnsureSuccessStatusCode();
        (await b.Editor.Client.RegisterAsync(slug, round, "small")).EnsureSuccessStatusCode();
        (await a.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{round}/feedback", Feedback(barrier: "Alpha's secret barrier"))).EnsureSuccessStatusCode();
        var asked = await (await a.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/questions", new { question = "Will lots be split?" }))
            .JsonAsync(HttpStatusCode.Created);
        var open = await (await a.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/questions", new { question = "Unanswered one?" }))
            .JsonAsync(HttpStatusCode.Created);
        (await lead.Editor.Client.PutAsJsonAsync($"/api/v1/challenges/{slug}/dialogue/questions/{asked.GetProperty("id").GetGuid()}/answer",
            new { answer = "Yes, in two lots." })).EnsureSuccessStatusCode();

        // What supplier B (and anyone else) can read: not a trace of A.
        var paths = new[]
        {
            $"/api/v1/challenges/{slug}/dialogue", $"{Rounds(slug)}/{round}", $"{Rounds(slug)}/{round}/questions",
            $"{Rounds(slug)}/{round}/feedback", $"{Rounds(slug)}/{round}/meetings", $"/api/v1/challenges/{slug}/dialogue/report",
            $"{Rounds(slug)}/{round}/report", $"{Rounds(slug)}/{round}/report?format=csv", $"{Rounds(slug)}/{round}/eforms",
        };
        foreach (var client in new[] { b.Editor.Client, agora.Anonymous() })
            foreach (var path in paths)
            {
                var text = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
                Assert.DoesNotContain("dr-i-alpha", text);
                Assert.DoesNotContain(a.Id.ToString(), text);
                Assert.DoesNotContain("\"mine\"", text);
                Assert.DoesNotContain("askedBy", text);
                Assert.DoesNotContain("Unanswered one?", text);
            }
        await (await b.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/interest")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await (await b.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/feedback")).JsonAsync()).EnumerateArray());
        var seenByB = await (await b.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/questions")).JsonAsync();
        Assert.Equal("Yes, in two lots.", Assert.Single(seenByB.EnumerateArray()).GetProperty("answer").GetString());

        // A sees its own; the owners see who asked and who said what.
        var own = await (await a.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/questions")).JsonAsync();
        Assert.All(own.EnumerateArray(), q => Assert.True(q.GetProperty("mine").GetBoolean()));
        Assert.Equal(2, own.GetArrayLength());
        Assert.Contains(a.Slug, await (await a.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/feedback")).Content.ReadAsStringAsync());
        var ownerQuestions = await (await lead.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/questions")).JsonAsync();
        Assert.All(ownerQuestions.EnumerateArray(), q => Assert.Equal("dr-i-alpha org", q.GetProperty("askedBy").GetString()));
        Assert.Contains("Alpha's secret barrier", await (await lead.Editor.Client.GetAsync($"{Rounds(slug)}/{round}/feedback")).Content.ReadAsStringAsync());
        Assert.Equal(open.GetProperty("id").GetGuid(), ownerQuestions.EnumerateArray().Single(q => q.GetProperty("answer").ValueKind == System.Text.Json.JsonValueKind.Null).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Only_owners_answer_and_questions_and_answers_notify_the_right_people()
    {
        var lead = await agora.AgencyAsync("dr-j-lead");
        var co = await agora.AgencyAsync("dr-j-co", "state");
        var a = await agora.CompanyAsync("dr-j-alpha");
        var b = await agora.CompanyAsync("dr-j-beta");
        var outsider = await agora.CompanyAsync("dr-j-gamma");
        var follower = await agora.CreateUserAsync("dr-j-follower");
        var slug = await agora.ChallengeAsync("dr-j", lead, [co]);
        await agora.FollowAsync(slug, follower);
        var round = await agora.RoundAsync(slug, lead);
        (await a.Editor.Client.RegisterAsync(slug, round)).EnsureSuccessStatusCode();
        (await b.Editor.Client.RegisterAsync(slug, round)).EnsureSuccessStatusCode();

        await (await outsider.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/questions", new { question = "Not registered?" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var asked = await (await a.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/questions", new { question = "Which standard for batteries?" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await agora.NotificationsAsync(lead.Editor, "question"));
        Assert.Equal(1, await agora.NotificationsAsync(co.Editor, "question"));
        Assert.Equal(0, await agora.NotificationsAsync(b.Editor, "question"));

        var answer = $"/api/v1/challenges/{slug}/dialogue/questions/{asked.GetProperty("id").GetGuid()}/answer";
        await (await b.Editor.Client.PutAsJsonAsync(answer, new { answer = "Whatever you like" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().PutAsJsonAsync(answer, new { answer = "Whatever you like" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(await agora.WithDbAsync(db => db.DialogueQuestions.Where(q => q.Question == "Which standard for batteries?").Select(q => q.Answer).SingleAsync()));
        var empty = await (await co.Editor.Client.PutAsJsonAsync(answer, new { answer = " " })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("answer", empty.FieldErrors());

        (await co.Editor.Client.PutAsJsonAsync(answer, new { answer = "EN 50604." })).EnsureSuccessStatusCode();
        foreach (var told in new[] { a.Editor, b.Editor, follower }) Assert.Equal(1, await agora.NotificationsAsync(told, "answer"));
        Assert.Equal(0, await agora.NotificationsAsync(outsider.Editor, "answer"));
    }

    [Fact]
    public async Task Owners_record_meetings_with_minutes_that_everyone_reads()
    {
        var lead = await agora.AgencyAsync("dr-k-lead");
        var company = await agora.CompanyAsync("dr-k-co");
        var slug = await agora.ChallengeAsync("dr-k", lead);
        var round = await agora.RoundAsync(slug, lead);
        var meeting = new { title = "Information day", heldAt = DateTime.UtcNow, location = "City hall", minutes = "Forty attended.", attendees = 40 };

        await (await company.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/meetings", meeting)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var bad = await (await lead.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/meetings", new { title = "No date" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("heldAt", bad.FieldErrors());
        (await lead.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{round}/meetings", meeting)).EnsureSuccessStatusCode();
        var list = await (await agora.Anonymous().GetAsync($"{Rounds(slug)}/{round}/meetings")).JsonAsync();
        Assert.Equal("Forty attended.", Assert.Single(list.EnumerateArray()).GetProperty("minutes").GetString());
    }

    [Fact]
    public async Task The_report_counts_participants_factors_readiness_and_questions_and_exports_csv()
    {
        var lead = await agora.AgencyAsync("dr-l-lead");
        var a = await agora.CompanyAsync("dr-l-alpha");
        var b = await agora.CompanyAsync("dr-l-beta");
        var c = await agora.CompanyAsync("dr-l-gamma");
        var slug = await agora.ChallengeAsync("dr-l", lead);
        var one = await agora.RoundAsync(slug, lead);
        var two = await agora.RoundAsync(slug, lead, title: "Second");
        (await a.Editor.Client.RegisterAsync(slug, one, "small")).EnsureSuccessStatusCode();
        (await b.Editor.Client.RegisterAsync(slug, one, "large")).EnsureSuccessStatusCode();
        (await c.Editor.Client.RegisterAsync(slug, two, "small")).EnsureSuccessStatusCode();
        (await a.Editor.Client.RegisterAsync(slug, two, "medium")).EnsureSuccessStatusCode();
        (await a.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{one}/feedback", Feedback(readiness: 6, barrier: "Permits"))).EnsureSuccessStatusCode();
        (await b.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{one}/feedback", Feedback(readiness: 6, barrierCategory: "technical", barrier: "Charging on site"))).EnsureSuccessStatusCode();
        (await c.Editor.Client.PutAsJsonAsync($"{Rounds(slug)}/{two}/feedback", Feedback(readiness: 4, barrier: "=HYPERLINK(\"x\")"))).EnsureSuccessStatusCode();
        (await a.Editor.Client.PostAsJsonAsync($"{Rounds(slug)}/{one}/questions", new { question = "Open?" })).EnsureSuccessStatusCode();

        var report = await (await agora.Anonymous().GetAsync($"{Rounds(slug)}/{one}/report")).JsonAsync();
        Assert.Equal(2, report.GetProperty("organisations").GetInt32());
        Assert.Equal(2, report.GetProperty("feedbacks").GetInt32());
        Assert.Equal(1, report.GetProperty("openQuestions").GetInt32());
        int Count(System.Text.Json.JsonElement e, string list, string key) =>
            e.GetProperty(list).EnumerateArray().Single(x => x.GetProperty("key").GetString() == key).GetProperty("count").GetInt32();
        Assert.Equal(1, Count(report, "bySize", "small"));
        Assert.Equal(1, Count(report, "bySize", "large"));
        Assert.Equal(2, Count(report, "byKind", "company"));
        Assert.Equal(2, Count(report, "readiness", "6"));
        var barriers = report.GetProperty("barriers").EnumerateArray().ToDictionary(g => g.GetProperty("category").GetString()!);
        Assert.Equal(1, barriers["regulatory"].GetProperty("count").GetInt32());
        Assert.Equal("Charging on site", Assert.Single(barriers["technical"].GetProperty("texts").EnumerateArray()).GetString());
        Assert.Equal(2, report.GetProperty("enablers").EnumerateArray().Single(g => g.GetProperty("category").GetString() == "financial").GetProperty("count").GetInt32());

        var whole = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue/report")).JsonAsync();
        Assert.Equal(3, whole.GetProperty("organisations").GetInt32()); // alpha counted once, with its latest size
        Assert.Equal(1, Count(whole, "bySize", "small"));
        Assert.Equal(1, Count(whole, "bySize", "medium"));
        Assert.Equal(1, Count(whole, "bySize", "large"));
        Assert.Equal(3, whole.GetProperty("feedbacks").GetInt32());

        var csv = await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue/report?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("section,key,count,text,answer", lines[0]);
        Assert.Contains("organisations,total,3,,", lines);
        Assert.Contains("organisations-by-size,medium,1,,", lines);
        Assert.Contains("barriers,regulatory,2,,", lines);
        Assert.Contains("readiness-level,4,1,,", lines);
        Assert.Contains("questions,open,1,,", lines);
        Assert.Contains(lines, l => l.StartsWith("barrier,regulatory,,\"'=HYPERLINK", StringComparison.Ordinal)); // no formula
        await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue/report?format=xml")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_draft_challenges_dialogue_is_hidden_from_outsiders()
    {
        var lead = await agora.AgencyAsync("dr-m-lead");
        var company = await agora.CompanyAsync("dr-m-co");
        var slug = await agora.ChallengeAsync("dr-m", lead, status: Agora.Challenges.ChallengeStatus.Draft);
        var round = await agora.RoundAsync(slug, lead);
        await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await company.Editor.Client.RegisterAsync(slug, round)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{slug}/dialogue/report")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_eforms_view_maps_the_round_to_E1_fields()
    {
        var lead = await agora.AgencyAsync("dr-n-lead");
        var co = await agora.AgencyAsync("dr-n-co", "regional");
        var slug = await agora.ChallengeAsync("dr-n", lead, [co]);
        var round = await agora.RoundAsync(slug, lead, closesIn: TimeSpan.FromDays(10));
        var notice = await (await agora.Anonymous().GetAsync($"{Rounds(slug)}/{round}/eforms")).JsonAsync();
        Assert.Equal("E1", notice.GetProperty("OPP-070-notice").GetString());
        Assert.Equal("pmc", notice.GetProperty("BT-02-notice").GetString());
        Assert.Equal("Emission-free machinery", notice.GetProperty("BT-21-Procedure").GetString());
        Assert.Contains("emission-free excavators", notice.GetProperty("BT-24-Procedure").GetString());
        Assert.Equal("innovation", notice.GetProperty("BT-105-Procedure").GetString());
        Assert.Equal(750_000m, notice.GetProperty("BT-27-Procedure").GetDecimal());
        var deadline = agora.Clock.GetUtcNow().UtcDateTime.AddDays(10);
        Assert.Equal(deadline.ToString("yyyy-MM-dd") + "Z", notice.GetProperty("lots")[0].GetProperty("BT-800(d)-Lot").GetString());
        var names = notice.GetProperty("organisations").EnumerateArray().Select(o => o.GetProperty("BT-500-Organization-Company").GetString()).ToList();
        Assert.Equal(["dr-n-lead org", "dr-n-co org"], names);
        Assert.Equal(2, notice.GetProperty("buyers").GetArrayLength());
    }
}
