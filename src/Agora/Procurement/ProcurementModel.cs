using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Procurement;

sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.Property(p => p.Id).ValueGeneratedNever();
        b.ToTable("procedures");
        b.HasIndex(p => p.Ocid).IsUnique();
        b.HasIndex(p => p.ChallengeId);
        b.HasIndex(p => new { p.Status, p.UpdatedAt });
        b.Property(p => p.Ocid).HasMaxLength(100);
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.Description).HasMaxLength(50_000);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.HasOne(p => p.Challenge).WithMany().HasForeignKey(p => p.ChallengeId).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class ProcedureBuyerConfiguration : IEntityTypeConfiguration<ProcedureBuyer>
{
    public void Configure(EntityTypeBuilder<ProcedureBuyer> b)
    {
        b.ToTable("procedure_buyers");
        b.HasKey(x => new { x.ProcedureId, x.OrganisationId });
        b.HasIndex(x => x.OrganisationId);
        b.HasOne<Procedure>().WithMany(p => p.Buyers).HasForeignKey(x => x.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class LotConfiguration : IEntityTypeConfiguration<Lot>
{
    public void Configure(EntityTypeBuilder<Lot> b)
    {
        b.Property(l => l.Id).ValueGeneratedNever();
        b.ToTable("lots");
        b.HasIndex(l => new { l.ProcedureId, l.Number }).IsUnique();
        b.Property(l => l.Title).HasMaxLength(300);
        b.Property(l => l.Description).HasMaxLength(20_000);
        b.HasOne<Procedure>().WithMany(p => p.Lots).HasForeignKey(l => l.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class AwardCriterionConfiguration : IEntityTypeConfiguration<AwardCriterion>
{
    public void Configure(EntityTypeBuilder<AwardCriterion> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.ToTable("award_criteria");
        b.HasIndex(c => new { c.ProcedureId, c.Position });
        b.Property(c => c.Name).HasMaxLength(300);
        b.Property(c => c.Description).HasMaxLength(5000);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Procedure>().WithMany(p => p.Criteria).HasForeignKey(c => c.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class BidConfiguration : IEntityTypeConfiguration<Bid>
{
    public void Configure(EntityTypeBuilder<Bid> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable("bids");
        b.HasIndex(x => new { x.ProcedureId, x.LotId, x.SupplierOrgId }).IsUnique();
        b.HasIndex(x => x.SupplierOrgId);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Procedure>().WithMany().HasForeignKey(x => x.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SupplierOrg).WithMany().HasForeignKey(x => x.SupplierOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class BidAnswerConfiguration : IEntityTypeConfiguration<BidAnswer>
{
    public void Configure(EntityTypeBuilder<BidAnswer> b)
    {
        b.ToTable("bid_answers");
        b.HasKey(a => new { a.BidId, a.CriterionId });
        b.Property(a => a.Text).HasMaxLength(50_000);
        b.HasOne<Bid>().WithMany(x => x.Answers).HasForeignKey(a => a.BidId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AwardCriterion>().WithMany().HasForeignKey(a => a.CriterionId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class BidAccessConfiguration : IEntityTypeConfiguration<BidAccess>
{
    public void Configure(EntityTypeBuilder<BidAccess> b)
    {
        b.ToTable("bid_access_log");
        b.HasIndex(a => new { a.BidId, a.At });
        b.Property(a => a.Action).HasMaxLength(32);
        b.HasOne<Bid>().WithMany().HasForeignKey(a => a.BidId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class EvaluatorConfiguration : IEntityTypeConfiguration<Evaluator>
{
    public void Configure(EntityTypeBuilder<Evaluator> b)
    {
        b.ToTable("evaluators");
        b.HasKey(e => new { e.ProcedureId, e.UserId });
        b.HasIndex(e => e.UserId);
        b.Property(e => e.Statement).HasMaxLength(5000);
        b.HasOne<Procedure>().WithMany().HasForeignKey(e => e.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class BidScoreConfiguration : IEntityTypeConfiguration<BidScore>
{
    public void Configure(EntityTypeBuilder<BidScore> b)
    {
        b.ToTable("bid_scores");
        b.HasKey(s => new { s.BidId, s.CriterionId, s.EvaluatorUserId });
        b.Property(s => s.Comment).HasMaxLength(5000);
        b.HasOne<Bid>().WithMany().HasForeignKey(s => s.BidId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AwardCriterion>().WithMany().HasForeignKey(s => s.CriterionId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class AwardConfiguration : IEntityTypeConfiguration<Award>
{
    public void Configure(EntityTypeBuilder<Award> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.ToTable("awards");
        b.HasIndex(a => new { a.ProcedureId, a.LotId });
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Justification).HasMaxLength(20_000);
        b.HasOne<Procedure>().WithMany().HasForeignKey(a => a.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lot>().WithMany().HasForeignKey(a => a.LotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bid>().WithMany().HasForeignKey(a => a.BidId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.SupplierOrg).WithMany().HasForeignKey(a => a.SupplierOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.ToTable("contracts");
        b.HasIndex(c => c.ProcedureId);
        b.HasIndex(c => c.AwardId);
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Procedure>().WithMany().HasForeignKey(c => c.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Award>().WithMany().HasForeignKey(c => c.AwardId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class ContractMilestoneConfiguration : IEntityTypeConfiguration<ContractMilestone>
{
    public void Configure(EntityTypeBuilder<ContractMilestone> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.ToTable("contract_milestones");
        b.HasIndex(m => new { m.ContractId, m.DueDate });
        b.Property(m => m.Title).HasMaxLength(300);
        b.Property(m => m.Description).HasMaxLength(5000);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Contract>().WithMany(c => c.Milestones).HasForeignKey(m => m.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class KpiObservationConfiguration : IEntityTypeConfiguration<KpiObservation>
{
    public void Configure(EntityTypeBuilder<KpiObservation> b)
    {
        b.Property(o => o.Id).ValueGeneratedNever();
        b.ToTable("kpi_observations");
        b.HasIndex(o => new { o.ContractId, o.PeriodStart });
        b.Property(o => o.Value).HasPrecision(18, 4);
        b.Property(o => o.Note).HasMaxLength(2000);
        b.HasOne<Contract>().WithMany().HasForeignKey(o => o.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Challenges.ChallengeKpi>().WithMany().HasForeignKey(o => o.KpiId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class OcdsReleaseConfiguration : IEntityTypeConfiguration<OcdsRelease>
{
    public void Configure(EntityTypeBuilder<OcdsRelease> b)
    {
        b.ToTable("ocds_releases");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.Ocid, r.Date });
        b.Property(r => r.Id).HasMaxLength(200);
        b.Property(r => r.Ocid).HasMaxLength(100);
        b.Property(r => r.Tags).HasMaxLength(200);
    }
}
