using Agora.Accounts;
using Agora.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Harvest;

/// <summary>What a harvest source speaks: a CKAN portal's Action API or a DCAT catalogue in JSON-LD.</summary>
public enum HarvestSourceType { Ckan, Dcat }

public enum HarvestJobStatus { Queued, Running, Finished, Failed }

/// <summary>What a job did with one remote dataset.</summary>
public enum HarvestAction { Created, Updated, Unchanged, Deleted, Failed }

/// <summary>A remote catalogue whose datasets Agora copies in (ckanext-harvest's harvest source).</summary>
public sealed class HarvestSource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Title { get; set; }
    public required string Url { get; set; }
    public HarvestSourceType Type { get; set; }

    /// <summary>Owner of harvested datasets whose remote organisation is not found (or not created) here.</summary>
    public Guid? OwnerOrgId { get; set; }
    public Organisation? OwnerOrg { get; set; }

    /// <summary>Whether a remote organisation missing here is created (ckanext-harvest's <c>remote_orgs: create</c>).</summary>
    public bool CreateOrganisations { get; set; }
    public bool IsActive { get; set; } = true;
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One run of a source. Queued jobs are claimed by whichever node gets there first.</summary>
public sealed class HarvestJob
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SourceId { get; set; }
    public HarvestSource Source { get; set; } = null!;
    public HarvestJobStatus Status { get; set; }
    public Guid? RequestedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Deleted { get; set; }
    public int Failed { get; set; }

    /// <summary>Why the whole job failed (the source could not be read), if it did.</summary>
    public string? Error { get; set; }
    public List<HarvestRecord> Records { get; } = [];
}

/// <summary>What one job did with one remote dataset, and why it failed if it did.</summary>
public sealed class HarvestRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid JobId { get; set; }
    public required string RemoteId { get; set; }
    public string? Title { get; set; }
    public Guid? DatasetId { get; set; }
    public string? DatasetName { get; set; }
    public HarvestAction Action { get; set; }
    public string? Error { get; set; }
}

/// <summary>Which local dataset a remote dataset became: what makes re-runs update and never
/// duplicate (ckanext-harvest keeps it as the guid of the current harvest object).</summary>
public sealed class HarvestLink
{
    public Guid SourceId { get; set; }
    public required string RemoteId { get; set; }
    public Guid DatasetId { get; set; }

    /// <summary>Hash of what was imported last; the same again is "unchanged".</summary>
    public string ContentHash { get; set; } = "";
    public DateTime HarvestedAt { get; set; }
}

sealed class HarvestSourceConfiguration : IEntityTypeConfiguration<HarvestSource>
{
    public void Configure(EntityTypeBuilder<HarvestSource> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.ToTable("harvest_sources");
        b.HasIndex(s => s.Name).IsUnique();
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.Type).HasConversion<string>().HasMaxLength(16);
        b.HasOne(s => s.OwnerOrg).WithMany().HasForeignKey(s => s.OwnerOrgId).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class HarvestJobConfiguration : IEntityTypeConfiguration<HarvestJob>
{
    public void Configure(EntityTypeBuilder<HarvestJob> b)
    {
        b.Property(j => j.Id).ValueGeneratedNever();
        b.ToTable("harvest_jobs");
        b.HasIndex(j => new { j.Status, j.CreatedAt });
        b.HasIndex(j => new { j.SourceId, j.CreatedAt });
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.Error).HasMaxLength(2000);
        b.HasOne(j => j.Source).WithMany().HasForeignKey(j => j.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class HarvestRecordConfiguration : IEntityTypeConfiguration<HarvestRecord>
{
    public void Configure(EntityTypeBuilder<HarvestRecord> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.ToTable("harvest_records");
        b.HasIndex(r => r.JobId);
        b.Property(r => r.RemoteId).HasMaxLength(2000);
        b.Property(r => r.Title).HasMaxLength(1000);
        b.Property(r => r.DatasetName).HasMaxLength(100);
        b.Property(r => r.Action).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Error).HasMaxLength(4000);
        b.HasOne<HarvestJob>().WithMany(j => j.Records).HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class HarvestLinkConfiguration : IEntityTypeConfiguration<HarvestLink>
{
    public void Configure(EntityTypeBuilder<HarvestLink> b)
    {
        b.ToTable("harvest_links");
        b.HasKey(l => new { l.SourceId, l.RemoteId });
        b.HasIndex(l => l.DatasetId).IsUnique();
        b.Property(l => l.RemoteId).HasMaxLength(2000);
        b.Property(l => l.ContentHash).HasMaxLength(64);
        b.HasOne<HarvestSource>().WithMany().HasForeignKey(l => l.SourceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Dataset>().WithMany().HasForeignKey(l => l.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
