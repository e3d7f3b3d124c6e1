using Agora.Accounts;
using Agora.Challenges;
using Agora.Procurement;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Procurement;

/// <summary>What <see cref="OcdsFixture"/> made.</summary>
public sealed record OcdsScenario(
    Guid ChallengeId, string ChallengeSlug, string ChallengeOcid, Guid KpiId,
    Guid ProcedureId, string ProcedureOcid, Guid Lot1Id, Guid Lot2Id, Guid AwardId, Guid ContractId,
    Guid WinnerId, Guid LoserId);

/// <summary>A worked example written straight into the database: a challenge with agencies and their
/// demand, a supporter, KPIs, a dialogue round with a meeting, interest, feedback and a question, a
/// draft round, a signed declaration and documents; and a joint procedure born of it with two lots,
/// weighted criteria, sealed bids, an award, an unsuccessful lot, a contract with milestones and a KPI
/// measurement. The challenge, dialogue, declaration and procurement APIs are being built on other
/// branches of issue 5, so the rows are made here; once those APIs land, the fixture can use them.</summary>
public static class OcdsFixture
{
    /// <summary>Text only a sealed bid holds; it must never reach OCDS output.</summary>
    public const string SealedAnswer = "SEALED-bid-answer-never-published";
    /// <summary>The losing bid's price (9 876 543.21): no award carries it, so it must never appear either.</summary>
    public const long SealedPriceMinor = 987_654_321;
    public const string SecretFeedback = "SECRET-feedback-only-owners-see";
    public const string SecretQuestionAsker = "SECRET-asker";

