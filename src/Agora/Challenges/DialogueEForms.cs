using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Procurement;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>A published round as an eForms E1 notice (pre-market consultation, form type "consultation",
/// notice type "pmc"), in JSON keyed by the eForms SDK's field ids — not the UBL XML that TED takes,
/// but the same fields, so an eSender can fill its form from it. The mapping is documented in
/// docs/design/challenges-procurement.md ("eForms E1").</summary>
public sealed class DialogueEForms(AgoraDbContext db)
{
    /// <summary>BT-105 codes (EU procurement-procedure-type authority list) for Agora's procedure types.
    /// Pre-commercial procurement falls outside the directives: it is "oth-mult" (a multi-stage procedure);
    /// design contests have no BT-105 code of their own: "oth-single".</summary>
    public static string ProcedureCode(ProcedureType type) => type switch
    {
        ProcedureType.InnovationPartnership => "innovation",
        ProcedureType.CompetitiveDialogue => "comp-dial",
        ProcedureType.PreCommercial => "oth-mult",
        ProcedureType.DesignContest => "oth-single",
        ProcedureType.Open => "open",
        ProcedureType.Restricted => "restricted",
        _ => "oth-single",
    };

    public async Task<JsonObject> BuildAsync(Challenge challenge, DialogueRound round, CancellationToken ct)
    {
        var participants = await db.ChallengeParticipants.AsNoTracking().Include(p => p.Organisation)
            .Where(p => p.ChallengeId == challenge.Id && (p.Role == ParticipantRole.Lead || p.Role == ParticipantRole.CoOwner))
            .ToListAsync(ct);
        // The lead first (the role is stored as text, so the database would sort it by name).
        participants = participants.OrderBy(p => p.Role).ThenBy(p => p.JoinedAt).ThenBy(p => p.Organisation.Name).ToList();

        var organisations = new JsonArray();
        var buyers = new JsonArray();
        for (var i = 0; i < participants.Count; i++)
        {
            var p = participants[i];
            var id = $"ORG-{i + 1:0000}";
            var org = new JsonObject
            {
                ["OPT-200-Organization-Company"] = id,
                ["BT-500-Organization-Company"] = p.Organisation.Name,
                ["OPP-050-Organization"] = p.Role == ParticipantRole.Lead, // buyers group lead indicator
            };
            if (p.Organisation.Website is { } web) org["BT-505-Organization-Company"] = web;
            if (p.Organisation.City is { } city) org["BT-513-Organization-Company"] = city;
            organisations.Add(org);
            buyers.Add(new JsonObject { ["OPT-300-Procedure-Buyer"] = id });
        }

        var notice = new JsonObject
        {
            ["OPP-070-notice"] = "E1",
            ["BT-03-notice"] = "consultation",
            ["BT-02-notice"] = "pmc",
            ["BT-701-notice"] = round.Id.ToString(),
            ["BT-757-notice"] = "01",
            ["BT-05(a)-notice"] = (round.PublishedAt ?? round.CreatedAt).ToString("yyyy-MM-dd'Z'", CultureInfo.InvariantCulture),
            ["BT-05(b)-notice"] = (round.PublishedAt ?? round.CreatedAt).ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["BT-22-Procedure"] = $"{challenge.Ocid}/round-{round.Number}",
            ["BT-21-Procedure"] = round.Title,
            ["BT-24-Procedure"] = round.Announcement ?? challenge.Summary ?? challenge.Title,
        };
        if (round.Agenda is { } agenda) notice["BT-300-Procedure"] = agenda;
        var budget = participants.Where(p => p.BudgetMinor is not null).Sum(p => p.BudgetMinor!.Value);
        if (budget > 0)
        {
            notice["BT-27-Procedure"] = budget / 100m; // minor units of a two-decimal currency
            notice["BT-27-Procedure-Currency"] = challenge.Currency;
        }
        if (DialogueManager.ProcedureOf(round) is { } procedure)
            notice["BT-105-Procedure"] = ProcedureCode(procedure); // not an E1 field: the procedure the buyers expect to use
        notice["buyers"] = buyers;
        notice["lots"] = new JsonArray(new JsonObject
        {
            ["BT-137-Lot"] = "LOT-0001",
            ["BT-21-Lot"] = round.Title,
            ["BT-800(d)-Lot"] = round.AnswersDeadline.ToString("yyyy-MM-dd'Z'", CultureInfo.InvariantCulture),
            ["BT-800(t)-Lot"] = round.AnswersDeadline.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
        notice["organisations"] = organisations;
        return notice;
    }
}
