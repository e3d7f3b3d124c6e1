using System.Net;
using System.Net.Http.Json;
using Agora.Challenges;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

/// <summary>From evaluation to award, contract, milestones, KPI observations and completion.</summary>
public sealed class AwardTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Awarding_every_lot_then_contracting_every_award_moves_the_procedure_to_completed()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "aw-flow");
        var p = await w.ProcedureAsync(lots: 2);
        var a = await w.BidAsync(w.SupplierA, p, 1, 90_000_000);
        var b = await w.BidAsync(w.SupplierB, p, 1, 80_000_000);
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/awards", new { bidId = b })).AssertProblemAsync(HttpStatusCode.Conflict);
        w.PassDeadline();

        await (await w.SupplierB.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/awards", new { bidId = b })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var award = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/awards",
            new { bidId = b, justification = "Highest weighted score." })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(80_000_000, award.GetProperty("valueMinor").GetInt64());
        Assert.Equal(w.CompanyB, award.GetProperty("supplier").GetProperty("slug").GetString());
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/awards", new { bidId = a })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("evaluation", (await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}")).GetProperty("status").GetString());

        // Lot 2 had no bids: closed without an award, the procedure is awarded.
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/lots/2/unsuccessful", new { justification = "No bids." })).JsonAsync();
        var awarded = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{p.Id}");
        Assert.Equal("awarded", awarded.GetProperty("status").GetString());
        Assert.True(awarded.GetProperty("lots").EnumerateArray().Single(l => l.GetProperty("number").GetInt32() == 2).GetProperty("unsuccessful").GetBoolean());
        // Both bidders' editors were told.
        foreach (var bidder in new[] { w.SupplierA, w.SupplierB })
        {
            var id = await w.UserIdAsync(bidder);
            Assert.True(await agora.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == id && n.Kind == "award")));
        }

        var awardId = award.GetProperty("id").GetGuid();
        var bad = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts",
            new { awardId, title = "", periodStart = "2027-02-01", periodEnd = "2027-01-01" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("title", bad.FieldErrors());
        Assert.Contains("periodEnd", bad.FieldErrors());
        var contract = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts", new
        {
            awardId, title = "Emission-free excavators", periodStart = "2027-01-01", periodEnd = "2028-12-31",
            milestones = new[] { new { title = "First machines delivered", dueDate = "2027-06-30" } },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(80_000_000, contract.GetProperty("valueMinor").GetInt64());
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts", new { awardId, title = "Twice" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("contracted", (await ProcurementWorld.GetAsync(w.Lead.Client, $"/api/v1/procurements/{p.Id}")).GetProperty("status").GetString());

        var contractId = contract.GetProperty("id").GetGuid();
        var milestoneId = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var met = await (await w.Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts/{contractId}/milestones/{milestoneId}",
            new { status = "met", dateMet = "2027-06-15" })).JsonAsync();
        Assert.Equal("met", met.GetProperty("status").GetString());
        await (await w.SupplierB.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts/{contractId}/milestones/{milestoneId}",
            new { status = "not-met" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts/{contractId}/milestones",
            new { title = "All machines delivered", dueDate = "2028-06-30" })).JsonAsync();
        // This procedure answers no challenge, so there is no KPI to observe.
        var noKpi = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/contracts/{contractId}/observations",
            new { kpiId = Guid.NewGuid(), value = 3.5, periodStart = "2027-01-01", periodEnd = "2027-03-31" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("kpiId", noKpi.FieldErrors());

        var contracts = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{p.Id}/contracts");
        Assert.Equal(2, Assert.Single(contracts.EnumerateArray()).GetProperty("milestones").GetArrayLength());
        var completed = await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{p.Id}/complete", null)).JsonAsync();
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{p.Id}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        // The whole flow, driven through the API, was published as it went: valid OCDS, one release per step.
        var package = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{p.Id}/ocds");
        Assert.Empty(await OcdsStandard.ReleasePackageErrorsAsync(package));
        var releases = package.GetProperty("releases").EnumerateArray().ToList();
        var tags = releases.SelectMany(r => r.GetProperty("tag").EnumerateArray().Select(t => t.GetString())).ToList();
        foreach (var tag in new[] { "tender", "award", "contract" }) Assert.Contains(tag, tags);
        var lots = releases[^1].GetProperty("tender").GetProperty("lots").EnumerateArray().ToList();
        Assert.Equal("unsuccessful", lots[1].GetProperty("status").GetString());
        var record = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/ocds/records/{releases[0].GetProperty("ocid").GetString()}");
        Assert.Empty(await OcdsStandard.RecordPackageErrorsAsync(record));
    }

    [Fact]
    public async Task A_procedure_linked_to_a_challenge_records_observations_of_its_kpis_and_only_its_owners_link_it()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "aw-kpi");
        var (challengeSlug, kpiId) = await agora.WithDbAsync(async db =>
        {
            var lead = await db.Organisations.SingleAsync(o => o.Slug == w.LeadSlug);
            var challenge = new Challenge { Slug = $"{w.Prefix}-clean-sites", Title = "Clean sites", Ocid = $"ocds-agora0-ch-{w.Prefix}", LeadOrgId = lead.Id, Status = ChallengeStatus.Published };
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = lead.Id, Role = ParticipantRole.Lead });
            var kpi = new ChallengeKpi { ChallengeId = challenge.Id, Title = "NOx per site", Unit = "kg", Target = 0 };
            challenge.Kpis.Add(kpi);
            db.Challenges.Add(challenge);
            await db.SaveChangesAsync();
            return (challenge.Slug, kpi.Id);
        });
        await (await w.JointEditor.Client.PostAsJsonAsync("/api/v1/procurements",
            ProcurementWorld.Details("Not mine", w.Now.AddDays(2), challenge: challengeSlug))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var created = await (await w.Lead.Client.PostAsJsonAsync("/api/v1/procurements",
            ProcurementWorld.Details("Clean machinery", w.Now.AddDays(2), w.Now.AddMinutes(-1), challenge: challengeSlug))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(challengeSlug, created.GetProperty("challenge").GetProperty("slug").GetString());
        var id = created.GetProperty("id").GetGuid();
        (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/lots", new { title = "Excavators" })).EnsureSuccessStatusCode();
        var criteria = await (await w.Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{id}/criteria", new[] { new { name = "Price", kind = "price", weight = 100 } })).JsonAsync();
        await (await w.Lead.Client.PostAsync($"/api/v1/procurements/{id}/publish", null)).JsonAsync();
        var bid = await (await w.SupplierA.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/bids", new { lot = 1, priceMinor = 5000 })).JsonAsync(HttpStatusCode.Created);
        w.PassDeadline();
        var award = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/awards", new { bidId = bid.GetProperty("id").GetGuid() })).JsonAsync(HttpStatusCode.Created);
        var contract = await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/contracts",
            new { awardId = award.GetProperty("id").GetGuid(), title = "Excavators" })).JsonAsync(HttpStatusCode.Created);
        var contractId = contract.GetProperty("id").GetGuid();
        await (await w.Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/contracts/{contractId}/observations",
            new { kpiId, value = 3.5, periodStart = "2027-01-01", periodEnd = "2027-03-31", note = "First quarter" })).JsonAsync();
        var contracts = await ProcurementWorld.GetAsync(agora.Anonymous(), $"/api/v1/procurements/{id}/contracts");
        var observation = Assert.Single(contracts[0].GetProperty("observations").EnumerateArray());
        Assert.Equal(3.5m, observation.GetProperty("value").GetDecimal());
        Assert.Equal("NOx per site", observation.GetProperty("kpi").GetString());
        Assert.Equal(1, criteria.GetArrayLength());
    }
}
