using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>Joint declarations: owners draft and publish, agencies sign once each, the text freezes at the first signature.</summary>
public sealed class DeclarationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    static string Declarations(string slug) => $"/api/v1/challenges/{slug}/declarations";

    static object Signature(string? organisation = null, string commitment = "We require emission-free machinery on our sites.") => new
    {
        organisation, commitment, effectiveFrom = "2027-01-01", signatoryName = "Mette Hansen", signatoryTitle = "Mayor",
    };

    async Task<(DialogueFixture.Org Lead, string Slug, Guid Id)> PublishedAsync(string prefix)
    {
        var lead = await agora.AgencyAsync($"{prefix}-lead");
        var slug = await agora.ChallengeAsync(prefix, lead);
        var created = await (await lead.Editor.Client.PostAsJsonAsync(Declarations(slug),
            new { title = "Emission-free construction sites", text = "We, the undersigned agencies, will require **zero-emission** machinery." }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        (await lead.Editor.Client.PostAsync($"{Declarations(slug)}/{id}/publish", null)).EnsureSuccessStatusCode();
        return (lead, slug, id);
    }

    [Fact]
    public async Task Owners_draft_and_publish_then_an_agency_signs_and_everyone_sees_who_and_when()
    {
        var lead = await agora.AgencyAsync("dd-a-lead");
        var signer = await agora.AgencyAsync("dd-a-region", "regional");
        var follower = await agora.CreateUserAsync("dd-a-follower");
        var slug = await agora.ChallengeAsync("dd-a", lead);
        await agora.FollowAsync(slug, follower);
        var created = await (await lead.Editor.Client.PostAsJsonAsync(Declarations(slug), new { title = "Clean sites", text = "We commit." }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        Assert.Empty((await (await agora.Anonymous().GetAsync(Declarations(slug))).JsonAsync()).EnumerateArray());
        await (await agora.Anonymous().GetAsync($"{Declarations(slug)}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature()))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        (await lead.Editor.Client.PostAsync($"{Declarations(slug)}/{id}/publish", null)).EnsureSuccessStatusCode();
        var signed = await (await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature()))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(signer.Slug, signed.GetProperty("organisation").GetString());

        var page = await (await agora.Anonymous().GetAsync($"{Declarations(slug)}/{id}")).JsonAsync();
        Assert.True(page.GetProperty("frozen").GetBoolean());
        var signature = Assert.Single(page.GetProperty("signatures").EnumerateArray());
        Assert.Equal("Mette Hansen", signature.GetProperty("signatoryName").GetString());
        Assert.Equal("regional", signature.GetProperty("level").GetString());
        Assert.Equal("2027-01-01", signature.GetProperty("effectiveFrom").GetString());
        Assert.True(signature.TryGetProperty("signedAt", out _));
        Assert.Equal(2, await agora.WithDbAsync(db => db.ChallengeEvents.CountAsync(e => e.Kind == "declaration"
            && db.Challenges.Any(c => c.Id == e.ChallengeId && c.Slug == slug))));
        Assert.Equal(1, await agora.NotificationsAsync(follower, "signature"));
        Assert.Equal(1, await agora.NotificationsAsync(lead.Editor, "signature"));
    }

    [Fact]
    public async Task The_text_is_frozen_after_the_first_signature()
    {
        var (lead, slug, id) = await PublishedAsync("dd-b");
        var signer = await agora.AgencyAsync("dd-b-town");
        (await lead.Editor.Client.PutAsJsonAsync($"{Declarations(slug)}/{id}", new { title = "Clean sites", text = "Corrected before signing." }))
            .EnsureSuccessStatusCode();
        (await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature())).EnsureSuccessStatusCode();

        await (await lead.Editor.Client.PutAsJsonAsync($"{Declarations(slug)}/{id}", new { title = "Clean sites", text = "Weaker after signing." }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Corrected before signing.", await agora.WithDbAsync(db => db.Declarations.Where(d => d.Id == id).Select(d => d.Text).SingleAsync()));
    }

    [Fact]
    public async Task An_agency_signs_once()
    {
        var (_, slug, id) = await PublishedAsync("dd-c");
        var signer = await agora.AgencyAsync("dd-c-state", "state");
        var colleague = await agora.CreateUserAsync("dd-c-colleague");
        await agora.AddMemberAsync(signer, colleague, "editor");
        (await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature())).EnsureSuccessStatusCode();
        await (await colleague.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature(commitment: "Again")))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await agora.WithDbAsync(db => db.DeclarationSignatures.CountAsync(s => s.DeclarationId == id)));
    }

    [Fact]
    public async Task Companies_plain_members_and_anonymous_callers_cannot_sign()
    {
        var (_, slug, id) = await PublishedAsync("dd-d");
        var company = await agora.CompanyAsync("dd-d-co");
        var agency = await agora.AgencyAsync("dd-d-town");
        var member = await agora.CreateUserAsync("dd-d-member");
        await agora.AddMemberAsync(agency, member, "member");

        await (await company.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await company.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature(company.Slug)))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature(agency.Slug)))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", Signature())).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await agora.WithDbAsync(db => db.DeclarationSignatures.CountAsync(s => s.DeclarationId == id)));
    }

    [Fact]
    public async Task Only_owners_draft_edit_and_publish()
    {
        var lead = await agora.AgencyAsync("dd-e-lead");
        var other = await agora.AgencyAsync("dd-e-other");
        var company = await agora.CompanyAsync("dd-e-co");
        var slug = await agora.ChallengeAsync("dd-e", lead);
        var input = new { title = "Hijack", text = "Not ours." };
        await (await other.Editor.Client.PostAsJsonAsync(Declarations(slug), input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await company.Editor.Client.PostAsJsonAsync(Declarations(slug), input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().PostAsJsonAsync(Declarations(slug), input)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await agora.WithDbAsync(db => db.Declarations.AnyAsync(d => d.Title == "Hijack")));

        var (_, slug2, id) = await PublishedAsync("dd-e2");
        await (await other.Editor.Client.PutAsJsonAsync($"{Declarations(slug2)}/{id}", input)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(await agora.WithDbAsync(db => db.Declarations.AnyAsync(d => d.Title == "Hijack")));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var (lead, slug, id) = await PublishedAsync("dd-f");
        var signer = await agora.AgencyAsync("dd-f-town");
        var draft = await (await lead.Editor.Client.PostAsJsonAsync(Declarations(slug), new { title = "", text = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equivalent(new[] { "title", "text" }, draft.FieldErrors());
        var sign = await (await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures", new { commitment = "", signatoryName = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equivalent(new[] { "commitment", "signatoryName" }, sign.FieldErrors());
        var badDate = await signer.Editor.Client.PostAsJsonAsync($"{Declarations(slug)}/{id}/signatures",
            new { commitment = "x", signatoryName = "y", effectiveFrom = "next year" });
        await badDate.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await agora.WithDbAsync(db => db.DeclarationSignatures.CountAsync(s => s.DeclarationId == id)));
        var list = await (await agora.Anonymous().GetAsync(Declarations(slug))).JsonAsync();
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Single(list.EnumerateArray());
    }
}
