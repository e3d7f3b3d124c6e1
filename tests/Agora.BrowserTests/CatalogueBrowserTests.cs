using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>A reader finds data in the demo city's catalogue: from the home page through search
/// and a facet to a dataset and its group, on a desktop and on a phone.</summary>
public sealed class CatalogueBrowserTests(DemoAgoraServer agora) : IClassFixture<DemoAgoraServer>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Reader_goes_from_home_through_search_and_a_facet_to_a_dataset_and_its_group(int width, int height)
    {
        var page = await agora.NewPageAsync(width, height);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".stat", new() { HasTextString = "groups" })).ToContainTextAsync("3");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Recently updated data" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(8);
        await AssertFitsAsync(page, width);

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search open data" }).FillAsync("harbour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        // URL assertions poll the address only; waiting for the load event as well has timed out on a busy machine.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/datasets\?q=harbour"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Air quality in the Harbour Quarter" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, width);

        // The Groups facet narrows the search; the chosen value is marked and can be removed again.
        var groups = page.GetByRole(AriaRole.Region, new() { Name = "Groups" });
        await groups.GetByRole(AriaRole.Link, new() { Name = "Environment and health" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("f=groups%3Aenvironment"));
        Assert.Contains("q=harbour", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "datasets found" })).ToContainTextAsync("2 datasets found");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cycle counts on the harbour bridges" })).ToHaveCountAsync(0);
        await Assertions.Expect(groups.GetByRole(AriaRole.Link, new() { Name = "Environment and health" })).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByRole(AriaRole.Link, new() { Name = "Noise levels near the port" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Noise levels near the port");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Creative Commons Attribution 4.0" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Turtle" })).ToHaveAttributeAsync("href", "/dataset/noise-stations.ttl");
        await Assertions.Expect(page.Locator("head link[rel=alternate][type='text/turtle']")).ToHaveAttributeAsync("href", "/dataset/noise-stations.ttl");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Activity" })).ToContainTextAsync("created the dataset");
        await AssertFitsAsync(page, width);

        await page.Locator("#groups + ul").GetByRole(AriaRole.Link, new() { Name = "Environment and health" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Environment and health");
        await Assertions.Expect(page.GetByText("3 datasets")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Street trees of Aldport" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, width);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"agora-group-{width}.png"), FullPage = true });
    }

    static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} scrolls sideways at {width}px ({scrollWidth}px)");
    }
}
