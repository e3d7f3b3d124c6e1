using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Procurement;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

/// <summary>Sealed bids: before the deadline nobody but the bidding company sees a bid, or knows that it
/// exists; every attempt is on record; after it, the lead's editors and clean evaluators read them.</summary>
public sealed class SealedBidTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Before_the_deadline_no_one_but_the_bidder_sees_a_bid_or_counts_bids_and_every_attempt_is_logged()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "sb-sealed");
        var p = await w.ProcedureAsync(lots: 1);
        await w.AddEvaluatorAsync(p, w.Evaluator, conflict: false);
        var bidId = await w.BidAsync(w.SupplierA, p, 1, 90_000_000);
        var doc = await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}/documents",
            new { title = "Technical offer", url = "https://alpha.example/offer.pdf" })).JsonAsync(HttpStatusCode.Created);
        var download = doc.GetProperty("download").GetString()!;

        var admin = agora.Admin();
        var onlookers = new (string Who, HttpClient Client)[]
        {
            ("another supplier", w.SupplierB.Client), ("the lead buyer's editor", w.Lead.Client), ("an evaluator", w.Evaluator.Client),
            ("a system administrator", admin), ("anonymous", agora.Anonymous()),
        };
        foreach (var (who, client) in onlookers)
        {
            var read = await client.GetAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}");
            Assert.True(read.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who} read the bid: {read.StatusCode}");
            Assert.DoesNotContain("90000000", await read.Content.ReadAsStringAsync());
            var docs = await client.GetAsync(download);
            Assert.True(docs.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who} downloaded: {docs.StatusCode}");
            var list = await (await client.GetAsync($"/api/v1/procurements/{p.Id}/bids")).JsonAsync();
            Assert.Equal(0, list.GetArrayLength());
            var procedure = await ProcurementWorld.GetAsync(client, $"/api/v1/procurements/{p.Id}");
            Assert.True(procedure.GetProperty("bids").GetProperty("sealed").GetBoolean());
            Assert.Equal(JsonValueKind.Null, procedure.GetProperty("bids").GetProperty("count").ValueKind);
        }
        await (await w.Evaluator.Client.GetAsync($"/api/v1/procurements/{p.Id}/ranking")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.Evaluator.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/scores",
            new { bidId, criterionId = p.Criteria[0], points = 10 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.Lead.Client.GetAsync($"/api/v1/procurements/{p.Id}/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await agora.WithDbAsync(db => db.BidScores.CountAsync(s => s.BidId == bidId)));

        // The bidder sees its own bid, and its log shows who tried.
        var own = await ProcurementWorld.GetAsync(w.SupplierA.Client, $"/api/v1/procurements/{p.Id}/bids/{bidId}");
        Assert.Equal(90_000_000, own.GetProperty("priceMinor").GetInt64());
        Assert.Single(own.GetProperty("documents").EnumerateArray());
        var log = await ProcurementWorld.GetAsync(w.SupplierA.Client, $"/api/v1/procurements/{p.Id}/audit");
        var refused = log.EnumerateArray().Where(e => !e.GetProperty("allowed").GetBoolean()).ToList();
        foreach (var user in new[] { w.SupplierB, w.Lead, w.Evaluator })
        {
            var userId = await w.UserIdAsync(user);
            var actions = refused.Where(e => e.GetProperty("userId").ValueKind == JsonValueKind.String && e.GetProperty("userId").GetGuid() == userId)
                .Select(e => e.GetProperty("action").GetString()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "read", "download", "list" }, actions);
        }
        var adminId = await agora.WithDbAsync(db => db.Users.Where(u => u.IsSysAdmin).Select(u => u.Id).FirstAsync());
        Assert.Contains(refused, e => e.GetProperty("userId").ValueKind == JsonValueKind.String && e.GetProperty("userId").GetGuid() == adminId
            && e.GetProperty("action").GetString() == "read");
        Assert.Contains(refused, e => e.GetProperty("userId").ValueKind == JsonValueKind.Null && e.GetProperty("action").GetString() == "read");
        Assert.Contains(refused, e => e.GetProperty("action").GetString() == "score");

        // After the deadline the lead's editor sees the same log.
        w.PassDeadline();
        var leadLog = await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}/audit");
        Assert.True(leadLog.GetArrayLength() >= log.GetArrayLength());
    }

    [Fact]
    public async Task After_the_deadline_the_lead_and_evaluators_without_conflict_read_bids_but_other_suppliers_and_administrators_do_not()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "sb-open");
        var p = await w.ProcedureAsync(lots: 1);
        await w.AddEvaluatorAsync(p, w.Evaluator, conflict: false);
        await w.AddEvaluatorAsync(p, w.Evaluator2, conflict: true);
        var a = await w.BidAsync(w.SupplierA, p, 1, 90_000_000);
        var b = await w.BidAsync(w.SupplierB, p, 1, 80_000_000);
        w.PassDeadline();

        var procedure = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{p.Id}");
        Assert.Equal("evaluation", procedure.GetProperty("status").GetString());
        Assert.Equal(2, procedure.GetProperty("bids").GetProperty("count").GetInt32());
        foreach (var reader in new[] { w.Lead, w.Evaluator })
        {
            Assert.Equal(2, (await ProcurementWorld.GetAsync(reader.Client, $"/api/v1/procurements/{p.Id}/bids")).GetArrayLength());
            await ProcurementWorld.GetAsync(reader.Client, $"/api/v1/procurements/{p.Id}/bids/{a}");
        }
        foreach (var client in new[] { w.Evaluator2.Client, w.SupplierB.Client, agora.Admin(), w.JointEditor.Client })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/procurements/{p.Id}/bids/{a}")).StatusCode);
        var theirs = await ProcurementWorld.GetAsync(w.SupplierB.Client, $"/api/v1/procurements/{p.Id}/bids");
        Assert.Equal(b, Assert.Single(theirs.EnumerateArray()).GetProperty("id").GetGuid());

        var log = await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}/audit");
        var evaluatorId = await w.UserIdAsync(w.Evaluator);
        Assert.Contains(log.EnumerateArray(), e => e.GetProperty("allowed").GetBoolean() && e.GetProperty("action").GetString() == "read"
            && e.GetProperty("userId").ValueKind == JsonValueKind.String && e.GetProperty("userId").GetGuid() == evaluatorId);
        // Buyers' editors heard that bidding closed, once.
        var leadId = await w.UserIdAsync(w.Lead);
        Assert.Equal(1, await agora.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == leadId && n.Kind == "bidding-closed")));
    }

    [Fact]
    public async Task Bids_after_the_deadline_are_a_409_and_change_nothing()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "sb-late");
        var p = await w.ProcedureAsync(lots: 2);
        var bidId = await w.BidAsync(w.SupplierA, p, 1, 90_000_000);
        // Until the deadline the bidder may change it.
        await (await w.SupplierA.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}", w.BidBody(p, 1, 85_000_000))).JsonAsync();
        w.PassDeadline();

        await (await w.SupplierA.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}", w.BidBody(p, 1, 1))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.SupplierA.Client.DeleteAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 2, 70_000_000))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.SupplierB.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 1, 70_000_000))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}/documents",
            new { title = "Late annex", url = "https://alpha.example/late.pdf" })).AssertProblemAsync(HttpStatusCode.Conflict);

        var bids = await agora.WithDbAsync(db => db.Bids.Where(b => b.ProcedureId == p.Id).ToListAsync());
        var bid = Assert.Single(bids);
        Assert.Equal(85_000_000, bid.PriceMinor);
        Assert.Equal(BidStatus.Submitted, bid.Status);
        Assert.False(await agora.WithDbAsync(db => db.Attachments.AnyAsync(x => x.BidId == bidId)));
    }

    [Fact]
    public async Task Only_company_editors_bid_once_per_lot_with_an_answer_to_each_quality_criterion()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "sb-rules");
        var p = await w.ProcedureAsync(lots: 1, weights: [30, 30, 40]);
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 1, 1000))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var problem = await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids",
            new { lot = 1, priceMinor = 0, answers = new[] { new { criterionId = p.Criteria[0], text = "Only one" } } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("answers", problem.FieldErrors());
        Assert.Contains("priceMinor", problem.FieldErrors());
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 7, 1000))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(await agora.WithDbAsync(db => db.Bids.AnyAsync(b => b.ProcedureId == p.Id)));

        var bidId = await w.BidAsync(w.SupplierA, p, 1, 1000);
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 1, 900))).AssertProblemAsync(HttpStatusCode.Conflict);
        // Withdrawn, then submitted again: still one bid row, submitted at the new price.
        Assert.Equal(HttpStatusCode.NoContent, (await w.SupplierA.Client.DeleteAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}")).StatusCode);
        Assert.Equal(bidId, await w.BidAsync(w.SupplierA, p, 1, 800));
        var stored = await agora.WithDbAsync(db => db.Bids.Include(b => b.Answers).SingleAsync(b => b.ProcedureId == p.Id));
        Assert.Equal((800L, BidStatus.Submitted, 2), (stored.PriceMinor, stored.Status, stored.Answers.Count));
        // Another supplier cannot change or withdraw it, and does not learn it exists.
        await (await w.SupplierB.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}", w.BidBody(p, 1, 1))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await w.SupplierB.Client.DeleteAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(800, await agora.WithDbAsync(db => db.Bids.Where(b => b.Id == bidId).Select(b => b.PriceMinor).SingleAsync()));
    }

    [Fact]
    public async Task An_uploaded_document_is_downloaded_by_the_bidder_and_after_the_deadline_by_the_lead()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "sb-files");
        var p = await w.ProcedureAsync(lots: 1);
        var bidId = await w.BidAsync(w.SupplierA, p, 1, 1000);
        var form = new MultipartFormDataContent
        {
            { new StringContent("Method statement"), "title" },
            { new ByteArrayContent("%PDF-1.4 method"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", "method.pdf" },
        };
        var doc = await (await w.SupplierA.Client.PostAsync($"/api/v1/procurements/{p.Id}/bids/{bidId}/documents", form)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("submissionDocuments", doc.GetProperty("documentType").GetString());
        var download = doc.GetProperty("download").GetString()!;
        Assert.Equal("%PDF-1.4 method", await w.SupplierA.Client.GetStringAsync(download));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Lead.Client.GetAsync(download)).StatusCode);
        w.PassDeadline();
        Assert.Equal("%PDF-1.4 method", await w.Lead.Client.GetStringAsync(download));
        Assert.True(await agora.WithDbAsync(db => db.BidAccessLog.AnyAsync(x => x.BidId == bidId && x.Action == "download" && x.Allowed)));
    }
}
