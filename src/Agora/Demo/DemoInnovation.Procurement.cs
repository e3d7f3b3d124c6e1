using Agora.Challenges;
using Agora.Procurement;
using Microsoft.EntityFrameworkCore;

namespace Agora.Demo;

public sealed partial class DemoInnovation
{
    // (lot, supplier, price in whole euros, evaluator points per criterion: price, shift, service, noise)
    static readonly (int Lot, string Org, long PriceEur, int[] Points)[] Bids =
    [
        (1, "voltgrab", 17_400_000, [8, 9, 8, 9]),
        (1, "nordic-e-loaders", 16_900_000, [9, 7, 7, 8]),
        (1, "hydro-haul", 19_800_000, [5, 9, 6, 7]),
        (1, "retrofit-robotics", 12_300_000, [10, 5, 6, 6]),
        (1, "big-iron-rentals", 18_200_000, [7, 8, 9, 7]),
        (2, "sitecharge", 4_300_000, [8, 9, 9, 8]),
        (2, "gridflex", 4_100_000, [9, 7, 7, 8]),
        (2, "voltgrab", 5_200_000, [6, 8, 7, 8]),
    ];

    async Task LoadProcurementAsync(Challenge challenge, Dictionary<string, Accounts.Organisation> orgs, DateTime now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var procedure = new Procedure
        {
            Id = id, Ocid = OcdsIds.ForProcedure(configuration, id), ChallengeId = challenge.Id,
            Title = "Innovation partnership: emission-free machinery and site charging",
            Description = "A joint innovation partnership of six agencies: suppliers develop and pilot emission-free machinery and " +
                "site charging on two sites per agency, then deliver under a four-year framework.",
            Type = ProcedureType.InnovationPartnership, Status = ProcedureStatus.Contracted, Currency = "EUR",
            EstimatedValueMinor = 24_000_000_00, MaxPoints = 10,
            EnquiryStart = now.AddDays(-80), EnquiryEnd = now.AddDays(-50), TenderStart = now.AddDays(-80), TenderEnd = now.AddDays(-35),
            CreatedByUserId = await UserAsync("ida", ct), CreatedAt = now.AddDays(-95), UpdatedAt = now.AddDays(-7), PublishedAt = now.AddDays(-80),
        };
        db.Procedures.Add(procedure);
        foreach (var (org, role, _, _, _) in Participants.Where(p => p.Role != ParticipantRole.Supporter))
            procedure.Buyers.Add(new ProcedureBuyer { ProcedureId = id, OrganisationId = orgs[org].Id, IsLead = role == ParticipantRole.Lead });
        Lot[] lots =
        [
            new() { ProcedureId = id, Number = 1, Title = "Emission-free excavators, wheel loaders and dumpers", EstimatedValueMinor = 19_000_000_00,
                Description = "About 109 machines from 1.5 to 25 tonnes, bought or rented, with service in the region." },
            new() { ProcedureId = id, Number = 2, Title = "Charging and energy for building sites", EstimatedValueMinor = 5_000_000_00,
                Description = "Mobile batteries, fast chargers and temporary grid connections for the agencies' sites." },
        ];
        procedure.Lots.AddRange(lots);
        AwardCriterion[] criteria =
        [
            new() { ProcedureId = id, Name = "Total cost of ownership over four years", Kind = CriterionKind.Cost, Weight = 35, Position = 0 },
            new() { ProcedureId = id, Name = "A full shift on one charge or refuelling", Kind = CriterionKind.Quality, Weight = 25, Position = 1 },
            new() { ProcedureId = id, Name = "Service and spare parts in the region", Kind = CriterionKind.Quality, Weight = 20, Position = 2 },
            new() { ProcedureId = id, Name = "Noise at 10 metres", Kind = CriterionKind.Quality, Weight = 20, Position = 3 },
        ];
        procedure.Criteria.AddRange(criteria);
        db.Attachments.Add(new Attachment
        {
            ProcedureId = id, Title = "Tender documents and technical requirements", DocumentType = "tenderNotice",
            Url = "https://building-agency.example/tenders/emission-free-machinery", CreatedAt = procedure.PublishedAt.Value,
            ModifiedAt = procedure.PublishedAt.Value,
        });

        string[] evaluators = ["ida", "freja"];
        foreach (var name in evaluators)
            db.Evaluators.Add(new Evaluator
            {
                ProcedureId = id, UserId = await UserAsync(name, ct), AddedAt = now.AddDays(-40), DeclaredAt = now.AddDays(-34),
                HasConflict = false, Statement = "I have no financial or personal interest in any bidder.",
            });

        var bids = new List<(Bid Bid, int Lot, double Total)>();
        foreach (var (lotNumber, org, price, points) in Bids)
        {
            var supplier = orgs[org];
            var bid = new Bid
            {
                ProcedureId = id, LotId = lots[lotNumber - 1].Id, SupplierOrgId = supplier.Id, PriceMinor = price * 100,
                SubmittedByUserId = await db.Memberships.Where(m => m.OrganisationId == supplier.Id).Select(m => m.UserId).FirstAsync(ct),
                Status = BidStatus.Submitted, SubmittedAt = now.AddDays(-40), UpdatedAt = now.AddDays(-40),
            };
            foreach (var criterion in criteria)
                bid.Answers.Add(new BidAnswer { BidId = bid.Id, CriterionId = criterion.Id, Text = $"{supplier.Name} on \"{criterion.Name}\": see the attached offer." });
            db.Bids.Add(bid);
            // The second evaluator scores a point lower on service, so the two do not agree exactly.
            for (var e = 0; e < evaluators.Length; e++)
                for (var c = 0; c < criteria.Length; c++)
                    db.BidScores.Add(new BidScore
                    {
                        BidId = bid.Id, CriterionId = criteria[c].Id, EvaluatorUserId = await UserAsync(evaluators[e], ct),
                        Points = Math.Max(0, points[c] - (e == 1 && c == 2 ? 1 : 0)), ScoredAt = now.AddDays(-25),
                    });
            var total = criteria.Select((criterion, c) => criterion.Weight * (points[c] - (c == 2 ? 0.5 : 0)) / 10.0).Sum();
            bids.Add((bid, lotNumber, total));
        }

        var milestones = new[] { ("Pilot machines delivered to two sites per agency", -20, MilestoneStatus.Met),
            ("Pilot evaluation with residents and site crews", 90, MilestoneStatus.Scheduled), ("Framework roll-out to all sites", 300, MilestoneStatus.Scheduled) };
        foreach (var lot in lots)
        {
            var winner = bids.Where(b => b.Lot == lot.Number).MaxBy(b => b.Total).Bid;
            var award = new Award
            {
                ProcedureId = id, LotId = lot.Id, BidId = winner.Id, SupplierOrgId = winner.SupplierOrgId, ValueMinor = winner.PriceMinor,
                Status = AwardStatus.Active, Date = now.AddDays(-20), Justification = "Highest weighted score of the evaluation.",
            };
            db.Awards.Add(award);
            var contract = new Contract
            {
                ProcedureId = id, AwardId = award.Id, Title = $"Innovation partnership, lot {lot.Number}: {lot.Title}", ValueMinor = award.ValueMinor,
                PeriodStart = DateOnly.FromDateTime(now.AddDays(-10)), PeriodEnd = DateOnly.FromDateTime(now.AddYears(4)),
                SignedAt = now.AddDays(-12), Status = ContractStatus.Active,
            };
            foreach (var (title, days, status) in milestones)
                contract.Milestones.Add(new ContractMilestone
                {
                    ContractId = contract.Id, Title = title, DueDate = DateOnly.FromDateTime(now.AddDays(days)), Status = status,
                    DateMet = status == MilestoneStatus.Met ? DateOnly.FromDateTime(now.AddDays(days + 2)) : null,
                });
            db.Contracts.Add(contract);
            if (lot.Number == 1)
                db.KpiObservations.Add(new KpiObservation
                {
                    ContractId = contract.Id, KpiId = challenge.Kpis[0].Id, Value = 23, RecordedAt = now.AddDays(-2),
                    PeriodStart = DateOnly.FromDateTime(now.AddDays(-30)), PeriodEnd = DateOnly.FromDateTime(now.AddDays(-1)),
                    Note = "Machine hours on the twelve pilot sites, from the machines' telematics.",
                });
        }
        db.ChallengeEvents.Add(new ChallengeEvent { ChallengeId = challenge.Id, At = procedure.PublishedAt.Value, UserId = procedure.CreatedByUserId,
            Kind = "procedure", Summary = $"Procurement published: {procedure.Title}." });
    }
}
