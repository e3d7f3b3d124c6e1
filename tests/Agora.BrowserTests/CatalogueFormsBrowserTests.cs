using System.Text;
using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>Publishing a dataset in headless Chromium: the forms, an upload, and its preview.</summary>
public sealed class CatalogueFormsBrowserTests(AgoraServer agora) : IClassFixture<AgoraServer>
{
    static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail or user name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(AgoraServer.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin"), new() { WaitUntil = WaitUntilState.Commit });
    }

    static async Task CreateOrganisationAsync(IPage page, string name)
    {
        await page.GotoAsync("/organisations/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Company" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Officer_creates_a_dataset_uploads_a_csv_and_sees_its_preview()
    {
        var page = await agora.NewPageAsync();
        await SignInAsync(page);
        await CreateOrganisationAsync(page, "Aldport Mobility Office");

        await page.GotoAsync("/datasets");
        await page.GetByRole(AriaRole.Link, new() { Name = "New dataset" }).ClickAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Bicycle counts, 2026");
        // The name is suggested from the title as it is typed.
        await Assertions.Expect(page.GetByLabel("Name in addresses")).ToHaveValueAsync("bicycle-counts-2026");
        await page.GetByLabel("Description").FillAsync("Counts from the **harbour** loops.");
        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Aldport Mobility Office" });
        await page.GetByLabel("Tags").FillAsync("cycling, traffic");
        await page.GetByLabel("Theme", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Transport" });
        await page.GetByLabel("Update frequency").SelectOptionAsync(new SelectOptionValue { Label = "Daily" });
        await page.GetByLabel("Covers from").FillAsync("2026-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create dataset" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add data" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is created");
        var csv = "station,date,count\n\"Havnegade, north\",2026-03-01,412\nStrandvej,2026-03-01,388\n";
        await page.GetByLabel("Upload a file").SetInputFilesAsync(new FilePayload
        {
            Name = "counts-march.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.Locator("#Form_Name").FillAsync("March counts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add resource" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "March counts" })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Region, new() { Name = "Table preview" });
        await Assertions.Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "station" })).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Cell, new() { Name = "Havnegade, north" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/download/counts-march.csv$"));

        // The dataset page lists the resource and leads back to it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Bicycle counts, 2026" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "March counts" }).ClickAsync();
        await Assertions.Expect(table).ToBeVisibleAsync();

        // The edit form comes back filled in.
        await page.GotoAsync("/dataset/bicycle-counts-2026/edit");
        await Assertions.Expect(page.GetByLabel("Tags")).ToHaveValueAsync("cycling, traffic");
        await Assertions.Expect(page.GetByLabel("Theme", new() { Exact = true })).ToHaveValueAsync("TRAN");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "agora-dataset-edit.png"), FullPage = true });
    }

    [Fact]
    public async Task On_a_phone_the_dataset_form_fits_the_screen_and_shows_its_errors()
    {
        var page = await agora.NewPageAsync(390, 844);
        await SignInAsync(page);
        await CreateOrganisationAsync(page, "Harbour Phone Lab");
        await page.GotoAsync("/dataset/new");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Phone test");
        await page.GetByLabel("Name in addresses").FillAsync("Not A Slug");
        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Harbour Phone Lab" });
        await page.GetByLabel("Area covered").FillAsync("{\"type\": \"Point\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create dataset" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please correct the following");
        await Assertions.Expect(page.Locator("#Form_Name-error")).ToContainTextAsync("Must be purely lowercase alphanumeric");
        await Assertions.Expect(page.Locator("#Form_Spatial-error")).ToContainTextAsync("Error creating geometry");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the dataset form scrolls sideways on a phone ({width}px)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "agora-dataset-form-phone.png"), FullPage = true });
    }
}
