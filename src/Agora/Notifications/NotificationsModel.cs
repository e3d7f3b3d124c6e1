using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Notifications;

sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Id).ValueGeneratedNever();
        b.ToTable("notifications");
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        b.HasIndex(n => new { n.UserId, n.DedupeKey }).IsUnique();
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Title).HasMaxLength(300);
        b.Property(n => n.Body).HasMaxLength(5000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.DedupeKey).HasMaxLength(200);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.ToTable("outbox_mail");
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        b.Property(m => m.To).HasMaxLength(320);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Body).HasMaxLength(20_000);
        b.Property(m => m.LastError).HasMaxLength(2000);
    }
}
