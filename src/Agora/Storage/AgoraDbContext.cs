using Agora.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Storage;

/// <summary>The one database context of Agora. Each feature keeps its entities and their
/// configuration in its own folder; they are picked up here by assembly scan.</summary>
public class AgoraDbContext(DbContextOptions<AgoraDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect sign-in cookies and antiforgery tokens, shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<User> Users => Set<User>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Catalog.Dataset> Datasets => Set<Catalog.Dataset>();
    public DbSet<Catalog.Resource> Resources => Set<Catalog.Resource>();
    public DbSet<Catalog.Group> Groups => Set<Catalog.Group>();
    public DbSet<Catalog.Activity> Activities => Set<Catalog.Activity>();
    public DbSet<Harvest.HarvestSource> HarvestSources => Set<Harvest.HarvestSource>();
    public DbSet<Harvest.HarvestJob> HarvestJobs => Set<Harvest.HarvestJob>();
    public DbSet<Harvest.HarvestRecord> HarvestRecords => Set<Harvest.HarvestRecord>();
    public DbSet<Harvest.HarvestLink> HarvestLinks => Set<Harvest.HarvestLink>();
    public DbSet<Context.NgsiEntity> NgsiEntities => Set<Context.NgsiEntity>();
    public DbSet<Context.NgsiEntityType> NgsiEntityTypes => Set<Context.NgsiEntityType>();
    public DbSet<Context.NgsiAttr> NgsiAttrs => Set<Context.NgsiAttr>();
    public DbSet<Context.NgsiHistory> NgsiHistory => Set<Context.NgsiHistory>();
    public DbSet<Context.NgsiSubscription> NgsiSubscriptions => Set<Context.NgsiSubscription>();
    public DbSet<Context.NgsiOutbox> NgsiOutbox => Set<Context.NgsiOutbox>();
    public DbSet<Challenges.Challenge> Challenges => Set<Challenges.Challenge>();
    public DbSet<Challenges.ChallengeParticipant> ChallengeParticipants => Set<Challenges.ChallengeParticipant>();
    public DbSet<Challenges.ChallengeKpi> ChallengeKpis => Set<Challenges.ChallengeKpi>();
    public DbSet<Challenges.ChallengeDataset> ChallengeDatasets => Set<Challenges.ChallengeDataset>();
    public DbSet<Challenges.ChallengeEvent> ChallengeEvents => Set<Challenges.ChallengeEvent>();
    public DbSet<Challenges.ChallengeFollower> ChallengeFollowers => Set<Challenges.ChallengeFollower>();
    public DbSet<Challenges.DialogueRound> DialogueRounds => Set<Challenges.DialogueRound>();
    public DbSet<Challenges.DialogueInterest> DialogueInterests => Set<Challenges.DialogueInterest>();
    public DbSet<Challenges.DialogueFeedback> DialogueFeedback => Set<Challenges.DialogueFeedback>();
    public DbSet<Challenges.DialogueFactor> DialogueFactors => Set<Challenges.DialogueFactor>();
    public DbSet<Challenges.DialogueQuestion> DialogueQuestions => Set<Challenges.DialogueQuestion>();
    public DbSet<Challenges.DialogueMeeting> DialogueMeetings => Set<Challenges.DialogueMeeting>();
    public DbSet<Challenges.Declaration> Declarations => Set<Challenges.Declaration>();
    public DbSet<Challenges.DeclarationSignature> DeclarationSignatures => Set<Challenges.DeclarationSignature>();
    public DbSet<Challenges.Attachment> Attachments => Set<Challenges.Attachment>();
    public DbSet<Procurement.Procedure> Procedures => Set<Procurement.Procedure>();
    public DbSet<Procurement.ProcedureBuyer> ProcedureBuyers => Set<Procurement.ProcedureBuyer>();
    public DbSet<Procurement.Lot> Lots => Set<Procurement.Lot>();
    public DbSet<Procurement.AwardCriterion> AwardCriteria => Set<Procurement.AwardCriterion>();
    public DbSet<Procurement.Bid> Bids => Set<Procurement.Bid>();
    public DbSet<Procurement.BidAnswer> BidAnswers => Set<Procurement.BidAnswer>();
    public DbSet<Procurement.BidAccess> BidAccessLog => Set<Procurement.BidAccess>();
    public DbSet<Procurement.Evaluator> Evaluators => Set<Procurement.Evaluator>();
    public DbSet<Procurement.BidScore> BidScores => Set<Procurement.BidScore>();
    public DbSet<Procurement.Award> Awards => Set<Procurement.Award>();
    public DbSet<Procurement.Contract> Contracts => Set<Procurement.Contract>();
    public DbSet<Procurement.ContractMilestone> ContractMilestones => Set<Procurement.ContractMilestone>();
    public DbSet<Procurement.KpiObservation> KpiObservations => Set<Procurement.KpiObservation>();
    public DbSet<Procurement.OcdsRelease> OcdsReleases => Set<Procurement.OcdsRelease>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.OutboxMail> OutboxMail => Set<Notifications.OutboxMail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgoraDbContext).Assembly);
        // The NGSI-LD query language reads into attribute values ([key] paths, language maps) with
        // PostgreSQL's jsonb operators; SQLite's json functions read text.
        if (Database.IsNpgsql()) modelBuilder.Entity<Context.NgsiAttr>().Property(a => a.Json).HasColumnType("jsonb");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC. SQLite stores them as text and forgets the kind; say it again on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
