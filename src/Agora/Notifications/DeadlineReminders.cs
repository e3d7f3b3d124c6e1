using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Notifications;

/// <summary>Reminds suppliers of deadlines two days ahead: a dialogue round's answers deadline (to the
/// suppliers who registered interest) and a procedure's tender deadline (to the suppliers who took part
/// in its challenge's dialogue or have bid). Each person hears of each deadline once, however many
/// nodes run this.</summary>
public sealed class DeadlineReminders(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<DeadlineReminders> log) : BackgroundService
{
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Agora:Notifications:ReminderMinutes", 15)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(every, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Deadline reminders failed; trying again later");
                try { await Task.Delay(every, clock, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Sends the reminders due now; returns how many notifications were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var now = clock.UtcNow();
        var horizon = now + Ahead;

        var rounds = await db.DialogueRounds.AsNoTracking()
            .Where(r => r.PublishedAt != null && r.AnswersDeadline > now && r.AnswersDeadline <= horizon)
            .Select(r => new { r.Id, r.Number, r.Title, r.AnswersDeadline, r.Challenge.Slug, ChallengeTitle = r.Challenge.Title })
            .ToListAsync(ct);
        foreach (var round in rounds)
        {
            var suppliers = db.DialogueInterests.Where(i => i.RoundId == round.Id).Select(i => i.OrganisationId);
            var users = await EditorsOf(db, suppliers).ToListAsync(ct);
            await notifier.NotifyAsync(users, "deadline", $"Answers due {round.AnswersDeadline:yyyy-MM-dd HH:mm} UTC: {round.ChallengeTitle}",
                $"Round {round.Number} of the market dialogue \"{round.Title}\" closes on {round.AnswersDeadline:yyyy-MM-dd HH:mm} UTC.",
                $"/challenges/{round.Slug}/dialogue", dedupeKey: $"round-deadline:{round.Id}", ct);
        }

        var procedures = await db.Procedures.AsNoTracking()
            .Where(p => p.Status == Procurement.ProcedureStatus.Tender && p.TenderEnd > now && p.TenderEnd <= horizon)
            .Select(p => new { p.Id, p.Title, p.TenderEnd, p.ChallengeId }).ToListAsync(ct);
        foreach (var procedure in procedures)
        {
            var suppliers = db.Bids.Where(b => b.ProcedureId == procedure.Id).Select(b => b.SupplierOrgId)
                .Union(db.DialogueInterests.Where(i => db.DialogueRounds.Any(r => r.Id == i.RoundId && r.ChallengeId == procedure.ChallengeId))
                    .Select(i => i.OrganisationId));
            var users = await EditorsOf(db, suppliers).ToListAsync(ct);
            await notifier.NotifyAsync(users, "deadline", $"Tenders due {procedure.TenderEnd:yyyy-MM-dd HH:mm} UTC: {procedure.Title}",
                $"The tender period of \"{procedure.Title}\" ends on {procedure.TenderEnd:yyyy-MM-dd HH:mm} UTC; bids cannot be sent or changed after it.",
                $"/procurements/{procedure.Id}", dedupeKey: $"tender-deadline:{procedure.Id}", ct);
        }

        var written = db.ChangeTracker.Entries<Notification>().Count();
        await db.SaveChangesAsync(ct);
        return written;
    }

    static IQueryable<Guid> EditorsOf(AgoraDbContext db, IQueryable<Guid> organisations) =>
        db.Memberships.Where(m => organisations.Contains(m.OrganisationId)
            && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)).Select(m => m.UserId).Distinct();
}
