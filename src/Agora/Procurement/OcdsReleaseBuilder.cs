using System.Text.Json.Nodes;
using Agora.Challenges;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using static Agora.Procurement.OcdsJson;

namespace Agora.Procurement;

/// <summary>Builds the current state of a process as the body of an OCDS release (everything but id,
/// date and tag, which the publisher adds). A challenge is a planning process: planning, and a tender
/// section in status planning. Drafts build nothing. Lists are in a fixed order so that equal states
/// give equal JSON.</summary>
public sealed partial class OcdsReleaseBuilder(AgoraDbContext db, string siteUrl, DateTime now)
{
    /// <summary>The challenge's planning release, or null while it is a draft (or unknown).</summary>
    public async Task<JsonObject?> ChallengeAsync(Guid challengeId, CancellationToken ct)
    {
        var c = await db.Challenges.AsNoTracking()
            .Include(x => x.LeadOrg).Include(x => x.Participants).ThenInclude(p => p.Organisation).Include(x => x.Kpis)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == challengeId, ct);
        if (c is null || c.Status == ChallengeStatus.Draft) return null;

        var rounds = await db.DialogueRounds.AsNoTracking()
            .Where(r => r.ChallengeId == c.Id && r.PublishedAt != null).OrderBy(r => r.Number).ToListAsync(ct);
        var roundIds = rounds.Select(r => r.Id).ToList();
        var meetings = await db.DialogueMeetings.AsNoTracking().Where(m => roundIds.Contains(m.RoundId)).ToListAsync(ct);
        var interests = await db.DialogueInterests.AsNoTracking().Include(i => i.Organisation)
            .Where(i => roundIds.Contains(i.RoundId)).ToListAsync(ct);
        var declarations = await db.Declarations.AsNoTracking().Include(d => d.Signatures).ThenInclude(s => s.Organisation)
            .Where(d => d.ChallengeId == c.Id && d.PublishedAt != null).ToListAsync(ct);
        var declarationIds = declarations.Select(d => d.Id).ToList();
        var attachments = await db.Attachments.AsNoTracking()
            .Where(a => a.BidId == null && a.ProcedureId == null && (a.ChallengeId == c.Id
                || (a.RoundId != null && roundIds.Contains(a.RoundId.Value))
                || (a.DeclarationId != null && declarationIds.Contains(a.DeclarationId.Value))))
            .ToListAsync(ct);
        var hasProcedures = await db.Procedures.AnyAsync(p => p.ChallengeId == c.Id && p.PublishedAt != null, ct);

        var parties = new OcdsParties();
        foreach (var p in Ordered(c.Participants))
            parties.Add(p.Organisation, p.Role switch
            {
                ParticipantRole.Lead => ["buyer", "procuringEntity"],
                ParticipantRole.CoOwner => ["buyer"],
                // Supporters (NGOs, research, clusters) buy nothing; the nearest partyRole code is interestedParty.
                _ => ["interestedParty"],
            });
        if (c.Participants.All(p => p.OrganisationId != c.LeadOrgId)) parties.Add(c.LeadOrg, "buyer", "procuringEntity");
        foreach (var i in interests.OrderBy(i => i.RegisteredAt).ThenBy(i => i.OrganisationId))
            parties.Add(i.Organisation, "interestedParty");

