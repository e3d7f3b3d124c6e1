using System.Net;
using System.Net.Http.Json;
using Agora.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>Rules that must hold when requests arrive at the same moment.</summary>
public sealed class ConcurrencyTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    async Task<SignInResult> SignInAsync(string login, string password)
    {
        await using var scope = agora.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountManager>().SignInAsync(login, password);
    }

    [Fact]
    public async Task Guesses_sent_in_parallel_still_lock_the_account_after_five()
    {
        var user = await agora.CreateUserAsync("race-lock");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => SignInAsync("race-lock", $"guess-number-{i}"))));

        Assert.All(results, r => Assert.NotEqual(SignInOutcome.Succeeded, r.Outcome));
        // Only guesses that were checked against the password come back as Failed; the rest were refused unchecked.
        Assert.True(results.Count(r => r.Outcome == SignInOutcome.Failed) <= AccountRules.MaxFailedSignIns,
            "more guesses were checked than the lockout allows");
        Assert.Equal(SignInOutcome.LockedOut, (await SignInAsync("race-lock", user.Password)).Outcome);
    }

    [Fact]
    public async Task Two_admins_leaving_at_once_leave_one_admin_behind()
    {
        var first = await agora.CreateUserAsync("race-first");
        var second = await agora.CreateUserAsync("race-second");
        var org = await (await first.Client.PostAsJsonAsync("/api/v1/organisations", new { name = "Race Co", kind = "company" })).JsonAsync(HttpStatusCode.Created);
        var slug = org.GetProperty("slug").GetString();
        (await first.Client.PutAsJsonAsync($"/api/v1/organisations/{slug}/members/race-second", new { role = "admin" })).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(
            Task.Run(() => first.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/race-first")),
            Task.Run(() => second.Client.DeleteAsync($"/api/v1/organisations/{slug}/members/race-second")));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order().ToArray());
        var admins = await agora.WithDbAsync(db => db.Memberships.CountAsync(m => m.Organisation.Slug == slug && m.Role == MembershipRole.Admin));
        Assert.Equal(1, admins);
    }

    [Fact]
    public async Task Two_users_taking_the_same_email_at_once_get_one_success_and_one_conflict()
    {
        await agora.CreateUserAsync("race-mail-a");
        await agora.CreateUserAsync("race-mail-b");
        var responses = await Task.WhenAll(
            Task.Run(() => agora.Admin().PatchAsJsonAsync("/api/v1/users/race-mail-a", new { email = "shared@test.example" })),
            Task.Run(() => agora.Admin().PatchAsJsonAsync("/api/v1/users/race-mail-b", new { email = "shared@test.example" })));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order().ToArray());
    }
}
