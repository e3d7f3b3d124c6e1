using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>Procurement in headless Chromium: an agency publishes a call for tenders and a supplier bids on it.</summary>
public sealed class ProcurementBrowserTests(AgoraServer agora) : IClassFixture<AgoraServer>
{
    static async Task CreateOrganisationAsync(IPage page, string name, string kind, string? level = null)
    {
        await page.GotoAsync("/organisations/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = kind });
        if (level is not null) await page.GetByLabel("Level of government").SelectOptionAsync(new SelectOptionValue { Label = level });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_agency_publishes_a_call_for_tenders_and_a_supplier_bids_on_a_lot()
    {
        var page = await agora.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail or user name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AgoraServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin"), new() { WaitUntil = WaitUntilState.Commit });
        await CreateOrganisationAsync(page, "Harbour City Works", "Public agency", "Municipal");
        await CreateOrganisationAsync(page, "Volt Machines", "Company");

        await page.GotoAsync("/procurements");
        await page.GetByRole(AriaRole.Link, new() { Name = "New procedure" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Electric excavators");
        await page.GetByLabel("Lead buyer").SelectOptionAsync(new SelectOptionValue { Label = "Harbour City Works" });
        await page.GetByLabel("Deadline for bids").FillAsync(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create procedure" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Electric excavators" })).ToBeVisibleAsync();

        await page.GetByLabel("Lot title").FillAsync("Small excavators");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add lot" }).ClickAsync();
        await page.GetByLabel("Criterion 1", new() { Exact = true }).FillAsync("Emissions");
        await page.GetByLabel("Weight of criterion 1").FillAsync("60");
        await page.GetByLabel("Criterion 2", new() { Exact = true }).FillAsync("Price");
        await page.GetByLabel("Kind of criterion 2").SelectOptionAsync("Price");
        await page.GetByLabel("Weight of criterion 2").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save criteria" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the call for tenders" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Open for bids");
        await Assertions.Expect(page.Locator("#countdown")).ToContainTextAsync("left");

        await page.GetByRole(AriaRole.Link, new() { Name = "Bid", Exact = true }).ClickAsync();
        await page.GetByLabel("Price (EUR)").FillAsync("420000");
        await page.GetByLabel("Emissions").FillAsync("Battery-electric, zero exhaust on site.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit bid on lot 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your bid on lot 1 is saved");
        await Assertions.Expect(page.GetByText("420,000.00 EUR")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Withdraw bid on lot 1" })).ToBeVisibleAsync();
    }
}