        var documents = new List<JsonNode>();
        documents.AddRange(Ordered(attachments.Where(a => a.ChallengeId == c.Id)).Select(Document));
        foreach (var round in rounds)
        {
            documents.Add(Obj(
                ("id", $"round-{round.Number}-announcement"),
                ("documentType", "plannedProcurementNotice"),
                ("title", round.Title),
                ("description", Text(round.Announcement)),
                ("url", $"{siteUrl}/api/v1/challenges/{c.Slug}/dialogue/rounds/{round.Number}"),
                ("datePublished", Date(round.PublishedAt)),
                ("format", "application/json"),
                ("language", "en")));
            documents.AddRange(Ordered(attachments.Where(a => a.RoundId == round.Id)).Select(Document));
        }
        if (rounds.Count > 0)
            documents.Add(Obj(
                ("id", "dialogue-report"),
                ("documentType", "marketStudies"),
                ("title", "Market dialogue report"),
                ("description", "Who took part in the market dialogue, and the barriers and enablers suppliers named, by category."),
                ("url", $"{siteUrl}/api/v1/challenges/{c.Slug}/dialogue/report"),
                ("format", "application/json")));
        foreach (var d in declarations.OrderBy(d => d.PublishedAt).ThenBy(d => d.Id))
        {
            documents.Add(Declaration(c, d));
            documents.AddRange(Ordered(attachments.Where(a => a.DeclarationId == d.Id)).Select(Document));
        }

        var milestones = new List<JsonNode>();
        foreach (var round in rounds)
        {
            var closed = round.AnswersDeadline <= now;
            milestones.Add(Obj(
                ("id", $"round-{round.Number}"),
                ("title", round.Title),
                ("type", "engagement"),
                ("code", "marketDialogueRound"),
                ("description", Text(round.Agenda) ?? Text(round.Announcement)),
                ("dueDate", Date(round.AnswersDeadline)),
                ("dateMet", closed ? Date(round.AnswersDeadline) : null),
                ("status", closed ? "met" : "scheduled")));
            foreach (var m in meetings.Where(m => m.RoundId == round.Id).OrderBy(m => m.HeldAt).ThenBy(m => m.Id))
            {
                var held = m.HeldAt <= now;
                milestones.Add(Obj(
                    ("id", $"meeting-{m.Id}"),
                    ("title", m.Title),
                    ("type", "engagement"),
                    ("code", "marketDialogueMeeting"),
                    ("description", Text(m.Location is null ? null : $"Round {round.Number}, {m.Location}") ?? $"Round {round.Number}"),
                    ("dueDate", Date(m.HeldAt)),
                    ("dateMet", held ? Date(m.HeldAt) : null),
                    ("status", held ? "met" : "scheduled")));
            }
        }

