using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Challenges;

/// <summary>Organisations with editors and challenges, made through the public API, for the challenge tests.</summary>
sealed class ChallengeWorld(AgoraFactory agora)
{
    /// <summary>A new organisation (public agency when a level is given) with a new user as its editor.</summary>
    public async Task<(TestUser Editor, string Slug)> OrganisationAsync(string name, string kind = "public-agency", string? level = "municipal",
        string? city = null)
    {
        var org = await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations",
            new { name, kind, level = kind == "public-agency" ? level : null, city })).JsonAsync(HttpStatusCode.Created);
        var slug = org.GetProperty("slug").GetString()!;
        var editor = await agora.CreateUserAsync($"{slug}-ed");
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{slug}/members/{editor.UserName}", new { role = "editor" })).EnsureSuccessStatusCode();
        return (editor, slug);
    }

    public async Task<TestUser> MemberAsync(string org, string userName, string role = "member")
    {
        var user = await agora.CreateUserAsync(userName);
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{userName}", new { role })).EnsureSuccessStatusCode();
        return user;
    }

    public static object Draft(string title, string? lead = null, string theme = "environment") => new
    {
        title, lead, theme, summary = "A need, not a solution.", problem = "Diesel machinery **pollutes** building sites.",
        goals = "Emission-free sites by 2030.", currency = "EUR",
    };

    public async Task<string> CreateAsync(TestUser editor, string title, string? lead = null)
    {
        var created = await (await editor.Client.PostAsJsonAsync("/api/v1/challenges", Draft(title, lead))).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("slug").GetString()!;
    }

    /// <summary>A challenge with a KPI, published.</summary>
    public async Task<string> PublishedAsync(TestUser editor, string title)
    {
        var slug = await CreateAsync(editor, title);
        await AddKpiAsync(editor, slug);
        (await StatusAsync(editor, slug, "published")).EnsureSuccessStatusCode();
        return slug;
    }

    public static async Task AddKpiAsync(TestUser editor, string slug, string title = "CO₂ on site") =>
        await (await editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/kpis",
            new { title, unit = "t/year", baseline = 1200, target = 0, targetDate = "2030-01-01" })).JsonAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> StatusAsync(TestUser editor, string slug, string status, string? note = null) =>
        editor.Client.PostAsJsonAsync($"/api/v1/challenges/{slug}/status", new { status, note });

    public async Task<JsonElement> GetAsync(string slug) => await (await agora.Admin().GetAsync($"/api/v1/challenges/{slug}")).JsonAsync();

    public Task<Guid> UserIdAsync(string userName) => agora.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    /// <summary>Counts of what a challenge holds, to check that a refused request wrote nothing.</summary>
    public Task<string> SnapshotAsync(string slug) => agora.WithDbAsync(async db =>
    {
        var c = await db.Challenges.AsNoTracking().SingleAsync(x => x.Slug == slug);
        var participants = await db.ChallengeParticipants.AsNoTracking().Where(p => p.ChallengeId == c.Id).OrderBy(p => p.OrganisationId)
            .Select(p => $"{p.OrganisationId}:{p.Role}:{p.Quantity}:{p.Unit}:{p.BudgetMinor}:{p.NeededFrom}:{p.NeededUntil}:{p.Note}").ToListAsync();
        return string.Join("|", c.Title, c.Theme, c.Currency, c.Status, c.Summary, c.UpdatedAt.Ticks,
            await db.ChallengeEvents.CountAsync(e => e.ChallengeId == c.Id), await db.ChallengeKpis.CountAsync(k => k.ChallengeId == c.Id),
            await db.Attachments.CountAsync(a => a.ChallengeId == c.Id), await db.ChallengeDatasets.CountAsync(d => d.ChallengeId == c.Id),
            string.Join(";", participants));
    });
}
