using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

/// <summary>The procurement pages used as a browser would: signed in with a cookie, posting forms.</summary>
public sealed class ProcurementPagesTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task The_lead_plans_and_publishes_with_forms_and_a_supplier_bids_on_the_bid_page()
    {
        var w = await ProcurementWorld.CreateAsync(agora, "pg-flow");
        var lead = await agora.SignedInAsync(w.Lead);
        var created = await lead.SubmitAsync("/procurements/new", new Dictionary<string, string>
        {
            ["Form.Title"] = "Quiet street lighting", ["Form.Buyer"] = w.LeadSlug, ["Form.Type"] = "Open", ["Form.Currency"] = "EUR",
            ["Form.EstimatedValue"] = "125000", ["Form.TenderStart"] = w.Now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm"),
            ["Form.TenderEnd"] = w.Now.AddDays(2).ToString("yyyy-MM-ddTHH:mm"),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var id = Guid.Parse(page.Split('/').Last());
        Assert.Equal(12_500_000, await agora.WithDbAsync(db => db.Procedures.Where(p => p.Id == id).Select(p => p.EstimatedValueMinor).SingleAsync()));

        // Weights that do not sum to 100 are shown as an error and nothing is stored.
        var bad = await lead.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Criteria[0].Name"] = "Light quality", ["Criteria[0].Kind"] = "Quality", ["Criteria[0].Weight"] = "70",
            ["Criteria[1].Name"] = "Price", ["Criteria[1].Kind"] = "Price", ["Criteria[1].Weight"] = "20",
        }, $"{page}?handler=Criteria");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("must sum to 100", await bad.Content.ReadAsStringAsync());
        Assert.False(await agora.WithDbAsync(db => db.AwardCriteria.AnyAsync(c => c.ProcedureId == id)));
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Criteria[0].Name"] = "Light quality", ["Criteria[0].Kind"] = "Quality", ["Criteria[0].Weight"] = "70",
            ["Criteria[1].Name"] = "Price", ["Criteria[1].Kind"] = "Price", ["Criteria[1].Weight"] = "30",
        }, $"{page}?handler=Criteria")).StatusCode);
        // Publishing without lots is refused on the page.
        var early = await lead.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Publish");
        Assert.Contains("no lots", await early.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(page, new Dictionary<string, string> { ["title"] = "Old town" }, $"{page}?handler=Lot")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Publish")).StatusCode);

        var overview = await WebForms.ShowAsync(agora.Browser(), page);
        foreach (var text in new[] { "Old town", "Light quality", "70 %", "Open for bids", $"/api/v1/procurements/{id}/ocds", "countdown", "sealed until the deadline" })
            Assert.Contains(text, overview);
        Assert.Contains("Quiet street lighting", await WebForms.ShowAsync(agora.Browser(), "/procurements"));

        var supplier = await agora.SignedInAsync(w.SupplierA);
        Assert.Contains($"/procurements/{id}/bid", await supplier.ShowAsync(page));
        var quality = await agora.WithDbAsync(db => db.AwardCriteria.Where(c => c.ProcedureId == id && c.Kind == Agora.Procurement.CriterionKind.Quality).Select(c => c.Id).SingleAsync());
        var bid = await supplier.SubmitAsync($"{page}/bid", new Dictionary<string, string>
        {
            ["lot"] = "1", ["price"] = "99000.50", [$"answers[{quality}]"] = "Warm white LEDs, dimmed after midnight.",
        });
        Assert.Equal(HttpStatusCode.Redirect, bid.StatusCode);
        var stored = await agora.WithDbAsync(db => db.Bids.Include(b => b.Answers).SingleAsync(b => b.ProcedureId == id));
        Assert.Equal(9_900_050, stored.PriceMinor);
        Assert.Equal("Warm white LEDs, dimmed after midnight.", Assert.Single(stored.Answers).Text);
        Assert.Contains("99,000.50 EUR", await supplier.ShowAsync($"{page}/bid"));

        // The lead's evaluation page shows nothing of the bid before the deadline.
        var evaluation = await lead.ShowAsync($"{page}/evaluation");
        Assert.Contains("sealed", evaluation);
        Assert.DoesNotContain("99,000.50", evaluation);
        Assert.DoesNotContain("Warm white", evaluation);
        w.PassDeadline();
        var opened = await lead.ShowAsync($"{page}/evaluation");
        Assert.Contains($"Award lot 1 to {w.Prefix} Alpha Ltd", opened);
    }
}
