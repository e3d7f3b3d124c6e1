using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>The dialogue and declaration pages used as a browser would: signed in with a cookie, posting forms.</summary>
public sealed class DialoguePagesTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    static async Task PostAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var response = await browser.SubmitAsync(page, fields, $"{page}?handler={handler}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"{handler}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_supplier_registers_gives_feedback_and_asks_through_the_round_page_and_the_owner_answers()
    {
        var lead = await agora.AgencyAsync("dp-a-lead");
        var supplier = await agora.CompanyAsync("dp-a-co");
        var rival = await agora.CompanyAsync("dp-a-rival");
        var slug = await agora.ChallengeAsync("dp-a", lead);
        var round = await agora.RoundAsync(slug, lead);
        var page = $"/challenges/{slug}/dialogue/rounds/{round}";

        var browser = await agora.SignedInAsync(supplier.Editor);
        Assert.Contains("Register interest", await browser.ShowAsync(page));
        await PostAsync(browser, page, "Register", new() { ["organisation"] = supplier.Slug, ["size"] = "small" });
        await PostAsync(browser, page, "Feedback", new()
        {
            ["feedback.Organisation"] = supplier.Slug,
            ["feedback.BarrierCategories[0]"] = "regulatory", ["feedback.BarrierTexts[0]"] = "Noise permits at night",
            ["feedback.BarrierCategories[1]"] = "technical", ["feedback.BarrierTexts[1]"] = "",
            ["feedback.EnablerCategories[0]"] = "market", ["feedback.EnablerTexts[0]"] = "Joint volume",
            ["feedback.ReadinessLevel"] = "7", ["feedback.WouldBidIf"] = "Two lots",
        });
        await PostAsync(browser, page, "Ask", new() { ["organisation"] = supplier.Slug, ["question"] = "Is leasing allowed?" });
        var own = await browser.ShowAsync(page);
        Assert.Contains("Noise permits at night", own);
        Assert.Contains("Is leasing allowed?", own);

        var bad = await browser.SubmitAsync(page, new Dictionary<string, string> { ["feedback.Organisation"] = supplier.Slug, ["feedback.ReadinessLevel"] = "12" },
            $"{page}?handler=Feedback");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("readiness level from 1 to 9", await bad.Content.ReadAsStringAsync());
        Assert.Equal(7, await agora.WithDbAsync(db => db.DialogueFeedback.Where(f => f.OrganisationId == supplier.Id).Select(f => f.ReadinessLevel).SingleAsync()));

        var owner = await agora.SignedInAsync(lead.Editor);
        var ownerView = await owner.ShowAsync(page);
        Assert.Contains("asked by dp-a-co org", ownerView);
        var questionId = await agora.WithDbAsync(db => db.DialogueQuestions.Where(q => q.Question == "Is leasing allowed?").Select(q => q.Id).SingleAsync());
        await PostAsync(owner, page, "Answer", new() { ["question"] = questionId.ToString(), ["answer"] = "Yes, leasing is allowed." });

        var rivalView = await WebForms.ShowAsync(await agora.SignedInAsync(rival.Editor), page);
        Assert.Contains("Yes, leasing is allowed.", rivalView);
        Assert.DoesNotContain("dp-a-co", rivalView);
        Assert.DoesNotContain("Noise permits at night", rivalView);

        var report = await WebForms.ShowAsync(agora.Browser(), $"/challenges/{slug}/dialogue/report");
        var rivalBrowser = await agora.SignedInAsync(rival.Editor);
        await PostAsync(rivalBrowser, page, "Register", new() { ["organisation"] = rival.Slug, ["size"] = "large" });
        await PostAsync(rivalBrowser, page, "Withdraw", new() { ["organisation"] = rival.Slug });
        Assert.False(await agora.WithDbAsync(db => db.DialogueInterests.AnyAsync(i => i.OrganisationId == rival.Id)));
        Assert.Contains("<svg class=\"barchart\"", report);
        Assert.Contains("Noise permits at night", report);
        Assert.Contains($"/api/v1/challenges/{slug}/dialogue/report?format=csv", report);
        Assert.DoesNotContain("dp-a-co", report);
    }

    [Fact]
    public async Task The_owner_opens_a_round_through_the_form_and_bad_dates_are_shown_on_it()
    {
        var lead = await agora.AgencyAsync("dp-b-lead");
        var slug = await agora.ChallengeAsync("dp-b", lead);
        var owner = await agora.SignedInAsync(lead.Editor);
        var page = $"/challenges/{slug}/dialogue";
        var bad = await owner.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Round.Title"] = "Wrong way round", ["Round.OpensAt"] = "2030-05-10T10:00", ["Round.AnswersDeadline"] = "2030-05-01T10:00",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("must come after the round opens", await bad.Content.ReadAsStringAsync());

        var ok = await owner.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Round.Title"] = "Information round", ["Round.ExpectedProcedure"] = "competitive-dialogue",
            ["Round.OpensAt"] = "2030-05-01T10:00", ["Round.AnswersDeadline"] = "2030-06-01T10:00",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal($"/challenges/{slug}/dialogue/rounds/1", ok.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await agora.Browser().GetAsync($"/challenges/{slug}/dialogue/rounds/1")).StatusCode);
        await PostAsync(owner, $"/challenges/{slug}/dialogue/rounds/1", "Publish", []);
        Assert.Contains("Information round", await WebForms.ShowAsync(agora.Browser(), $"/challenges/{slug}/dialogue"));
        await PostAsync(owner, $"/challenges/{slug}/dialogue/rounds/1", "Edit", new()
        {
            ["Round.Title"] = "Information round, renamed", ["Round.OpensAt"] = "2030-05-01T10:00", ["Round.AnswersDeadline"] = "2030-06-15T10:00",
        });
        Assert.Contains("Information round, renamed", await WebForms.ShowAsync(agora.Browser(), $"/challenges/{slug}/dialogue/rounds/1"));
    }

    [Fact]
    public async Task An_agency_signs_a_published_declaration_on_its_page_and_a_company_is_not_offered_the_form()
    {
        var lead = await agora.AgencyAsync("dp-c-lead");
        var town = await agora.AgencyAsync("dp-c-town");
        var company = await agora.CompanyAsync("dp-c-co");
        var slug = await agora.ChallengeAsync("dp-c", lead);
        var owner = await agora.SignedInAsync(lead.Editor);
        var created = await owner.SubmitAsync($"/challenges/{slug}/declarations",
            new Dictionary<string, string> { ["Draft.Title"] = "Zero-emission sites", ["Draft.Text"] = "We will require zero-emission machinery." });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        await PostAsync(owner, page, "Publish", []);

        var signer = await agora.SignedInAsync(town.Editor);
        Assert.Contains("Sign the declaration", await signer.ShowAsync(page));
        await PostAsync(signer, page, "Sign", new()
        {
            ["signature.Organisation"] = town.Slug, ["signature.Commitment"] = "From 2028 on all our sites",
            ["signature.EffectiveFrom"] = "2028-01-01", ["signature.SignatoryName"] = "Ada Jensen", ["signature.SignatoryTitle"] = "Mayor",
        });
        var shown = await WebForms.ShowAsync(agora.Browser(), page);
        Assert.Contains("From 2028 on all our sites", shown);
        Assert.Contains("Ada Jensen, Mayor", shown);
        Assert.DoesNotContain("Sign the declaration", await WebForms.ShowAsync(await agora.SignedInAsync(company.Editor), page));
        Assert.Contains("The text is frozen", await owner.ShowAsync(page));
    }
}
