using System.Text.Json.Nodes;
using Agora.Challenges;
using Microsoft.EntityFrameworkCore;
using static Agora.Procurement.OcdsJson;

namespace Agora.Procurement;

public sealed partial class OcdsReleaseBuilder
{
    /// <summary>Whether a procedure is public: once published (it left Planning). One cancelled before
    /// it was ever published stays a draft.</summary>
    public static bool IsPublished(Procedure p) =>
        p.PublishedAt is not null || p.Status is not (ProcedureStatus.Planning or ProcedureStatus.Cancelled);

    /// <summary>The procedure's release, or null while it is a draft (or unknown). Bids never appear:
    /// only their number, once the tender deadline has passed.</summary>
    public async Task<JsonObject?> ProcedureAsync(Guid procedureId, CancellationToken ct)
    {
        var p = await db.Procedures.AsNoTracking()
            .Include(x => x.Buyers).ThenInclude(b => b.Organisation).Include(x => x.Lots).Include(x => x.Criteria)
            .Include(x => x.Challenge).ThenInclude(c => c!.Participants)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == procedureId, ct);
        if (p is null || !IsPublished(p)) return null;

        var awards = await db.Awards.AsNoTracking().Include(a => a.SupplierOrg)
            .Where(a => a.ProcedureId == p.Id).OrderBy(a => a.Date).ThenBy(a => a.Id).ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Milestones)
            .Where(c => c.ProcedureId == p.Id).OrderBy(c => c.SignedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var contractIds = contracts.Select(c => c.Id).ToList();
        var observations = await db.KpiObservations.AsNoTracking().Where(o => contractIds.Contains(o.ContractId)).ToListAsync(ct);
        var kpis = p.ChallengeId is { } challengeId
            ? await db.ChallengeKpis.AsNoTracking().Where(k => k.ChallengeId == challengeId).OrderBy(k => k.Position).ThenBy(k => k.Id).ToListAsync(ct)
            : [];
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.ProcedureId == p.Id && a.BidId == null)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct);
        // The one thing told about bids, and only after the deadline: how many suppliers bid.
        int? tenderers = p.TenderEnd is { } end && end <= now
            ? await db.Bids.Where(b => b.ProcedureId == p.Id && b.Status != BidStatus.Withdrawn).Select(b => b.SupplierOrgId).Distinct().CountAsync(ct)
            : null;

        var lead = p.Buyers.FirstOrDefault(b => b.IsLead) ?? p.Buyers.OrderBy(b => b.OrganisationId).FirstOrDefault();
        var parties = new OcdsParties();
        if (lead is not null) parties.Add(lead.Organisation, "buyer", "procuringEntity");
        foreach (var b in p.Buyers.Where(b => b != lead).OrderBy(b => b.Organisation.Name, StringComparer.Ordinal).ThenBy(b => b.OrganisationId))
            parties.Add(b.Organisation, "buyer");
        foreach (var a in awards.Where(a => a.Status != AwardStatus.Unsuccessful))
            parties.Add(a.SupplierOrg, "supplier");

        var lots = p.Lots.OrderBy(l => l.Number).ToList();
        var challenge = p.Challenge is { Status: not ChallengeStatus.Draft } c ? c : null;
        var status = TenderStatus(p, awards);

        return Obj(
            ("ocid", p.Ocid),
            ("initiationType", "tender"),
            ("language", "en"),
            ("parties", parties.ToJson()),
            ("buyer", lead is null ? null : OcdsParties.Reference(lead.Organisation)),
            ("planning", challenge is null ? null : Obj(("rationale", Rationale(challenge)), ("budget", Budget(challenge)))),
            ("tender", Obj(
                ("id", p.Id.ToString()),
                ("title", p.Title),
                ("description", Text(p.Description)),
                ("status", status),
                ("procuringEntity", lead is null ? null : OcdsParties.Reference(lead.Organisation)),
                ("items", Array(lots.Select(l => (JsonNode)Obj(("id", $"{LotId(l)}-item"), ("description", l.Title), ("relatedLot", LotId(l)))))),
                ("value", Value(p.EstimatedValueMinor ?? (lots.Any(l => l.EstimatedValueMinor is not null) ? lots.Sum(l => l.EstimatedValueMinor ?? 0) : null), p.Currency)),
                ("procurementMethod", Method(p.Type)),
                ("procurementMethodDetails", MethodDetails(p.Type)),
                ("awardCriteria", AwardCriteria(p.Criteria)),
                ("awardCriteriaDetails", AwardCriteriaDetails(p.Criteria)),
                ("submissionMethod", new JsonArray("electronicSubmission")),
                ("tenderPeriod", Period(Date(p.TenderStart), Date(p.TenderEnd))),
                ("enquiryPeriod", Period(Date(p.EnquiryStart), Date(p.EnquiryEnd))),
                ("numberOfTenderers", tenderers),
                ("documents", Array(attachments.Select(Document))),
                ("lots", Array(lots.Select(l => (JsonNode)Obj(
                    ("id", LotId(l)),
                    ("title", l.Title),
                    ("description", Text(l.Description)),
                    ("value", Value(l.EstimatedValueMinor, p.Currency)),
                    ("status", LotStatus(status, l, awards.Where(a => a.LotId == l.Id).ToList())))))),
                ("targets", Array(kpis.Select(Forecast))))),
            ("awards", Array(awards.Select(a => (JsonNode)Obj(
                ("id", a.Id.ToString()),
                ("title", lots.FirstOrDefault(l => l.Id == a.LotId) is { } lot ? $"Lot {lot.Number}: {lot.Title}" : null),
                ("description", Text(a.Justification)),
                ("status", Code(a.Status)),
                ("date", Date(a.Date)),
                ("value", Value(a.ValueMinor, p.Currency)),
                ("suppliers", a.Status == AwardStatus.Unsuccessful ? null : new JsonArray(OcdsParties.Reference(a.SupplierOrg))),
                ("relatedLots", lots.FirstOrDefault(l => l.Id == a.LotId) is { } related ? new JsonArray(LotId(related)) : null))))),
            ("contracts", Array(contracts.Select(k => (JsonNode)Obj(
                ("id", k.Id.ToString()),
                ("awardID", k.AwardId.ToString()),
                ("title", k.Title),
                ("status", Code(k.Status)),
                ("period", Period(Date(k.PeriodStart), EndOf(k.PeriodEnd))),
                ("value", Value(k.ValueMinor, p.Currency)),
                ("dateSigned", Date(k.SignedAt)),
                ("implementation", Obj(
                    ("milestones", Array(k.Milestones.OrderBy(m => m.DueDate).ThenBy(m => m.Id).Select(m => (JsonNode)Obj(
                        ("id", m.Id.ToString()),
                        ("title", m.Title),
                        ("type", "delivery"),
                        ("description", Text(m.Description)),
                        ("dueDate", EndOf(m.DueDate)),
                        ("dateMet", Date(m.DateMet)),
                        ("status", Code(m.Status)))))),
                    ("metrics", Array(Metrics(kpis, observations.Where(o => o.ContractId == k.Id)))))))))),
            ("relatedProcesses", challenge is null ? null : new JsonArray(Obj(
                ("id", "planning"),
                ("relationship", new JsonArray("planning")),
                ("title", challenge.Title),
                ("scheme", "ocid"),
                ("identifier", challenge.Ocid),
                ("uri", $"{siteUrl}/api/v1/ocds/records/{Uri.EscapeDataString(challenge.Ocid)}")))));
    }

    /// <summary>OCDS lot ids: "LOT-0001" for lot 1.</summary>
    public static string LotId(Lot lot) => $"LOT-{lot.Number:0000}";

    static string TenderStatus(Procedure p, List<Award> awards) => p.Status switch
    {
        ProcedureStatus.Planning => "planned",
        ProcedureStatus.Tender or ProcedureStatus.Evaluation => "active",
        ProcedureStatus.Cancelled => "cancelled",
        _ => awards.Any(a => a.Status is AwardStatus.Active or AwardStatus.Pending) ? "complete" : "unsuccessful",
    };

    /// <summary>A lot the buyers closed without an award is unsuccessful at once; otherwise it shares the
    /// tender's status until the award, and then is complete if awarded, else unsuccessful.</summary>
    static string LotStatus(string tenderStatus, Lot lot, List<Award> awards) =>
        tenderStatus is "cancelled" ? tenderStatus
        : lot.Unsuccessful ? "unsuccessful"
        : tenderStatus is "planned" or "active" ? tenderStatus
        : awards.Any(a => a.Status is AwardStatus.Active or AwardStatus.Pending) ? "complete" : "unsuccessful";

    /// <summary>The OCDS method of each EU procedure type: open calls are open; the others admit only the
    /// suppliers the buyers select after a call for competition.</summary>
    public static string Method(ProcedureType type) => type switch
    {
        ProcedureType.Open or ProcedureType.DesignContest => "open",
        _ => "selective",
    };

    public static string MethodDetails(ProcedureType type) => type switch
    {
        ProcedureType.InnovationPartnership => "Innovation partnership (Directive 2014/24/EU, Article 31)",
        ProcedureType.CompetitiveDialogue => "Competitive dialogue (Directive 2014/24/EU, Article 30)",
        ProcedureType.PreCommercial => "Pre-commercial procurement of research and development services (outside Directive 2014/24/EU, Article 14)",
        ProcedureType.DesignContest => "Design contest (Directive 2014/24/EU, Articles 78 to 82)",
        ProcedureType.Open => "Open procedure (Directive 2014/24/EU, Article 27)",
        _ => "Restricted procedure (Directive 2014/24/EU, Article 28)",
    };

    static string? AwardCriteria(List<AwardCriterion> criteria)
    {
        if (criteria.Count == 0) return null;
        if (criteria.All(c => c.Kind == CriterionKind.Price)) return "priceOnly";
        if (criteria.All(c => c.Kind == CriterionKind.Cost)) return "costOnly";
        if (criteria.All(c => c.Kind == CriterionKind.Quality)) return "qualityOnly";
        return "ratedCriteria";
    }

    static string? AwardCriteriaDetails(List<AwardCriterion> criteria) => criteria.Count == 0 ? null :
        string.Join("; ", criteria.OrderBy(c => c.Position).ThenBy(c => c.Id).Select(c => $"{c.Name} ({Code(c.Kind)}): {c.Weight} %"));

    /// <summary>A contract's measured KPIs: one metric per KPI, one observation per measurement.</summary>
    static IEnumerable<JsonNode> Metrics(List<ChallengeKpi> kpis, IEnumerable<KpiObservation> observations) =>
        observations.GroupBy(o => o.KpiId)
            .Select(g => (Kpi: kpis.FirstOrDefault(k => k.Id == g.Key), Observations: g.OrderBy(o => o.PeriodStart).ThenBy(o => o.Id).ToList()))
            .OrderBy(m => m.Kpi?.Position ?? int.MaxValue).ThenBy(m => m.Observations[0].KpiId)
            .Select(m => (JsonNode)Obj(
                ("id", m.Observations[0].KpiId.ToString()),
                ("title", m.Kpi?.Title),
                ("description", Text(m.Kpi?.Description)),
                ("observations", Array(m.Observations.Select(o => (JsonNode)Obj(
                    ("id", o.Id.ToString()),
                    ("period", Period(Date(o.PeriodStart), EndOf(o.PeriodEnd))),
                    ("measure", Num(o.Value)),
                    ("unit", m.Kpi is null ? null : Unit(m.Kpi)),
                    ("notes", Text(o.Note))))))));
}