        return Obj(
            ("ocid", c.Ocid),
            ("initiationType", "tender"),
            ("language", "en"),
            ("parties", parties.ToJson()),
            ("buyer", OcdsParties.Reference(c.LeadOrg)),
            ("planning", Obj(
                ("rationale", Rationale(c)),
                ("budget", Budget(c)),
                ("documents", Array(documents)),
                ("milestones", Array(milestones)),
                ("forecasts", Array(c.Kpis.OrderBy(k => k.Position).ThenBy(k => k.Id).Select(Forecast))))),
            ("tender", Obj(
                ("id", $"{c.Ocid}-tender"),
                ("title", c.Title),
                ("description", Text(c.Summary)),
                ("status", c.Status switch
                {
                    ChallengeStatus.Published or ChallengeStatus.Dialogue => "planning",
                    ChallengeStatus.Closed when !hasProcedures => "withdrawn",
                    _ => "planned",
                }),
                ("procuringEntity", OcdsParties.Reference(c.LeadOrg)),
                ("items", Array(DemandItems(c))))));
    }

    static IEnumerable<ChallengeParticipant> Ordered(IEnumerable<ChallengeParticipant> participants) =>
        participants.OrderBy(p => p.Role).ThenBy(p => p.JoinedAt).ThenBy(p => p.OrganisationId);

    static IEnumerable<Attachment> Ordered(IEnumerable<Attachment> attachments) =>
        attachments.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id);

    static string? Rationale(Challenge c)
    {
        var parts = new[] { c.Summary, c.Problem is null ? null : "Problem: " + c.Problem.Trim(), c.Goals is null ? null : "Goals: " + c.Goals.Trim() };
        var text = string.Join("\n\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return text.Length == 0 ? null : text;
    }

    /// <summary>The aggregated demand: the sum of every agency's budget estimate.</summary>
    static JsonObject? Budget(Challenge c)
    {
        var buyers = c.Participants.Where(p => p.Role != ParticipantRole.Supporter && p.BudgetMinor is not null).ToList();
        if (buyers.Count == 0) return null;
        return Obj(
            ("id", "aggregated-demand"),
            ("description", $"Aggregated demand: the budget estimates of {buyers.Count} " + (buyers.Count == 1 ? "agency" : "agencies")),
            ("amount", Value(buyers.Sum(p => p.BudgetMinor!.Value), c.Currency)));
    }

    /// <summary>The agencies' demand as items of the planned tender, one per unit (quantities summed).</summary>
    static IEnumerable<JsonNode> DemandItems(Challenge c) =>
        c.Participants.Where(p => p.Role != ParticipantRole.Supporter && p.Quantity is not null && !string.IsNullOrWhiteSpace(p.Unit))
            .GroupBy(p => p.Unit!.Trim(), StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => (JsonNode)Obj(
                ("id", $"demand-{i + 1}"),
                ("description", $"{c.Title}: {g.Key}"),
                ("quantity", Num(g.Sum(p => p.Quantity!.Value))),
                ("unit", Obj(("name", g.Key)))));

    JsonNode Declaration(Challenge c, Declaration d)
    {
        var signatures = d.Signatures.OrderBy(s => s.SignedAt).ThenBy(s => s.OrganisationId)
            .Select(s => $"{s.Organisation.Name} ({s.SignatoryName}, {s.SignedAt:yyyy-MM-dd}): {s.Commitment.Trim()}");
        var description = d.Signatures.Count == 0 ? d.Text.Trim() : d.Text.Trim() + "\n\nSigned by:\n" + string.Join("\n", signatures);
        return Obj(
            ("id", $"declaration-{d.Id}"),
            ("documentType", "plannedProcurementNotice"),
            ("title", d.Title),
            ("description", description),
            ("url", $"{siteUrl}/api/v1/challenges/{c.Slug}/declarations/{d.Id}"),
            ("datePublished", Date(d.PublishedAt)),
            ("dateModified", Date(d.Signatures.Count == 0 ? d.PublishedAt : d.Signatures.Max(s => s.SignedAt))),
            ("format", "application/json"),
            ("language", "en"));
    }

    static JsonNode Document(Attachment a) => Obj(
        ("id", a.Id.ToString()),
        ("documentType", a.DocumentType),
        ("title", a.Title),
        ("description", Text(a.Description)),
        // Uploaded files are served by the feature they belong to; only links have an address known here.
        ("url", Uri.TryCreate(a.Url, UriKind.Absolute, out var url) ? url.AbsoluteUri : null),
        ("datePublished", Date(a.CreatedAt)),
        ("dateModified", Date(a.ModifiedAt)),
        ("format", Text(a.ContentType)),
        ("language", Text(a.Language)));

    /// <summary>A KPI as a metric: its baseline and its target as observations.</summary>
    static JsonNode Forecast(ChallengeKpi k) => Obj(
        ("id", k.Id.ToString()),
        ("title", k.Title),
        ("description", Text(k.Description)),
        ("observations", Array(new JsonNode?[]
        {
            k.Baseline is { } b ? Obj(("id", "baseline"), ("measure", Num(b)), ("unit", Unit(k)), ("dimensions", Obj(("kind", "baseline")))) : null,
            Obj(("id", "target"), ("measure", Num(k.Target)), ("unit", Unit(k)), ("period", Period(null, EndOf(k.TargetDate))),
                ("dimensions", Obj(("kind", "target")))),
        }.Where(o => o is not null))));

    static JsonObject? Unit(ChallengeKpi k) => string.IsNullOrWhiteSpace(k.Unit) ? null : Obj(("name", k.Unit.Trim()));
}
