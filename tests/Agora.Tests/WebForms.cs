using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Agora.Tests;

/// <summary>Fills in the web UI's forms as a browser would: fetches the page for its antiforgery
/// token (the client keeps the cookies) and posts the fields.</summary>
static partial class WebForms
{
    public static HttpClient Browser(this AgoraFactory agora) =>
        agora.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = agora.BaseAddress });

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient browser, string page, IDictionary<string, string> fields, string? action = null)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"{page} has no antiforgery token");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await browser.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string login, string password) =>
        browser.SubmitAsync("/signin", new Dictionary<string, string> { ["Login"] = login, ["Password"] = password });

    /// <summary>A browser signed in as <paramref name="user"/> (cookie kept).</summary>
    public static async Task<HttpClient> SignedInAsync(this AgoraFactory agora, TestUser user)
    {
        var browser = agora.Browser();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await browser.SignInAsync(user.UserName, user.Password)).StatusCode);
        return browser;
    }

    /// <summary>The page's HTML, failing the test (with the page) unless it answers 200.</summary>
    public static async Task<string> ShowAsync(this HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
        return html;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
