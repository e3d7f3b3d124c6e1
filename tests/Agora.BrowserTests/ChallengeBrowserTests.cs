using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>A challenge in headless Chromium: an agency starts it, sets a KPI, publishes it, states its
/// demand, and the challenge page shows the aggregated demand.</summary>
public sealed class ChallengeBrowserTests(AgoraServer agora) : IClassFixture<AgoraServer>
{
    [Fact]
    public async Task Agency_starts_and_publishes_a_challenge_and_sees_its_aggregated_demand()
    {
        var page = await agora.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail or user name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AgoraServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin"), new() { WaitUntil = WaitUntilState.Commit });

        await page.GotoAsync("/organisations/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser Builders Agency");
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Public agency" });
        await page.GetByLabel("Level of government").SelectOptionAsync(new SelectOptionValue { Label = "Municipal" });
        await page.GetByLabel("City").FillAsync("Aldport");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Browser Builders Agency" })).ToBeVisibleAsync();

        await page.GotoAsync("/challenges");
        await page.GetByRole(AriaRole.Link, new() { Name = "New challenge" }).ClickAsync();
        await page.GetByLabel("Lead agency").SelectOptionAsync(new SelectOptionValue { Label = "Browser Builders Agency" });
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Silent night works");
        await page.GetByLabel("Theme").SelectOptionAsync(new SelectOptionValue { Label = "Environment" });
        await page.GetByLabel("Problem").FillAsync("Night works wake the **neighbours**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Silent night works" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Manage challenge" }).ClickAsync();
        await page.GetByLabel("New KPI").FillAsync("Complaints about noise");
        await page.GetByLabel("Target").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add KPI" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("KPI is added");
        await page.GetByLabel("Move to").SelectOptionAsync(new SelectOptionValue { Label = "Published" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Silent night works" })).ToContainTextAsync("Published");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change what you bring" }).ClickAsync();
        await page.GetByLabel("Quantity").FillAsync("8");
        await page.GetByLabel("Unit").FillAsync("electric generators");
        await page.GetByLabel("Budget estimate").FillAsync("250000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var demand = page.GetByRole(AriaRole.Region, new() { Name = "Aggregated demand" });
        await Assertions.Expect(demand).ToContainTextAsync("250,000 EUR");
        await Assertions.Expect(demand).ToContainTextAsync("electric generators");
        await Assertions.Expect(demand.GetByRole(AriaRole.Img, new() { Name = "Demand by city" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "agora-challenge.png"), FullPage = true });
    }
}