    public static async Task<OcdsScenario> CreateAsync(AgoraFactory agora, string prefix,
        ChallengeStatus challengeStatus = ChallengeStatus.Procurement, ProcedureStatus procedureStatus = ProcedureStatus.Contracted)
    {
        var now = agora.Clock.GetUtcNow().UtcDateTime;
        return await agora.WithDbAsync(async db =>
        {
            Organisation Org(string name, OrganisationKind kind, GovernmentLevel? level = null)
            {
                var org = new Organisation
                {
                    Slug = $"{prefix}-{name.ToLowerInvariant().Replace(' ', '-')}", Name = $"{name} ({prefix})", Kind = kind, Level = level,
                    City = "Aldport", Country = "DK", Website = "https://example.org/" + prefix, CreatedAt = now, UpdatedAt = now,
                };
                db.Organisations.Add(org);
                return org;
            }
            var state = Org("State Builder", OrganisationKind.PublicAgency, GovernmentLevel.State);
            var region = Org("North Region", OrganisationKind.PublicAgency, GovernmentLevel.Regional);
            var city = Org("Aldport Municipality", OrganisationKind.PublicAgency, GovernmentLevel.Municipal);
            var ngo = Org("Clean Air NGO", OrganisationKind.Ngo);
            var winner = Org("Volt Machines", OrganisationKind.Company);
            var loser = Org("Diesel Free Ltd", OrganisationKind.Company);

            var challenge = new Challenge
            {
                Slug = $"{prefix}-emission-free-sites", Title = "Emission-free construction sites", Ocid = $"ocds-test-ch-{prefix}",
                Summary = "Construction sites without exhaust fumes by 2030.", Problem = "Diesel machinery pollutes city air.",
                Goals = "Cut NOx and CO2 from public construction sites.", Theme = CityTheme.Environment, Status = challengeStatus,
                LeadOrgId = state.Id, Currency = "EUR", CreatedAt = now.AddDays(-90), UpdatedAt = now, PublishedAt = now.AddDays(-80),
            };
            db.Challenges.Add(challenge);
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = state.Id, Role = ParticipantRole.Lead, Quantity = 20, Unit = "excavators", BudgetMinor = 4_000_000_00, JoinedAt = now.AddDays(-90) });
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = region.Id, Role = ParticipantRole.CoOwner, Quantity = 10, Unit = "excavators", BudgetMinor = 1_500_000_00, JoinedAt = now.AddDays(-85) });
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = city.Id, Role = ParticipantRole.CoOwner, Quantity = 5, Unit = "Excavators", BudgetMinor = 750_000_50, JoinedAt = now.AddDays(-84) });
            challenge.Participants.Add(new ChallengeParticipant { OrganisationId = ngo.Id, Role = ParticipantRole.Supporter, Note = "Measures air quality", JoinedAt = now.AddDays(-80) });
            var kpi = new ChallengeKpi { Title = "NOx per site", Unit = "kg/month", Baseline = 12.5m, Target = 0, TargetDate = new DateOnly(2030, 1, 1), Position = 1 };
            challenge.Kpis.Add(kpi);
            challenge.Kpis.Add(new ChallengeKpi { Title = "Electric machines in use", Unit = "machines", Target = 35, Position = 2 });

            var round = new DialogueRound
            {
                ChallengeId = challenge.Id, Number = 1, Title = "Information day and open questions", Announcement = "We intend to buy electric excavators.",
                Agenda = "Needs, volumes, timeline", ExpectedProcedure = "innovation-partnership", OpensAt = now.AddDays(-60), AnswersDeadline = now.AddDays(-30),
                PublishedAt = now.AddDays(-60), CreatedAt = now.AddDays(-61),
            };
            var draftRound = new DialogueRound
            {
                ChallengeId = challenge.Id, Number = 2, Title = "DRAFT-round-not-announced", OpensAt = now.AddDays(10), AnswersDeadline = now.AddDays(40), CreatedAt = now,
            };
            db.DialogueRounds.AddRange(round, draftRound);
            db.DialogueMeetings.Add(new DialogueMeeting { RoundId = round.Id, Title = "Information day", HeldAt = now.AddDays(-45), Location = "Aldport city hall", Minutes = "Minutes", Attendees = 30, CreatedAt = now.AddDays(-44) });
            db.DialogueMeetings.Add(new DialogueMeeting { RoundId = draftRound.Id, Title = "DRAFT-meeting", HeldAt = now.AddDays(20), CreatedAt = now });
            foreach (var supplier in new[] { winner, loser })
                db.DialogueInterests.Add(new DialogueInterest { RoundId = round.Id, OrganisationId = supplier.Id, UserId = Guid.NewGuid(), Size = CompanySize.Small, RegisteredAt = now.AddDays(-55) });
            var feedback = new DialogueFeedback { RoundId = round.Id, OrganisationId = loser.Id, UserId = Guid.NewGuid(), WouldBidIf = SecretFeedback, ReadinessLevel = 6, SubmittedAt = now.AddDays(-40), UpdatedAt = now.AddDays(-40) };
            feedback.Factors.Add(new DialogueFactor { Kind = FactorKind.Barrier, Category = FactorCategory.Financial, Text = SecretFeedback });
            db.DialogueFeedback.Add(feedback);
            db.DialogueQuestions.Add(new DialogueQuestion { RoundId = round.Id, AskedByOrgId = loser.Id, AskedByUserId = Guid.NewGuid(), Question = SecretQuestionAsker + ": charging?", AskedAt = now.AddDays(-50) });

            var declaration = new Declaration
            {
                ChallengeId = challenge.Id, Title = "Joint declaration on emission-free sites", Text = "We will require emission-free machinery.",
                CreatedAt = now.AddDays(-35), PublishedAt = now.AddDays(-34),
            };
            declaration.Signatures.Add(new DeclarationSignature { OrganisationId = state.Id, Commitment = "From 2028 on all our sites.", SignedByUserId = Guid.NewGuid(), SignatoryName = "Mette Hansen", SignedAt = now.AddDays(-33) });
            declaration.Signatures.Add(new DeclarationSignature { OrganisationId = city.Id, Commitment = "From 2029 on.", SignedByUserId = Guid.NewGuid(), SignatoryName = "Jonas Berg", SignedAt = now.AddDays(-32) });
            db.Declarations.Add(declaration);
            db.Declarations.Add(new Declaration { ChallengeId = challenge.Id, Title = "DRAFT-declaration", Text = "Not yet.", CreatedAt = now });
            db.Attachments.Add(new Attachment { ChallengeId = challenge.Id, Title = "Needs assessment", DocumentType = "needsAssessment", Url = "https://example.org/needs.pdf", ContentType = "application/pdf", CreatedAt = now.AddDays(-80), ModifiedAt = now.AddDays(-80) });
            db.Attachments.Add(new Attachment { RoundId = round.Id, Title = "Information day slides", DocumentType = "marketStudies", FilePath = "x/slides.pdf", ContentType = "application/pdf", CreatedAt = now.AddDays(-45), ModifiedAt = now.AddDays(-45) });

            var procedure = new Procedure
            {
                Ocid = $"ocds-test-{prefix}", ChallengeId = challenge.Id, Title = "Electric excavators: innovation partnership",
                Description = "Develop and deliver electric excavators.", Type = ProcedureType.InnovationPartnership, Status = procedureStatus,
                Currency = "EUR", EstimatedValueMinor = 6_000_000_00, EnquiryStart = now.AddDays(-28), EnquiryEnd = now.AddDays(-15),
                TenderStart = now.AddDays(-28), TenderEnd = now.AddDays(-10), CreatedAt = now.AddDays(-29), UpdatedAt = now,
                PublishedAt = procedureStatus == ProcedureStatus.Planning ? null : now.AddDays(-28),
            };
            db.Procedures.Add(procedure);
            procedure.Buyers.Add(new ProcedureBuyer { OrganisationId = state.Id, IsLead = true });
            procedure.Buyers.Add(new ProcedureBuyer { OrganisationId = region.Id });
            procedure.Buyers.Add(new ProcedureBuyer { OrganisationId = city.Id });
            var lot1 = new Lot { Number = 1, Title = "Excavators up to 20 t", EstimatedValueMinor = 4_000_000_00 };
            var lot2 = new Lot { Number = 2, Title = "Charging containers", EstimatedValueMinor = 2_000_000_00 };
            procedure.Lots.AddRange([lot1, lot2]);
            var quality = new AwardCriterion { Name = "Quality of solution", Kind = CriterionKind.Quality, Weight = 60, Position = 1 };
            procedure.Criteria.AddRange([quality, new AwardCriterion { Name = "Price", Kind = CriterionKind.Price, Weight = 40, Position = 2 }]);

            var winning = new Bid { ProcedureId = procedure.Id, LotId = lot1.Id, SupplierOrgId = winner.Id, SubmittedByUserId = Guid.NewGuid(), PriceMinor = 3_900_000_00, SubmittedAt = now.AddDays(-12), UpdatedAt = now.AddDays(-12) };
            var losing = new Bid { ProcedureId = procedure.Id, LotId = lot1.Id, SupplierOrgId = loser.Id, SubmittedByUserId = Guid.NewGuid(), PriceMinor = SealedPriceMinor, SubmittedAt = now.AddDays(-11), UpdatedAt = now.AddDays(-11) };
            var withdrawn = new Bid { ProcedureId = procedure.Id, LotId = lot2.Id, SupplierOrgId = ngo.Id, SubmittedByUserId = Guid.NewGuid(), PriceMinor = SealedPriceMinor, Status = BidStatus.Withdrawn, SubmittedAt = now.AddDays(-11), UpdatedAt = now.AddDays(-11) };
            winning.Answers.Add(new BidAnswer { CriterionId = quality.Id, Text = SealedAnswer });
            losing.Answers.Add(new BidAnswer { CriterionId = quality.Id, Text = SealedAnswer });
            db.Bids.AddRange(winning, losing, withdrawn);
            var award = new Award { ProcedureId = procedure.Id, LotId = lot1.Id, BidId = winning.Id, SupplierOrgId = winner.Id, ValueMinor = 3_900_000_00, Status = AwardStatus.Active, Date = now.AddDays(-5), Justification = "Best price-quality ratio." };
            db.Awards.Add(award);
            var contract = new Contract
            {
                ProcedureId = procedure.Id, AwardId = award.Id, Title = "Electric excavators, lot 1", ValueMinor = 3_900_000_00,
                PeriodStart = DateOnly.FromDateTime(now), PeriodEnd = DateOnly.FromDateTime(now.AddYears(2)), SignedAt = now.AddDays(-2), Status = ContractStatus.Active,
            };
            contract.Milestones.Add(new ContractMilestone { Title = "Prototype", DueDate = DateOnly.FromDateTime(now.AddDays(-1)), Status = MilestoneStatus.Met, DateMet = DateOnly.FromDateTime(now.AddDays(-1)) });
            contract.Milestones.Add(new ContractMilestone { Title = "Ten machines delivered", DueDate = DateOnly.FromDateTime(now.AddDays(200)), Status = MilestoneStatus.Scheduled });
            db.Contracts.Add(contract);
            db.KpiObservations.Add(new KpiObservation { ContractId = contract.Id, KpiId = kpi.Id, Value = 9.25m, PeriodStart = DateOnly.FromDateTime(now.AddDays(-30)), PeriodEnd = DateOnly.FromDateTime(now.AddDays(-1)), Note = "First month", RecordedAt = now });
            db.Attachments.Add(new Attachment { ProcedureId = procedure.Id, Title = "Tender specifications", DocumentType = "biddingDocuments", Url = "https://example.org/spec.pdf", CreatedAt = now.AddDays(-28), ModifiedAt = now.AddDays(-28) });
            db.Attachments.Add(new Attachment { ProcedureId = procedure.Id, BidId = losing.Id, Title = SealedAnswer, DocumentType = "submissionDocuments", FilePath = "bids/x.pdf", CreatedAt = now.AddDays(-11), ModifiedAt = now.AddDays(-11) });

            await db.SaveChangesAsync();
            return new OcdsScenario(challenge.Id, challenge.Slug, challenge.Ocid, kpi.Id, procedure.Id, procedure.Ocid,
                lot1.Id, lot2.Id, award.Id, contract.Id, winner.Id, loser.Id);
        });
    }

    /// <summary>Takes the procedure back to before its award: no awards, contracts or measurements.</summary>
    public static Task RemoveAwardsAsync(this AgoraFactory agora, OcdsScenario s) => agora.ChangeAsync(async db =>
    {
        var contracts = await db.Contracts.Where(c => c.ProcedureId == s.ProcedureId).ToListAsync();
        var contractIds = contracts.Select(c => c.Id).ToList();
        db.KpiObservations.RemoveRange(db.KpiObservations.Where(o => contractIds.Contains(o.ContractId)));
        db.ContractMilestones.RemoveRange(db.ContractMilestones.Where(m => contractIds.Contains(m.ContractId)));
        db.Contracts.RemoveRange(contracts);
        db.Awards.RemoveRange(db.Awards.Where(a => a.ProcedureId == s.ProcedureId));
    });

    public static async Task ChangeAsync(this AgoraFactory agora, Func<AgoraDbContext, Task> change) =>
        await agora.WithDbAsync(async db => { await change(db); await db.SaveChangesAsync(); return 0; });

    public static async Task PublishChallengeAsync(this AgoraFactory agora, Guid challengeId)
    {
        await using var scope = agora.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OcdsPublisher>().ChallengeChangedAsync(challengeId);
    }

    public static async Task PublishProcedureAsync(this AgoraFactory agora, Guid procedureId)
    {
        await using var scope = agora.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OcdsPublisher>().ProcedureChangedAsync(procedureId);
    }

    /// <summary>Publishes both processes, as the challenge and procurement features do after each change.</summary>
    public static async Task PublishAsync(this AgoraFactory agora, OcdsScenario s)
    {
        await agora.PublishChallengeAsync(s.ChallengeId);
        await agora.PublishProcedureAsync(s.ProcedureId);
    }
}
