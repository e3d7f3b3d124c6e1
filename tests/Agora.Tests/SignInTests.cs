using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

public sealed class SignInTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Signing_in_sets_a_cookie_that_the_api_accepts()
    {
        var user = await agora.CreateUserAsync("web-ann");
        var browser = agora.Browser();

        var response = await browser.SignInAsync("web-ann@test.example", user.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var me = await (await browser.GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal("web-ann", me.GetProperty("user").GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        await agora.CreateUserAsync("web-ben");
        var response = await agora.Browser().SignInAsync("web-ben", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("do not match an active account", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password_until_the_lockout_ends()
    {
        var user = await agora.CreateUserAsync("web-cleo");
        var browser = agora.Browser();
        for (var i = 0; i < 5; i++) await browser.SignInAsync("web-cleo", $"wrong-{i}-password");

        var locked = await browser.SignInAsync("web-cleo", user.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());

        agora.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await browser.SignInAsync("web-cleo", user.Password);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in()
    {
        var user = await agora.CreateUserAsync("web-dora");
        await agora.WithDbAsync(db => db.Users.Where(u => u.UserName == "web-dora").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));
        var response = await agora.Browser().SignInAsync("web-dora", user.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_web_session_at_once()
    {
        var user = await agora.CreateUserAsync("web-eli");
        var browser = agora.Browser();
        await browser.SignInAsync("web-eli", user.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);

        (await agora.Admin().PatchAsync("/api/v1/users/web-eli", System.Net.Http.Json.JsonContent.Create(new { isDisabled = true }))).EnsureSuccessStatusCode();

        var response = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Form_post_without_antiforgery_token_is_refused()
    {
        var user = await agora.CreateUserAsync("web-finn");
        var response = await agora.Browser().PostAsync("/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Login"] = "web-finn", ["Password"] = user.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copied_cookie()
    {
        var user = await agora.CreateUserAsync("web-gus");
        var response = await agora.Browser().SignInAsync("web-gus", user.Password);
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var copy = agora.ClientWithToken(null);
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/me")).StatusCode);

        var browser = agora.Browser();
        browser.DefaultRequestHeaders.Add("Cookie", cookie);
        await browser.SubmitAsync("/account", new Dictionary<string, string>(), action: "/signout");

        await (await copy.GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_cannot_drive_the_json_api_with_a_cross_site_form_post()
    {
        var user = await agora.CreateUserAsync("web-csrf");
        var browser = agora.Browser();
        await browser.SignInAsync("web-csrf", user.Password);
        foreach (var content in new HttpContent[]
                 {
                     new StringContent("{\"name\":\"evil\"}", System.Text.Encoding.UTF8, "text/plain"),
                     new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "evil" }),
                 })
            await (await browser.PostAsync("/api/v1/me/tokens", content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.False(await agora.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.Name == "evil")));
    }

    [Fact]
    public async Task User_names_sign_in_whatever_their_case()
    {
        var user = await agora.CreateUserAsync("web-case");
        Assert.Equal(HttpStatusCode.Redirect, (await agora.Browser().SignInAsync("WEB-Case", user.Password)).StatusCode);
    }

    [Fact]
    public async Task Account_pages_send_anonymous_visitors_to_sign_in()
    {
        var response = await agora.Browser().GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Registration_creates_an_account_and_signs_in()
    {
        var browser = agora.Browser();
        var response = await browser.SubmitAsync("/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Hana Resident", ["Input.UserName"] = "web-hana", ["Input.Email"] = "hana@test.example",
            ["Input.Password"] = "a-long-enough-password",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var me = await (await browser.GetAsync("/api/v1/me")).JsonAsync();
        Assert.False(me.GetProperty("user").GetProperty("isSysAdmin").GetBoolean());
    }

    [Fact]
    public async Task Registration_with_a_short_password_shows_the_error_and_stores_nothing()
    {
        var response = await agora.Browser().SubmitAsync("/register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ivo", ["Input.UserName"] = "web-ivo", ["Input.Email"] = "ivo@test.example", ["Input.Password"] = "short",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at least 10 characters", await response.Content.ReadAsStringAsync());
        Assert.False(await agora.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "web-ivo")));
    }
}
