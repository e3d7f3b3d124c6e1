using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Challenges;

sealed class ChallengeConfiguration : IEntityTypeConfiguration<Challenge>
{
    public void Configure(EntityTypeBuilder<Challenge> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.ToTable("challenges");
        b.HasIndex(c => c.Slug).IsUnique();
        b.HasIndex(c => c.Ocid).IsUnique();
        b.HasIndex(c => new { c.Status, c.UpdatedAt });
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.Summary).HasMaxLength(1000);
        b.Property(c => c.Problem).HasMaxLength(50_000);
        b.Property(c => c.Goals).HasMaxLength(50_000);
        b.Property(c => c.Constraints).HasMaxLength(50_000);
        b.Property(c => c.Theme).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Ocid).HasMaxLength(100);
        b.HasOne(c => c.LeadOrg).WithMany().HasForeignKey(c => c.LeadOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ChallengeParticipantConfiguration : IEntityTypeConfiguration<ChallengeParticipant>
{
    public void Configure(EntityTypeBuilder<ChallengeParticipant> b)
    {
        b.ToTable("challenge_participants");
        b.HasKey(p => new { p.ChallengeId, p.OrganisationId });
        b.HasIndex(p => p.OrganisationId);
        b.Property(p => p.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Quantity).HasPrecision(18, 4);
        b.Property(p => p.Unit).HasMaxLength(100);
        b.Property(p => p.Note).HasMaxLength(5000);
        b.HasOne<Challenge>().WithMany(c => c.Participants).HasForeignKey(p => p.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ChallengeKpiConfiguration : IEntityTypeConfiguration<ChallengeKpi>
{
    public void Configure(EntityTypeBuilder<ChallengeKpi> b)
    {
        b.Property(k => k.Id).ValueGeneratedNever();
        b.ToTable("challenge_kpis");
        b.HasIndex(k => new { k.ChallengeId, k.Position });
        b.Property(k => k.Title).HasMaxLength(300);
        b.Property(k => k.Description).HasMaxLength(5000);
        b.Property(k => k.Unit).HasMaxLength(100);
        b.Property(k => k.Baseline).HasPrecision(18, 4);
        b.Property(k => k.Target).HasPrecision(18, 4);
        b.HasOne<Challenge>().WithMany(c => c.Kpis).HasForeignKey(k => k.ChallengeId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ChallengeDatasetConfiguration : IEntityTypeConfiguration<ChallengeDataset>
{
    public void Configure(EntityTypeBuilder<ChallengeDataset> b)
    {
        b.ToTable("challenge_datasets");
        b.HasKey(d => new { d.ChallengeId, d.DatasetId });
        b.HasIndex(d => d.DatasetId);
        b.Property(d => d.Note).HasMaxLength(2000);
        b.HasOne<Challenge>().WithMany(c => c.Datasets).HasForeignKey(d => d.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(d => d.Dataset).WithMany().HasForeignKey(d => d.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ChallengeEventConfiguration : IEntityTypeConfiguration<ChallengeEvent>
{
    public void Configure(EntityTypeBuilder<ChallengeEvent> b)
    {
        b.ToTable("challenge_events");
        b.HasIndex(e => new { e.ChallengeId, e.At });
        b.Property(e => e.Kind).HasMaxLength(32);
        b.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Summary).HasMaxLength(2000);
        b.HasOne<Challenge>().WithMany(c => c.Events).HasForeignKey(e => e.ChallengeId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ChallengeFollowerConfiguration : IEntityTypeConfiguration<ChallengeFollower>
{
    public void Configure(EntityTypeBuilder<ChallengeFollower> b)
    {
        b.ToTable("challenge_followers");
        b.HasKey(f => new { f.ChallengeId, f.UserId });
        b.HasIndex(f => f.UserId);
        b.HasOne<Challenge>().WithMany(c => c.Followers).HasForeignKey(f => f.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueRoundConfiguration : IEntityTypeConfiguration<DialogueRound>
{
    public void Configure(EntityTypeBuilder<DialogueRound> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.ToTable("dialogue_rounds");
        b.HasIndex(r => new { r.ChallengeId, r.Number }).IsUnique();
        b.HasIndex(r => r.AnswersDeadline);
        b.Property(r => r.Title).HasMaxLength(300);
        b.Property(r => r.Announcement).HasMaxLength(50_000);
        b.Property(r => r.Agenda).HasMaxLength(20_000);
        b.Property(r => r.ExpectedProcedure).HasMaxLength(32);
        b.HasOne(r => r.Challenge).WithMany().HasForeignKey(r => r.ChallengeId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueInterestConfiguration : IEntityTypeConfiguration<DialogueInterest>
{
    public void Configure(EntityTypeBuilder<DialogueInterest> b)
    {
        b.ToTable("dialogue_interests");
        b.HasKey(i => new { i.RoundId, i.OrganisationId });
        b.HasIndex(i => i.OrganisationId);
        b.Property(i => i.Size).HasConversion<string>().HasMaxLength(16);
        b.HasOne<DialogueRound>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(i => i.Organisation).WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueFeedbackConfiguration : IEntityTypeConfiguration<DialogueFeedback>
{
    public void Configure(EntityTypeBuilder<DialogueFeedback> b)
    {
        b.Property(f => f.Id).ValueGeneratedNever();
        b.ToTable("dialogue_feedback");
        b.HasIndex(f => new { f.RoundId, f.OrganisationId }).IsUnique();
        b.Property(f => f.WouldBidIf).HasMaxLength(10_000);
        b.Property(f => f.SuggestedApproach).HasMaxLength(20_000);
        b.HasOne<DialogueRound>().WithMany().HasForeignKey(f => f.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(f => f.Organisation).WithMany().HasForeignKey(f => f.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueFactorConfiguration : IEntityTypeConfiguration<DialogueFactor>
{
    public void Configure(EntityTypeBuilder<DialogueFactor> b)
    {
        b.ToTable("dialogue_factors");
        b.HasIndex(f => f.FeedbackId);
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Category).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Text).HasMaxLength(5000);
        b.HasOne<DialogueFeedback>().WithMany(f => f.Factors).HasForeignKey(f => f.FeedbackId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueQuestionConfiguration : IEntityTypeConfiguration<DialogueQuestion>
{
    public void Configure(EntityTypeBuilder<DialogueQuestion> b)
    {
        b.Property(q => q.Id).ValueGeneratedNever();
        b.ToTable("dialogue_questions");
        b.HasIndex(q => new { q.RoundId, q.AskedAt });
        b.Property(q => q.Question).HasMaxLength(5000);
        b.Property(q => q.Answer).HasMaxLength(20_000);
        b.HasOne<DialogueRound>().WithMany().HasForeignKey(q => q.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DialogueMeetingConfiguration : IEntityTypeConfiguration<DialogueMeeting>
{
    public void Configure(EntityTypeBuilder<DialogueMeeting> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.ToTable("dialogue_meetings");
        b.HasIndex(m => new { m.RoundId, m.HeldAt });
        b.Property(m => m.Title).HasMaxLength(300);
        b.Property(m => m.Location).HasMaxLength(500);
        b.Property(m => m.Minutes).HasMaxLength(50_000);
        b.HasOne<DialogueRound>().WithMany().HasForeignKey(m => m.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> b)
    {
        b.Property(d => d.Id).ValueGeneratedNever();
        b.ToTable("declarations");
        b.HasIndex(d => d.ChallengeId);
        b.Property(d => d.Title).HasMaxLength(300);
        b.Property(d => d.Text).HasMaxLength(50_000);
        b.HasOne(d => d.Challenge).WithMany().HasForeignKey(d => d.ChallengeId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DeclarationSignatureConfiguration : IEntityTypeConfiguration<DeclarationSignature>
{
    public void Configure(EntityTypeBuilder<DeclarationSignature> b)
    {
        b.ToTable("declaration_signatures");
        b.HasKey(s => new { s.DeclarationId, s.OrganisationId });
        b.Property(s => s.Commitment).HasMaxLength(5000);
        b.Property(s => s.SignatoryName).HasMaxLength(200);
        b.Property(s => s.SignatoryTitle).HasMaxLength(200);
        b.HasOne<Declaration>().WithMany(d => d.Signatures).HasForeignKey(s => s.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.ToTable("attachments");
        b.HasIndex(a => a.ChallengeId);
        b.HasIndex(a => a.RoundId);
        b.HasIndex(a => a.DeclarationId);
        b.HasIndex(a => a.ProcedureId);
        b.HasIndex(a => a.BidId);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Description).HasMaxLength(5000);
        b.Property(a => a.DocumentType).HasMaxLength(64);
        b.Property(a => a.Url).HasMaxLength(2000);
        b.Property(a => a.FilePath).HasMaxLength(300);
        b.Property(a => a.ContentType).HasMaxLength(200);
        b.Property(a => a.Language).HasMaxLength(8);
        b.HasOne<Challenge>().WithMany().HasForeignKey(a => a.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DialogueRound>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Declaration>().WithMany().HasForeignKey(a => a.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Procurement.Procedure>().WithMany().HasForeignKey(a => a.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Procurement.Bid>().WithMany().HasForeignKey(a => a.BidId).OnDelete(DeleteBehavior.Cascade);
    }
}
