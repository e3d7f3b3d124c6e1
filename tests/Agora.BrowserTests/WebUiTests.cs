using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>The web UI in headless Chromium, as a city data officer would use it.</summary>
public sealed class WebUiTests(AgoraServer agora) : IClassFixture<AgoraServer>
{
    static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail or user name").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The address is enough; waiting for the load event as well timed out once on a busy machine.
        await page.WaitForURLAsync(url => !url.Contains("/signin"), new() { WaitUntil = WaitUntilState.Commit });
    }

    [Fact]
    public async Task Officer_signs_in_creates_an_organisation_adds_a_member_and_creates_a_token_that_works()
    {
        var page = await agora.NewPageAsync();
        await SignInAsync(page, "admin", AgoraServer.AdminPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "admin" })).ToBeVisibleAsync();

        // The administrator creates a colleague's account.
        await page.GotoAsync("/admin/users");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Rasmus Friis");
        await page.GetByLabel("User name").FillAsync("rasmus");
        await page.GetByLabel("E-mail").FillAsync("rasmus@harbour.example");
        await page.GetByLabel("Initial password").FillAsync("rasmus-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created rasmus");

        // ...creates an organisation...
        await page.GotoAsync("/organisations/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Harbour Data Cooperative");
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Company" });
        await page.GetByLabel("City").FillAsync("Aldport");
        await page.GetByLabel("Country").FillAsync("DK");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Harbour Data Cooperative" })).ToBeVisibleAsync();
        Assert.EndsWith("/organisations/harbour-data-cooperative", page.Url);

        // ...adds the colleague as an editor...
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage members" }).ClickAsync();
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync("rasmus");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Editor" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rasmus Friis is now a member");
        await Assertions.Expect(page.GetByLabel("Role of Rasmus Friis", new() { Exact = true })).ToHaveValueAsync("Editor");

        // ...and creates an API token, shown once, that a script can use at once.
        await page.GotoAsync("/account/tokens");
        await page.GetByLabel("Name").FillAsync("ckan-client");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secret = (await page.GetByTestId("new-token").TextContentAsync())!.Trim();
        Assert.StartsWith("agora_", secret);

        using var http = new HttpClient { BaseAddress = agora.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/me")).StatusCode);

        // Reloading does not show the secret again; revoking ends it at once.
        await page.GotoAsync("/account/tokens");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke token ckan-client" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_shows_an_alert_and_stays_signed_out()
    {
        var page = await agora.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail or user name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Invalid_organisation_form_shows_field_errors()
    {
        var page = await agora.NewPageAsync();
        await SignInAsync(page, "admin", AgoraServer.AdminPassword);
        await page.GotoAsync("/organisations/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Agency Without Level");
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Public agency" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error", new() { HasTextString = "needs its level" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task On_a_phone_the_navigation_folds_into_a_menu_and_the_skip_link_works_from_the_keyboard()
    {
        var page = await agora.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Modules" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Organisations" })).ToBeHiddenAsync();
        await nav.Locator("summary").ClickAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Organisations" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url);

        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width}px)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "agora-phone.png"), FullPage = true });
    }
}
