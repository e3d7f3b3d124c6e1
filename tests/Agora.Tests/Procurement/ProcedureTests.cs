using System.Net;
using System.Net.Http.Json;
using Agora.Procurement;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

/// <summary>Creating and planning procedures: who may, what must hold, and that refused changes change nothing.</summary>
public sealed class ProcedureTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task An_agency_editor_creates_a_procedure_that_its_agency_leads_with_an_ocid_from_the_prefix()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-create");
        var p = await (await w.Lead.Client.PostAsJsonAsync("/api/v1/procurements", ProcurementWorld.Details("Clean sites", w.Now.AddDays(5))))
            .JsonAsync(HttpStatusCode.Created);
        var id = p.GetProperty("id").GetGuid();
        Assert.Equal($"ocds-agora0-{id}", p.GetProperty("ocid").GetString());
        Assert.Equal("planning", p.GetProperty("status").GetString());
        Assert.Equal("innovation-partnership", p.GetProperty("type").GetString());
        var buyer = Assert.Single(p.GetProperty("buyers").EnumerateArray());
        Assert.Equal(w.LeadSlug, buyer.GetProperty("slug").GetString());
        Assert.True(buyer.GetProperty("isLead").GetBoolean());
        Assert.Equal($"/api/v1/procurements/{id}/ocds", p.GetProperty("ocdsUrl").GetString());
    }

    [Fact]
    public async Task A_company_editor_cannot_create_a_procedure_and_nothing_is_stored()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-company");
        await (await w.SupplierA.Client.PostAsJsonAsync("/api/v1/procurements", ProcurementWorld.Details("Sneaky tender", w.Now.AddDays(5))))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await w.SupplierA.Client.PostAsJsonAsync("/api/v1/procurements", new { title = "Sneaky tender", type = "open", buyer = w.LeadSlug }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agora.Anonymous().PostAsJsonAsync("/api/v1/procurements", ProcurementWorld.Details("Sneaky tender", w.Now.AddDays(5))))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await agora.WithDbAsync(db => db.Procedures.AnyAsync(p => p.Title == "Sneaky tender")));
    }

    [Fact]
    public async Task Bad_details_are_a_400_naming_each_field()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-bad");
        var problem = await (await w.Lead.Client.PostAsJsonAsync("/api/v1/procurements", new
        {
            title = "", currency = "euro", estimatedValueMinor = -5, tenderStart = w.Now.AddDays(3), tenderEnd = w.Now.AddDays(1),
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "title", "type", "currency", "estimatedValueMinor", "tenderEnd" }) Assert.Contains(field, problem.FieldErrors());
        Assert.Equal(0, await agora.WithDbAsync(db => db.Procedures.CountAsync(p => p.Buyers.Any(b => b.Organisation.Slug == w.LeadSlug))));
    }

    [Fact]
    public async Task Criteria_whose_weights_do_not_sum_to_100_are_a_400_and_the_stored_ones_stay()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-weights");
        var p = await w.ProcedureAsync(lots: 1, weights: [50, 50], publish: false);
        var problem = await (await w.Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/criteria", new[]
        {
            new { name = "Emissions", kind = "quality", weight = 60 }, new { name = "Price", kind = "price", weight = 30 },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("criteria", problem.FieldErrors());
        var stored = await agora.WithDbAsync(db => db.AwardCriteria.Where(c => c.ProcedureId == p.Id).OrderBy(c => c.Position).Select(c => c.Weight).ToListAsync());
        Assert.Equal([50, 50], stored);
        await (await w.Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/criteria", Array.Empty<object>())).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(2, await agora.WithDbAsync(db => db.AwardCriteria.CountAsync(c => c.ProcedureId == p.Id)));
    }

    [Fact]
    public async Task Edits_by_anyone_but_the_lead_buyers_editors_are_refused_and_change_nothing()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-owners");
        var p = await w.ProcedureAsync(lots: 1, publish: false);
        (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/buyers", new { organisation = w.JointSlug })).EnsureSuccessStatusCode();
        var changed = ProcurementWorld.Details("Hijacked", w.Now.AddDays(9));
        foreach (var outsider in new[] { w.JointEditor, w.SupplierA, w.Evaluator })
        {
            var refused = await outsider.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}", changed);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{outsider.UserName}: {refused.StatusCode}");
            Assert.True((await outsider.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/lots", new { title = "Extra" })).StatusCode
                is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
            Assert.True((await outsider.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/criteria", new[] { new { name = "X", kind = "quality", weight = 100 } }))
                .StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
            Assert.True((await outsider.Client.PostAsync($"/api/v1/procurements/{p.Id}/publish", null)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
        }
        // The joint buyer sees the procedure being planned; a supplier does not know it exists.
        await (await w.JointEditor.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}", changed)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await w.SupplierA.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}", changed)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().PutAsJsonAsync($"/api/v1/procurements/{p.Id}", changed)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var stored = await agora.WithDbAsync(db => db.Procedures.Include(x => x.Lots).Include(x => x.Criteria).SingleAsync(x => x.Id == p.Id));
        Assert.Equal($"{w.Prefix} machinery", stored.Title);
        Assert.Single(stored.Lots);
        Assert.Equal(2, stored.Criteria.Count);
        Assert.Equal(ProcedureStatus.Planning, stored.Status);
    }

    [Fact]
    public async Task Publishing_without_lots_is_a_409_and_the_procedure_stays_in_planning()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-nolots");
        var p = await w.ProcedureAsync(lots: 0, publish: false);
        var problem = await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{p.Id}/publish", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("no lots", problem.GetProperty("detail").GetString());
        Assert.Equal(ProcedureStatus.Planning, await agora.WithDbAsync(db => db.Procedures.Where(x => x.Id == p.Id).Select(x => x.Status).SingleAsync()));
        Assert.Null(await agora.WithDbAsync(db => db.Procedures.Where(x => x.Id == p.Id).Select(x => x.PublishedAt).SingleAsync()));
    }

    [Fact]
    public async Task Publishing_opens_the_tender_and_later_edits_are_a_409()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-publish");
        var p = await w.ProcedureAsync(lots: 1);
        var shown = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{p.Id}");
        Assert.Equal("tender", shown.GetProperty("status").GetString());
        Assert.True(shown.GetProperty("bids").GetProperty("sealed").GetBoolean());
        await (await w.Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}", ProcurementWorld.Details("Changed", w.Now.AddDays(9))))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/lots", new { title = "Late lot" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/buyers", new { organisation = w.JointSlug })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal($"{w.Prefix} machinery", await agora.WithDbAsync(db => db.Procedures.Where(x => x.Id == p.Id).Select(x => x.Title).SingleAsync()));
    }

    [Fact]
    public async Task Joint_buyers_are_public_agencies_and_the_lead_cannot_be_removed()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-buyers");
        var p = await w.ProcedureAsync(lots: 1, publish: false);
        var problem = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/buyers", new { organisation = w.CompanyA }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("organisation", problem.FieldErrors());
        var joint = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/buyers", new { organisation = w.JointSlug })).JsonAsync();
        Assert.Equal(2, joint.GetProperty("buyers").GetArrayLength());
        await (await w.Lead.Client.DeleteAsync($"/api/v1/procurements/{p.Id}/buyers/{w.LeadSlug}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, await agora.WithDbAsync(db => db.ProcedureBuyers.CountAsync(b => b.ProcedureId == p.Id)));
        (await w.Lead.Client.DeleteAsync($"/api/v1/procurements/{p.Id}/buyers/{w.JointSlug}")).EnsureSuccessStatusCode();
        Assert.Equal(1, await agora.WithDbAsync(db => db.ProcedureBuyers.CountAsync(b => b.ProcedureId == p.Id)));
    }

    [Fact]
    public async Task A_procedure_in_planning_is_hidden_from_outsiders_and_lists_filter_by_status_and_buyer()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-list");
        var planned = await w.ProcedureAsync(lots: 1, publish: false);
        var open = await w.ProcedureAsync(lots: 1);
        await (await w.SupplierA.Client.GetAsync($"/api/v1/procurements/{planned.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await ProcurementWorld.GetAsync(w.Evaluator.Client, $"/api/v1/procurements/{planned.Id}"); // a member of the buyer
        var outsiders = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements?buyer={w.LeadSlug}");
        Assert.Equal(open.Id, Assert.Single(outsiders.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var insiders = await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements?buyer={w.LeadSlug}&status=planning");
        Assert.Equal(planned.Id, Assert.Single(insiders.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        await (await agora.Anonymous().GetAsync("/api/v1/procurements?status=nonsense")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Cancelling_is_for_the_lead_and_ends_bidding()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pc-cancel");
        var p = await w.ProcedureAsync(lots: 1);
        await (await w.SupplierA.Client.PostAsync($"/api/v1/procurements/{p.Id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var cancelled = await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{p.Id}/cancel", null)).JsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", w.BidBody(p, 1, 1000))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{p.Id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
