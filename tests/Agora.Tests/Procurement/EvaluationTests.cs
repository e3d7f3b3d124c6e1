using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

/// <summary>Conflict of interest declarations, scoring, weighted totals and ranking.</summary>
public sealed class EvaluationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    static object Score(Guid bidId, Guid criterionId, int points) => new { bidId, criterionId, points, comment = $"{points} points" };

    [Fact]
    public async Task An_evaluator_who_declared_a_conflict_cannot_score_or_see_bids()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "ev-conflict");
        var p = await w.ProcedureAsync(lots: 1);
        await w.AddEvaluatorAsync(p, w.Evaluator, conflict: true);
        await w.AddEvaluatorAsync(p, w.Evaluator2, conflict: null);
        var bidId = await w.BidAsync(w.SupplierA, p, 1, 1000);
        w.PassDeadline();

        await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(bidId, p.Criteria[0], 9))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await w.Evaluator2.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(bidId, p.Criteria[0], 9))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await w.JointEditor.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(bidId, p.Criteria[0], 9))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Evaluator.Client.GetAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}")).StatusCode);
        await (await w.Evaluator.Client.GetAsync($"/api/v1/procurements/{p.Id}/ranking")).AssertProblemAsync(HttpStatusCode.Forbidden);
        // A declared conflict stays declared.
        await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/conflict-declaration", new { hasConflict = false }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await agora.WithDbAsync(db => db.BidScores.CountAsync(s => s.BidId == bidId)));
        var evaluatorId = await w.UserIdAsync(w.Evaluator);
        Assert.True(await agora.WithDbAsync(db => db.BidAccessLog.AnyAsync(x => x.BidId == bidId && x.UserId == evaluatorId && x.Action == "score" && !x.Allowed)));
    }

    [Fact]
    public async Task Only_members_of_a_buyer_become_evaluators()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "ev-members");
        var p = await w.ProcedureAsync(lots: 1, publish: false);
        var problem = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/evaluators", new { user = w.SupplierA.UserName }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("user", problem.FieldErrors());
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/evaluators", new { user = w.Evaluator.UserName }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.False(await agora.WithDbAsync(db => db.Evaluators.AnyAsync(e => e.ProcedureId == p.Id)));
    }

    [Fact]
    public async Task Scores_give_weighted_totals_and_a_ranking_per_lot()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "ev-rank");
        var p = await w.ProcedureAsync(lots: 2, weights: [60, 40]);
        await w.AddEvaluatorAsync(p, w.Evaluator, conflict: false);
        await w.AddEvaluatorAsync(p, w.Evaluator2, conflict: false);
        var a = await w.BidAsync(w.SupplierA, p, 1, 90_000_000);
        var b = await w.BidAsync(w.SupplierB, p, 1, 80_000_000);
        await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(a, p.Criteria[0], 8))).AssertProblemAsync(HttpStatusCode.Conflict);
        w.PassDeadline();

        var (quality, price) = (p.Criteria[0], p.Criteria[1]);
        // points[bid][criterion] = (evaluator 1, evaluator 2)
        var points = new Dictionary<Guid, Dictionary<Guid, (int, int)>>
        {
            [a] = new() { [quality] = (8, 6), [price] = (5, 5) },
            [b] = new() { [quality] = (9, 9), [price] = (2, 4) },
        };
        foreach (var (bid, byCriterion) in points)
            foreach (var (criterion, (first, second)) in byCriterion)
            {
                await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(bid, criterion, first))).JsonAsync();
                await (await w.Evaluator2.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(bid, criterion, second))).JsonAsync();
            }
        // Changing a score replaces it; points beyond MaxPoints are refused.
        await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(a, quality, 8))).JsonAsync();
        var bad = await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores", Score(a, quality, 11))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("points", bad.FieldErrors());

        // By hand: A = 60 × 7/10 + 40 × 5/10 = 62; B = 60 × 9/10 + 40 × 3/10 = 66.
        var ranking = await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}/ranking");
        var lot1 = ranking.EnumerateArray().Single(l => l.GetProperty("number").GetInt32() == 1).GetProperty("bids").EnumerateArray().ToList();
        Assert.Equal([b, a], lot1.Select(x => x.GetProperty("bidId").GetGuid()));
        Assert.Equal([1, 2], lot1.Select(x => x.GetProperty("rank").GetInt32()));
        Assert.Equal(66.0, lot1[0].GetProperty("total").GetDouble());
        Assert.Equal(62.0, lot1[1].GetProperty("total").GetDouble());
        Assert.True(lot1.All(x => x.GetProperty("complete").GetBoolean()));
        var lot2 = ranking.EnumerateArray().Single(l => l.GetProperty("number").GetInt32() == 2);
        Assert.Equal(0, lot2.GetProperty("bids").GetArrayLength());

        // The evaluator sees their own scores; the lead sees everyone's.
        Assert.Equal(4, (await ProcurementWorld.GetAsync(w.Evaluator.Client, $"/api/v1/procurements/{p.Id}/scores")).GetArrayLength());
        Assert.Equal(8, (await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}/scores")).GetArrayLength());
        // Evaluators who declare a conflict later drop out of the totals.
        await (await w.Evaluator2.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/conflict-declaration",
            new { hasConflict = true, statement = "Former employee of Beta." })).JsonAsync();
        var after = await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}/ranking");
        var totals = after.EnumerateArray().First().GetProperty("bids").EnumerateArray()
            .ToDictionary(x => x.GetProperty("bidId").GetGuid(), x => x.GetProperty("total").GetDouble());
        Assert.Equal(60 * 9 / 10.0 + 40 * 2 / 10.0, totals[b]); // 62
        Assert.Equal(60 * 8 / 10.0 + 40 * 5 / 10.0, totals[a]); // 68
        Assert.Equal(JsonValueKind.Array, after.ValueKind);
    }
}
