using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Context;

// The context broker's tables. Every row is keyed by tenant first (NGSILD-Tenant; "" is the default
// tenant), so a distributed PostgreSQL can shard by (tenant, entity) and history can be partitioned by
// time. Integer keys join the tables, as the catalogue's search learnt: text ids join slowly.
// Column names are snake_case because the query translator (Context/Query) writes SQL against them.

/// <summary>The current state of one NGSI-LD entity: the whole entity in expanded form.</summary>
public sealed class NgsiEntity
{
    public long Key { get; set; }
    public string Tenant { get; set; } = "";
    public required string Id { get; set; }

    /// <summary>Expanded entity types, as a JSON array.</summary>
    public required string Types { get; set; }

    /// <summary>The entity in expanded form (attribute names are IRIs), with each attribute's
    /// createdAt/modifiedAt kept for <c>options=sysAttrs</c>.</summary>
    public required string Doc { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>One (tenant, type, entity): what a query by type reads. An entity may have several types.</summary>
public sealed class NgsiEntityType
{
    public string Tenant { get; set; } = "";
    public required string Type { get; set; }
    public long EntityKey { get; set; }
}

/// <summary>One attribute instance of an entity, with its value in typed columns so that the query
/// language (<c>q</c>) and geo-queries run in the database.</summary>
public sealed class NgsiAttr
{
    public long EntityKey { get; set; }
    public required string Name { get; set; }

    /// <summary>"" for the default instance.</summary>
    public string DatasetId { get; set; } = "";
    public required string Kind { get; set; }
    public double? Num { get; set; }
    public string? Text { get; set; }
    public bool? Bool { get; set; }

    /// <summary>The whole instance in expanded normalized form.</summary>
    public required string Json { get; set; }
    public DateTime? ObservedAt { get; set; }
    public double? MinX { get; set; }
    public double? MinY { get; set; }
    public double? MaxX { get; set; }
    public double? MaxY { get; set; }
}

/// <summary>One past state of an attribute instance (the Temporal API). Append-only; <see cref="Seq"/>
/// is the instance id. The entity id is kept too, so history outlives the entity's current state.</summary>
public sealed class NgsiHistory
{
    public long Seq { get; set; }
    public string Tenant { get; set; } = "";
    public long EntityKey { get; set; }
    public required string EntityId { get; set; }
    public required string Name { get; set; }
    public string DatasetId { get; set; } = "";
    public required string Kind { get; set; }
    public double? Num { get; set; }
    public string? Text { get; set; }
    public bool? Bool { get; set; }
    public required string Json { get; set; }
    public DateTime? ObservedAt { get; set; }

    /// <summary>When Agora stored this instance (the instance's modifiedAt).</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>The attribute was deleted at <see cref="RecordedAt"/> (an NGSI-LD deletedAt instance).</summary>
    public bool Deleted { get; set; }
}

/// <summary>An NGSI-LD subscription, as given (expanded), with its delivery status.</summary>
public sealed class NgsiSubscription
{
    public long Key { get; set; }
    public string Tenant { get; set; } = "";
    public required string Id { get; set; }

    /// <summary>The subscription in expanded form.</summary>
    public required string Doc { get; set; }

    /// <summary>The @context the subscription was made with (JSON), used to compact its notifications.</summary>
    public string? LdContext { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime? ExpiresAt { get; set; }
    public long TimesSent { get; set; }
    public long TimesFailed { get; set; }
    public DateTime? LastNotification { get; set; }
    public DateTime? LastSuccess { get; set; }
    public DateTime? LastFailure { get; set; }
    public string? LastFailureReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>A notification waiting to be delivered. Written in the same transaction as the change
/// it reports, deleted once the receiver took it: delivery is at least once and never lost.</summary>
public sealed class NgsiOutbox
{
    public long Id { get; set; }
    public string Tenant { get; set; } = "";
    public long SubscriptionKey { get; set; }

    /// <summary>The notification body as it will be sent (already compacted).</summary>
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public string? LastError { get; set; }
}

sealed class NgsiEntityConfiguration : IEntityTypeConfiguration<NgsiEntity>
{
    public void Configure(EntityTypeBuilder<NgsiEntity> b)
    {
        b.ToTable("ngsi_entities");
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasColumnName("key");
        b.Property(e => e.Tenant).HasColumnName("tenant").HasMaxLength(256);
        b.Property(e => e.Id).HasColumnName("id").HasMaxLength(2048);
        b.Property(e => e.Types).HasColumnName("types");
        b.Property(e => e.Doc).HasColumnName("doc");
        b.Property(e => e.CreatedAt).HasColumnName("created_at");
        b.Property(e => e.ModifiedAt).HasColumnName("modified_at");
        b.HasIndex(e => new { e.Tenant, e.Id }).IsUnique();
    }
}

sealed class NgsiEntityTypeConfiguration : IEntityTypeConfiguration<NgsiEntityType>
{
    public void Configure(EntityTypeBuilder<NgsiEntityType> b)
    {
        b.ToTable("ngsi_entity_types");
        b.HasKey(t => new { t.Tenant, t.Type, t.EntityKey });
        b.Property(t => t.Tenant).HasColumnName("tenant").HasMaxLength(256);
        b.Property(t => t.Type).HasColumnName("type").HasMaxLength(2048);
        b.Property(t => t.EntityKey).HasColumnName("entity_key");
        b.HasIndex(t => t.EntityKey);
        b.HasOne<NgsiEntity>().WithMany().HasForeignKey(t => t.EntityKey).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class NgsiAttrConfiguration : IEntityTypeConfiguration<NgsiAttr>
{
    public void Configure(EntityTypeBuilder<NgsiAttr> b)
    {
        b.ToTable("ngsi_attrs");
        b.HasKey(a => new { a.EntityKey, a.Name, a.DatasetId });
        b.Property(a => a.EntityKey).HasColumnName("entity_key");
        b.Property(a => a.Name).HasColumnName("name").HasMaxLength(2048);
        b.Property(a => a.DatasetId).HasColumnName("dataset_id").HasMaxLength(2048);
        b.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(a => a.Num).HasColumnName("num");
        b.Property(a => a.Text).HasColumnName("text");
        b.Property(a => a.Bool).HasColumnName("bool");
        b.Property(a => a.Json).HasColumnName("json");
        b.Property(a => a.ObservedAt).HasColumnName("observed_at");
        b.Property(a => a.MinX).HasColumnName("min_x");
        b.Property(a => a.MinY).HasColumnName("min_y");
        b.Property(a => a.MaxX).HasColumnName("max_x");
        b.Property(a => a.MaxY).HasColumnName("max_y");
        // q conditions start from the attribute name and a value. Geo-queries start from a spatial index of the
        // GeoProperty instances' bounding boxes that the model does not describe (migration SpatialIndex):
        // PostgreSQL a GiST index on box(min, max), SQLite an R*Tree of each entity's box kept by triggers.
        b.HasIndex(a => new { a.Name, a.Num, a.EntityKey });
        b.HasIndex(a => new { a.Name, a.Text, a.EntityKey });
        b.HasOne<NgsiEntity>().WithMany().HasForeignKey(a => a.EntityKey).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class NgsiHistoryConfiguration : IEntityTypeConfiguration<NgsiHistory>
{
    public void Configure(EntityTypeBuilder<NgsiHistory> b)
    {
        b.ToTable("ngsi_history");
        b.HasKey(h => h.Seq);
        b.Property(h => h.Seq).HasColumnName("seq");
        b.Property(h => h.Tenant).HasColumnName("tenant").HasMaxLength(256);
        b.Property(h => h.EntityKey).HasColumnName("entity_key");
        b.Property(h => h.EntityId).HasColumnName("entity_id").HasMaxLength(2048);
        b.Property(h => h.Name).HasColumnName("name").HasMaxLength(2048);
        b.Property(h => h.DatasetId).HasColumnName("dataset_id").HasMaxLength(2048);
        b.Property(h => h.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(h => h.Num).HasColumnName("num");
        b.Property(h => h.Text).HasColumnName("text");
        b.Property(h => h.Bool).HasColumnName("bool");
        b.Property(h => h.Json).HasColumnName("json");
        b.Property(h => h.ObservedAt).HasColumnName("observed_at");
        b.Property(h => h.RecordedAt).HasColumnName("recorded_at");
        b.Property(h => h.Deleted).HasColumnName("deleted");
        // Temporal queries read one entity's attribute over a time range, by observedAt or by modifiedAt. On SQLite
        // the first is wider than the model says (migration HistoryCoveringIndex): it carries the values aggregations read.
        // seq ends both, so that "the last N by time" (ties by seq) is read from the index, not sorted (PostgreSQL;
        // SQLite ends every index with the rowid, which seq is).
        b.HasIndex(h => new { h.Tenant, h.EntityId, h.Name, h.ObservedAt, h.Seq }).HasDatabaseName("IX_ngsi_history_tenant_entity_id_name_observed_at");
        b.HasIndex(h => new { h.Tenant, h.EntityId, h.Name, h.RecordedAt, h.Seq }).HasDatabaseName("IX_ngsi_history_tenant_entity_id_name_recorded_at");
        b.HasIndex(h => h.RecordedAt); // retention deletes the oldest rows
    }
}

sealed class NgsiSubscriptionConfiguration : IEntityTypeConfiguration<NgsiSubscription>
{
    public void Configure(EntityTypeBuilder<NgsiSubscription> b)
    {
        b.ToTable("ngsi_subscriptions");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasColumnName("key");
        b.Property(s => s.Tenant).HasColumnName("tenant").HasMaxLength(256);
        b.Property(s => s.Id).HasColumnName("id").HasMaxLength(2048);
        b.Property(s => s.Doc).HasColumnName("doc");
        b.Property(s => s.LdContext).HasColumnName("ld_context");
        b.Property(s => s.IsActive).HasColumnName("is_active");
        b.Property(s => s.ExpiresAt).HasColumnName("expires_at");
        b.Property(s => s.TimesSent).HasColumnName("times_sent");
        b.Property(s => s.TimesFailed).HasColumnName("times_failed");
        b.Property(s => s.LastNotification).HasColumnName("last_notification");
        b.Property(s => s.LastSuccess).HasColumnName("last_success");
        b.Property(s => s.LastFailure).HasColumnName("last_failure");
        b.Property(s => s.LastFailureReason).HasColumnName("last_failure_reason").HasMaxLength(1000);
        b.Property(s => s.CreatedAt).HasColumnName("created_at");
        b.Property(s => s.ModifiedAt).HasColumnName("modified_at");
        b.HasIndex(s => new { s.Tenant, s.Id }).IsUnique();
    }
}

sealed class NgsiOutboxConfiguration : IEntityTypeConfiguration<NgsiOutbox>
{
    public void Configure(EntityTypeBuilder<NgsiOutbox> b)
    {
        b.ToTable("ngsi_outbox");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).HasColumnName("id");
        b.Property(o => o.Tenant).HasColumnName("tenant").HasMaxLength(256);
        b.Property(o => o.SubscriptionKey).HasColumnName("subscription_key");
        b.Property(o => o.Payload).HasColumnName("payload");
        b.Property(o => o.CreatedAt).HasColumnName("created_at");
        b.Property(o => o.DueAt).HasColumnName("due_at");
        b.Property(o => o.Attempts).HasColumnName("attempts");
        b.Property(o => o.LockedUntil).HasColumnName("locked_until");
        b.Property(o => o.LockedBy).HasColumnName("locked_by").HasMaxLength(200);
        b.Property(o => o.LastError).HasColumnName("last_error").HasMaxLength(1000);
        b.HasIndex(o => o.DueAt);
        b.HasIndex(o => o.SubscriptionKey);
        b.HasOne<NgsiSubscription>().WithMany().HasForeignKey(o => o.SubscriptionKey).OnDelete(DeleteBehavior.Cascade);
    }
}
