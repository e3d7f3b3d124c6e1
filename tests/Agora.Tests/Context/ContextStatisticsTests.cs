using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Context;

/// <summary>After a bulk load, PostgreSQL's statistics are refreshed by the node that loaded, not only by
/// autovacuum a minute later (q queries are planned from them).</summary>
public sealed class ContextStatisticsTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task A_bulk_load_of_entities_gets_the_broker_tables_analysed()
    {
        var broker = new NgsiClient(agora.Admin());
        for (var batch = 0; batch < 12; batch++)
        {
            var entities = new JsonArray(Enumerable.Range(batch * 100, 100).Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = $"urn:ngsi-ld:Meter:stats-{i:D5}",
                ["type"] = "Meter",
                ["reading"] = new JsonObject { ["type"] = "Property", ["value"] = i },
            }).ToArray());
            var response = await broker.SendAsync(HttpMethod.Post, "/entityOperations/upsert", entities, contentType: "application/json");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        if (!AgoraFactory.UsesPostgres) return; // SQLite: Agora chooses where q starts itself; nothing to analyse.

        // Manual ANALYZE sets last_analyze (autovacuum sets last_autoanalyze): the node did it.
        DateTime? analysed = null;
        for (var attempt = 0; attempt < 60 && analysed is null; attempt++)
        {
            analysed = await agora.WithDbAsync(db => db.Database.SqlQueryRaw<DateTime?>(
                "SELECT last_analyze AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'ngsi_attrs'").FirstAsync());
            if (analysed is null) await Task.Delay(500);
        }
        Assert.NotNull(analysed);
    }
}
