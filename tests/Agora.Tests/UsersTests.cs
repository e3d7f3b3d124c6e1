using System.Net;
using System.Net.Http.Json;

namespace Agora.Tests;

public sealed class UsersTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Only_system_administrators_list_users()
    {
        var plain = await agora.CreateUserAsync("usr-plain");
        await (await plain.Client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var list = await (await agora.Admin().GetAsync("/api/v1/users?q=usr-plain")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Plain_users_cannot_make_themselves_administrators()
    {
        var plain = await agora.CreateUserAsync("usr-climber");
        await (await plain.Client.PatchAsJsonAsync("/api/v1/users/usr-climber", new { isSysAdmin = true })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await plain.Client.GetAsync("/api/v1/me")).JsonAsync();
        Assert.False(me.GetProperty("user").GetProperty("isSysAdmin").GetBoolean());
    }

    [Fact]
    public async Task Promoted_user_gets_administrator_rights_on_their_next_request()
    {
        var user = await agora.CreateUserAsync("usr-promoted");
        await (await user.Client.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
        (await agora.Admin().PatchAsJsonAsync("/api/v1/users/usr-promoted", new { isSysAdmin = true })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Administrator_cannot_disable_themself()
    {
        await (await agora.Admin().PatchAsJsonAsync("/api/v1/users/admin", new { isDisabled = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await agora.Admin().GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Creating_users_checks_every_field_and_duplicates()
    {
        var bad = await (await agora.Admin().PostAsJsonAsync("/api/v1/users", new { userName = "X", displayName = "", email = "not-an-email", password = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["displayName", "email", "password", "userName"], bad.FieldErrors().Order().ToArray());

        await agora.CreateUserAsync("usr-dup");
        await (await agora.Admin().PostAsJsonAsync("/api/v1/users", new { userName = "usr-dup", displayName = "Again", email = "other@test.example", password = "long-enough-pw" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await agora.Admin().PostAsJsonAsync("/api/v1/users", new { userName = "usr-dup2", displayName = "Again", email = "USR-DUP@test.example", password = "long-enough-pw" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Unknown_user_is_a_404()
    {
        await (await agora.Admin().GetAsync("/api/v1/users/nobody-at-all")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
