using System.Net;
using System.Net.Http.Json;
using Agora.Challenges;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>Organisations and users through the public API; challenges written to the database directly
/// (the challenge API is built elsewhere — when it lands, <see cref="ChallengeAsync"/> is the one place to
/// switch to it).</summary>
static class DialogueFixture
{
    public sealed record Org(string Slug, Guid Id, TestUser Editor);

    /// <summary>An organisation created by the administrator with one editor.</summary>
    public static async Task<Org> OrganisationAsync(this AgoraFactory agora, string prefix, string kind, string? level = null)
    {
        var editor = await agora.CreateUserAsync($"{prefix}-editor");
        var org = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} org", kind, level }))
            .JsonAsync(HttpStatusCode.Created);
        var slug = org.GetProperty("slug").GetString()!;
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{slug}/members/{editor.UserName}", new { role = "editor" })).EnsureSuccessStatusCode();
        return new Org(slug, org.GetProperty("id").GetGuid(), editor);
    }

    public static Task<Org> AgencyAsync(this AgoraFactory agora, string prefix, string level = "municipal") =>
        agora.OrganisationAsync(prefix, "public-agency", level);

    public static Task<Org> CompanyAsync(this AgoraFactory agora, string prefix) => agora.OrganisationAsync(prefix, "company");

    public static async Task AddMemberAsync(this AgoraFactory agora, Org org, TestUser user, string role) =>
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org.Slug}/members/{user.UserName}", new { role })).EnsureSuccessStatusCode();

    /// <summary>A challenge led by <paramref name="lead"/> with the given co-owners, in the given status.</summary>
    public static async Task<string> ChallengeAsync(this AgoraFactory agora, string slug, Org lead, Org[]? coOwners = null,
        ChallengeStatus status = ChallengeStatus.Dialogue)
    {
        var now = agora.Clock.GetUtcNow().UtcDateTime;
        await agora.WithDbAsync(async db =>
        {
            var challenge = new Challenge
            {
                Slug = slug, Title = $"Challenge {slug}", Summary = "Emission-free construction sites", Status = status,
                LeadOrgId = lead.Id, Ocid = "", CreatedAt = now, UpdatedAt = now, PublishedAt = status == ChallengeStatus.Draft ? null : now,
            };
            challenge.Ocid = "ocds-agora0-ch-" + challenge.Id;
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = lead.Id, Role = ParticipantRole.Lead, BudgetMinor = 500_000_00, JoinedAt = now });
            foreach (var co in coOwners ?? [])
                challenge.Participants.Add(new ChallengeParticipant { OrganisationId = co.Id, Role = ParticipantRole.CoOwner, BudgetMinor = 250_000_00, JoinedAt = now });
            db.Challenges.Add(challenge);
            return await db.SaveChangesAsync();
        });
        return slug;
    }

    public static Task FollowAsync(this AgoraFactory agora, string slug, TestUser user) => agora.WithDbAsync(async db =>
    {
        var challengeId = await db.Challenges.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        var userId = await db.Users.Where(u => u.UserName == user.UserName).Select(u => u.Id).SingleAsync();
        db.ChallengeFollowers.Add(new ChallengeFollower { ChallengeId = challengeId, UserId = userId, FollowedAt = DateTime.UtcNow });
        return await db.SaveChangesAsync();
    });

    public static Task<int> NotificationsAsync(this AgoraFactory agora, TestUser user, string kind) => agora.WithDbAsync(db =>
        db.Notifications.CountAsync(n => n.Kind == kind && db.Users.Any(u => u.Id == n.UserId && u.UserName == user.UserName)));

    /// <summary>A round opening an hour ago and closing in ten days, unless told otherwise; published unless told not to.</summary>
    public static async Task<int> RoundAsync(this AgoraFactory agora, string slug, Org owner, bool publish = true,
        TimeSpan? opensIn = null, TimeSpan? closesIn = null, string title = "Emission-free machinery")
    {
        var now = agora.Clock.GetUtcNow().UtcDateTime;
        var round = await (await owner.Editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/dialogue/rounds", new
        {
            title, announcement = "We intend to **buy** emission-free excavators.", agenda = "1. Information day\n2. Feedback",
            expectedProcedure = "innovation-partnership",
            opensAt = now + (opensIn ?? TimeSpan.FromHours(-1)), answersDeadline = now + (closesIn ?? TimeSpan.FromDays(10)),
        })).JsonAsync(HttpStatusCode.Created);
        var number = round.GetProperty("number").GetInt32();
        if (publish)
            (await owner.Editor.Client.PostAsync($"/api/v1/challenges/{slug}/dialogue/rounds/{number}/publish", null)).EnsureSuccessStatusCode();
        return number;
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string slug, int round, string size = "small",
        string? organisation = null) =>
        client.PutAsJsonAsync($"/api/v1/challenges/{slug}/dialogue/rounds/{round}/interest", new { organisation, size });
}
