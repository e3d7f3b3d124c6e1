using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Agora.Tests.Procurement;

/// <summary>The people of a procurement test, built through the public API: a lead agency (its editor
/// "lead", and two plain members who evaluate), a joint buyer agency with an editor, and two companies with
/// an editor each. Names carry a prefix so that tests sharing a server do not meet.</summary>
sealed record ProcurementWorld(AgoraFactory Agora, string Prefix, TestUser Lead, TestUser Evaluator, TestUser Evaluator2, TestUser JointEditor,
    TestUser SupplierA, TestUser SupplierB, string LeadSlug, string JointSlug, string CompanyA, string CompanyB)
{
    public static async Task<ProcurementWorld> CreateAsync(AgoraFactory agora, string prefix)
    {
        var lead = await agora.CreateUserAsync($"{prefix}-lead");
        var evaluator = await agora.CreateUserAsync($"{prefix}-eval");
        var evaluator2 = await agora.CreateUserAsync($"{prefix}-eval2");
        var joint = await agora.CreateUserAsync($"{prefix}-joint");
        var a = await agora.CreateUserAsync($"{prefix}-supa");
        var b = await agora.CreateUserAsync($"{prefix}-supb");
        var leadSlug = await OrganisationAsync(lead, $"{prefix} City", "public-agency", "municipal");
        var jointSlug = await OrganisationAsync(joint, $"{prefix} Region", "public-agency", "regional");
        var companyA = await OrganisationAsync(a, $"{prefix} Alpha Ltd", "company", null);
        var companyB = await OrganisationAsync(b, $"{prefix} Beta Ltd", "company", null);
        foreach (var member in new[] { evaluator, evaluator2 })
            (await lead.Client.PutAsJsonAsync($"/api/v1/organisations/{leadSlug}/members/{member.UserName}", new { role = "member" })).EnsureSuccessStatusCode();
        return new ProcurementWorld(agora, prefix, lead, evaluator, evaluator2, joint, a, b, leadSlug, jointSlug, companyA, companyB);
    }

    static async Task<string> OrganisationAsync(TestUser creator, string name, string kind, string? level)
    {
        var org = await (await creator.Client.PostAsJsonAsync("/api/v1/organisations", new { name, kind, level })).JsonAsync(HttpStatusCode.Created);
        return org.GetProperty("slug").GetString()!;
    }

    public DateTime Now => Agora.Clock.GetUtcNow().UtcDateTime;

    public static object Details(string title, DateTime tenderEnd, DateTime? tenderStart = null, string? challenge = null) => new
    {
        title, description = "Emission-free construction machinery.", type = "innovation-partnership", currency = "EUR",
        estimatedValueMinor = 250_000_000, tenderStart, tenderEnd, enquiryEnd = tenderEnd.AddDays(-1), maxPoints = 10, challenge,
    };

    /// <summary>A procedure led by <see cref="Lead"/> with the given lots and criteria (quality first, then
    /// price), published unless told otherwise; bidding ends two days from now.</summary>
    public async Task<Built> ProcedureAsync(int lots = 2, int[]? weights = null, bool publish = true)
    {
        var created = await (await Lead.Client.PostAsJsonAsync("/api/v1/procurements", Details($"{Prefix} machinery", Now.AddDays(2), Now.AddMinutes(-1))))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        for (var i = 1; i <= lots; i++)
            (await Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{id}/lots", new { title = $"Lot {i}", estimatedValueMinor = 100_000_000 })).EnsureSuccessStatusCode();
        weights ??= [60, 40];
        var criteria = await (await Lead.Client.PutAsJsonAsync($"/api/v1/procurements/{id}/criteria",
            weights.Select((w, i) => new { name = i == weights.Length - 1 ? "Price" : $"Quality {i + 1}", kind = i == weights.Length - 1 ? "price" : "quality", weight = w })))
            .JsonAsync();
        var criterionIds = criteria.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();
        if (publish) await (await Lead.Client.PostAsync($"/api/v1/procurements/{id}/publish", null)).JsonAsync();
        return new Built(id, criterionIds);
    }

    public object BidBody(Built p, int lot, long price, string? supplier = null) => new
    {
        lot, priceMinor = price, supplier,
        answers = p.Criteria.Take(p.Criteria.Length - 1).Select(c => new { criterionId = c, text = $"Our approach to {c}" }),
    };

    public async Task<Guid> BidAsync(TestUser supplier, Built p, int lot, long price) =>
        (await (await supplier.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/bids", BidBody(p, lot, price))).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    public async Task AddEvaluatorAsync(Built p, TestUser user, bool? conflict)
    {
        (await Lead.Client.PostAsJsonAsync($"/api/v1/procurements/{p.Id}/evaluators", new { user = user.UserName })).EnsureSuccessStatusCode();
        if (conflict is { } c)
            await (await user.Client.PutAsJsonAsync($"/api/v1/procurements/{p.Id}/conflict-declaration",
                new { hasConflict = c, statement = c ? "My brother runs Beta Ltd." : "None." })).JsonAsync();
    }

    public void PassDeadline() => Agora.Clock.Advance(TimeSpan.FromDays(3));

    public Task<Guid> UserIdAsync(TestUser user) => Agora.WithDbAsync(async db =>
        (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.UserName == user.UserName)).Id);

    public static async Task<JsonElement> GetAsync(HttpClient client, string path) => await (await client.GetAsync(path)).JsonAsync();
}

sealed record Built(Guid Id, Guid[] Criteria);
