using System.Net;
using System.Text.Json.Nodes;
using Agora.Context.Temporal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Context;

public sealed class OneDayRetentionFactory : AgoraFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:Context:HistoryRetention", "1.00:00:00");
    }
}

/// <summary>History older than Agora:Context:HistoryRetention is forgotten; newer history and the
/// entities' current state stay.</summary>
public sealed class HistoryRetentionTests(OneDayRetentionFactory agora) : IClassFixture<OneDayRetentionFactory>
{
    [Fact]
    public async Task History_older_than_the_retention_is_forgotten_and_the_rest_stays()
    {
        var broker = new NgsiClient(agora.Admin(), "retention");
        var id = "urn:ngsi-ld:Sensor:retained";
        await broker.CreateAsync(new JsonObject
        {
            ["id"] = id, ["type"] = "Sensor",
            ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = 1 },
            ["@context"] = Etsi.CoreContext,
        });
        agora.Clock.Advance(TimeSpan.FromDays(2));
        var update = await broker.SendAsync(HttpMethod.Patch, $"/entities/{id}/attrs",
            new JsonObject { ["temperature"] = new JsonObject { ["type"] = "Property", ["value"] = 2 } }, contentType: "application/json");
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);

        var deleted = await agora.Services.GetRequiredService<HistoryRetention>().SweepAsync(CancellationToken.None);
        Assert.True(deleted >= 1);
        var left = await agora.WithDbAsync(db => db.NgsiHistory.Where(h => h.Tenant == "retention").Select(h => h.Num).ToListAsync());
        Assert.Equal([2], left);
        Assert.Equal(2, (await broker.JsonAsync($"/entities/{id}", link: null))["temperature"]!["value"]!.GetValue<int>());
    }
}
