using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Notifications;

/// <summary>Tells people about things: a <see cref="Notification"/> each, shown in the web UI, and an
/// e-mail each in the outbox. The rows join the caller's unit of work, so a notice is sent only if the
/// change it announces is saved (the caller calls SaveChanges).</summary>
public sealed class Notifier(AgoraDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AgoraOptions> options)
{
    /// <param name="userIds">Who to tell; duplicates and disabled accounts are dropped.</param>
    /// <param name="link">Path in the web UI where the matter is (/challenges/clean-sites).</param>
    /// <param name="dedupeKey">For reminders: a user is told once per key, however often this is called.</param>
    public async Task NotifyAsync(IEnumerable<Guid> userIds, string kind, string title, string? body, string? link,
        string? dedupeKey = null, CancellationToken ct = default)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return;
        var users = await db.Users.Where(u => ids.Contains(u.Id) && !u.IsDisabled)
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        if (dedupeKey is not null)
        {
            var told = await db.Notifications.Where(n => n.DedupeKey == dedupeKey && ids.Contains(n.UserId))
                .Select(n => n.UserId).ToListAsync(ct);
            users.RemoveAll(u => told.Contains(u.Id));
        }
        var now = clock.UtcNow();
        foreach (var user in users)
        {
            db.Notifications.Add(new Notification
            {
                UserId = user.Id, Kind = kind, Title = Trim(title, 300), Body = body is null ? null : Trim(body, 5000),
                Link = link, DedupeKey = dedupeKey, CreatedAt = now,
            });
            db.OutboxMail.Add(new OutboxMail
            {
                To = user.Email, Subject = Trim($"[Agora] {title}", 300),
                Body = Trim($"{body}\n\n{(link is null ? "" : $"See {options.Value.PublicBaseUrl?.TrimEnd('/')}{link}")}".Trim(), 20_000),
                CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
