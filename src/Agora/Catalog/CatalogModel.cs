using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Catalog;

sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        // Ids are made by Agora (UUIDv7), so a new dataset reached through a navigation is inserted, not updated.
        b.Property(d => d.Id).ValueGeneratedNever();
        b.ToTable("datasets");
        b.HasIndex(d => d.Name).IsUnique();
        b.HasIndex(d => d.OwnerOrgId);
        b.HasIndex(d => d.ModifiedAt);
        b.Property(d => d.Name).HasMaxLength(100);
        b.Property(d => d.Title).HasMaxLength(1000);
        b.Property(d => d.Author).HasMaxLength(500);
        b.Property(d => d.AuthorEmail).HasMaxLength(320);
        b.Property(d => d.Maintainer).HasMaxLength(500);
        b.Property(d => d.MaintainerEmail).HasMaxLength(320);
        b.Property(d => d.LicenseId).HasMaxLength(100);
        b.Property(d => d.Version).HasMaxLength(100);
        b.Property(d => d.Url).HasMaxLength(2000);
        b.Property(d => d.Type).HasMaxLength(100);
        b.Property(d => d.Visibility).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.HasOne(d => d.OwnerOrg).WithMany().HasForeignKey(d => d.OwnerOrgId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(d => d.IsPrivate);
    }
}

sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> b)
    {
        // Ids are made by Agora (UUIDv7), so a new resource reached through a navigation is inserted, not updated.
        b.Property(r => r.Id).ValueGeneratedNever();
        b.ToTable("resources");
        b.HasIndex(r => new { r.DatasetId, r.Position });
        b.Property(r => r.Name).HasMaxLength(1000);
        b.Property(r => r.Format).HasMaxLength(100);
        b.Property(r => r.Mimetype).HasMaxLength(200);
        b.Property(r => r.Hash).HasMaxLength(200);
        b.Property(r => r.Url).HasMaxLength(2000);
        b.Property(r => r.UrlType).HasMaxLength(16);
        b.Property(r => r.FilePath).HasMaxLength(300);
        b.HasOne(r => r.Dataset).WithMany(d => d.Resources).HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DatasetTagConfiguration : IEntityTypeConfiguration<DatasetTag>
{
    public void Configure(EntityTypeBuilder<DatasetTag> b)
    {
        b.ToTable("dataset_tags");
        b.HasKey(t => new { t.DatasetId, t.Name });
        b.HasIndex(t => t.Name);
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasOne<Dataset>().WithMany(d => d.Tags).HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class DatasetExtraConfiguration : IEntityTypeConfiguration<DatasetExtra>
{
    public void Configure(EntityTypeBuilder<DatasetExtra> b)
    {
        b.ToTable("dataset_extras");
        b.HasKey(e => new { e.DatasetId, e.Key });
        b.Property(e => e.Key).HasMaxLength(200);
        b.HasOne<Dataset>().WithMany(d => d.Extras).HasForeignKey(e => e.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> b)
    {
        // Ids are made by Agora (UUIDv7), so a new group reached through a navigation is inserted, not updated.
        b.Property(g => g.Id).ValueGeneratedNever();
        b.ToTable("groups");
        b.HasIndex(g => g.Name).IsUnique();
        b.Property(g => g.Name).HasMaxLength(100);
        b.Property(g => g.Title).HasMaxLength(200);
        b.Property(g => g.ImageUrl).HasMaxLength(2000);
    }
}

sealed class DatasetGroupConfiguration : IEntityTypeConfiguration<DatasetGroup>
{
    public void Configure(EntityTypeBuilder<DatasetGroup> b)
    {
        b.ToTable("dataset_groups");
        b.HasKey(g => new { g.DatasetId, g.GroupId });
        b.HasIndex(g => g.GroupId);
        b.HasOne<Dataset>().WithMany(d => d.Groups).HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(g => g.Group).WithMany().HasForeignKey(g => g.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        // Ids are made by Agora (UUIDv7), so a new activity reached through a navigation is inserted, not updated.
        b.Property(a => a.Id).ValueGeneratedNever();
        b.ToTable("activities");
        b.HasIndex(a => new { a.ObjectId, a.Timestamp });
        b.HasIndex(a => a.Timestamp);
        b.Property(a => a.ActivityType).HasMaxLength(50);
    }
}
