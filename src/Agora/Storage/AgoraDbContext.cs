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
