using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

public sealed class TokenTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Me_without_credentials_is_401_problem()
    {
        await (await agora.Anonymous().GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_with_unknown_token_is_401_problem()
    {
        await (await agora.ClientWithToken("agora_not-a-real-token").GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bootstrap_token_has_exactly_the_configured_value_and_belongs_to_the_sysadmin()
    {
        var me = await (await agora.Admin().GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal("admin", me.GetProperty("user").GetProperty("userName").GetString());
        Assert.True(me.GetProperty("user").GetProperty("isSysAdmin").GetBoolean());
    }

    [Fact]
    public async Task Token_is_accepted_raw_as_ckan_clients_send_it_and_as_bearer()
    {
        var raw = await (await agora.ClientWithToken(AgoraFactory.AdminToken, bearer: false).GetAsync("/api/v1/me")).JsonAsync();
        var bearer = await (await agora.ClientWithToken(AgoraFactory.AdminToken, bearer: true).GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal(raw.GetProperty("user").GetProperty("id").GetString(), bearer.GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Created_token_is_shown_once_and_stored_only_as_a_hash()
    {
        var alice = await agora.CreateUserAsync("tok-alice");
        var created = await (await alice.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "harvester", expiresInDays = 30 }))
            .JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("agora_", secret);
        Assert.True(secret.Length >= 43 + 6, "at least 32 random bytes");

        // The new token works...
        var me = await (await agora.ClientWithToken(secret).GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal("tok-alice", me.GetProperty("user").GetProperty("userName").GetString());
        // ...the list never shows the secret...
        var list = await (await alice.Client.GetAsync("/api/v1/me/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, list);
        Assert.Contains("harvester", list);
        // ...and the database holds no copy of it.
        var stored = await agora.WithDbAsync(db => db.ApiTokens.Select(t => t.TokenHash + t.Prefix + t.Name).ToListAsync());
        Assert.DoesNotContain(stored, s => s.Contains(secret));
    }

    [Fact]
    public async Task Revoked_token_stops_working_at_once()
    {
        var bob = await agora.CreateUserAsync("tok-bob");
        var created = await (await bob.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "script" })).JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("token").GetProperty("id").GetString();
        var client = agora.ClientWithToken(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"/api/v1/me/tokens/{id}")).StatusCode);

        await (await client.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_stops_working_when_it_expires()
    {
        var carol = await agora.CreateUserAsync("tok-carol");
        var created = await (await carol.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "short", expiresInDays = 1 })).JsonAsync(HttpStatusCode.Created);
        var client = agora.ClientWithToken(created.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        agora.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        await (await client.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Nobody_revokes_another_users_token()
    {
        var dave = await agora.CreateUserAsync("tok-dave");
        var eve = await agora.CreateUserAsync("tok-eve");
        var created = await (await dave.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "mine" })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("token").GetProperty("id").GetString();

        await (await eve.Client.DeleteAsync($"/api/v1/me/tokens/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await agora.ClientWithToken(created.GetProperty("secret").GetString()).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Token_with_expiry_in_the_past_or_no_name_is_refused()
    {
        var frank = await agora.CreateUserAsync("tok-frank");
        var past = await (await frank.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "old", expiresAt = agora.Clock.GetUtcNow().AddDays(-1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("expiresAt", past.FieldErrors());
        var unnamed = await (await frank.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", unnamed.FieldErrors());
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_tokens_at_once()
    {
        var gina = await agora.CreateUserAsync("tok-gina");
        Assert.Equal(HttpStatusCode.OK, (await gina.Client.GetAsync("/api/v1/me")).StatusCode);

        (await agora.Admin().PatchAsJsonAsync("/api/v1/users/tok-gina", new { isDisabled = true })).EnsureSuccessStatusCode();

        await (await gina.Client.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_made_with_a_token_cannot_outlive_it()
    {
        var ivy = await agora.CreateUserAsync("tok-ivy");
        var parent = await (await ivy.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "short", expiresInDays = 1 })).JsonAsync(HttpStatusCode.Created);
        var parentClient = agora.ClientWithToken(parent.GetProperty("secret").GetString());

        var child = await (await parentClient.PostAsJsonAsync("/api/v1/me/tokens", new { name = "forever" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(parent.GetProperty("token").GetProperty("expiresAt").GetDateTime(), child.GetProperty("token").GetProperty("expiresAt").GetDateTime());
    }

    [Fact]
    public async Task An_expiry_without_offset_is_taken_as_utc()
    {
        var jo = await agora.CreateUserAsync("tok-jo");
        var when = agora.Clock.GetUtcNow().UtcDateTime.AddDays(10);
        var local = when.ToString("yyyy-MM-ddTHH:mm:ss");
        var created = await (await jo.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "naive", expiresAt = local })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(local + "Z", created.GetProperty("token").GetProperty("expiresAt").GetString()![..19] + "Z");
        var both = await (await jo.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "both", expiresAt = local, expiresInDays = 3 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("expiresAt", both.FieldErrors());
    }
}
