using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>A reader looks at Aldport's live data: from the module list to the car parks, to one car
/// park and the chart of its free spaces with the data behind it, on a desktop and on a phone.</summary>
public sealed class ContextBrowserTests(DemoAgoraServer agora) : IClassFixture<DemoAgoraServer>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Reader_goes_from_live_data_to_a_type_and_an_entity_with_its_history_chart(int width, int height)
    {
        var page = await agora.NewPageAsync(width, height);
        await page.GotoAsync("/context");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Live city data");
        var types = page.GetByRole(AriaRole.Table, new() { Name = "Entity types" });
        await Assertions.Expect(types.GetByRole(AriaRole.Row, new() { Name = "OffStreetParking" })).ToContainTextAsync("6");
        await AssertFitsAsync(page, width);

        await types.GetByRole(AriaRole.Link, new() { Name = "OffStreetParking" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/context/types/OffStreetParking$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("OffStreetParking");
        await Assertions.Expect(page.Locator("svg.geomap circle.geo-point")).ToHaveCountAsync(6);
        await AssertFitsAsync(page, width);

        await page.GetByRole(AriaRole.Link, new() { Name = "urn:ngsi-ld:OffStreetParking:aldport-harbour-garage" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("urn:ngsi-ld:OffStreetParking:aldport-harbour-garage");
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "availableSpotNumber of urn:ngsi-ld:OffStreetParking:aldport-harbour-garage" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("polyline.ts-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "This entity as NGSI-LD JSON" }))
            .ToHaveAttributeAsync("href", "/ngsi-ld/v1/entities/urn%3Angsi-ld%3AOffStreetParking%3Aaldport-harbour-garage");
        await AssertFitsAsync(page, width);

        // The data behind the chart, for those who cannot see it.
        await page.GetByText("Show data (48 values)").First.ClickAsync();
        await Assertions.Expect(page.Locator("details[open] table tbody tr")).ToHaveCountAsync(48);
        await AssertFitsAsync(page, width);

        // A shorter period.
        await page.GetByLabel("Show").SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("hours=6"));
        await Assertions.Expect(page.GetByText("Show data (7 values)").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"agora-context-entity-{width}.png"), FullPage = true });
    }

    static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} scrolls sideways at {width}px ({scrollWidth}px)");
    }
}
