using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Notifications;

public sealed record NotificationDto(Guid Id, string Kind, string Title, string? Body, string? Link, DateTime CreatedAt, DateTime? ReadAt)
{
    public static NotificationDto From(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
}

public sealed record OutboxMailDto(Guid Id, string To, string Subject, string Body, DateTime CreatedAt, DateTime? SentAt,
    int Attempts, DateTime? NextAttemptAt, string? LastError)
{
    public static OutboxMailDto From(OutboxMail m) => new(m.Id, m.To, m.Subject, m.Body, m.CreatedAt, m.SentAt, m.Attempts, m.NextAttemptAt, m.LastError);
}

/// <summary><c>/api/v1/me/notifications</c>: what Agora told the caller; <c>/api/v1/admin/mail</c>: the mail outbox.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me/notifications").WithTags("Notifications").RequireAuthorization();
        mine.MapGet("/", List).WithSummary("The caller's notifications, newest first (unread=true for the unread ones)");
        mine.MapPost("/{id:guid}/read", async (Guid id, ClaimsPrincipal caller, AgoraDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var userId = caller.RequiredUserId();
            var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.UtcNow()), ct);
            if (changed == 0 && !await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == userId, ct))
                throw new NotFoundException("No such notification.");
            return TypedResults.NoContent();
        }).WithSummary("Mark one notification read");
        mine.MapPost("/read-all", async (ClaimsPrincipal caller, AgoraDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var userId = caller.RequiredUserId();
            await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.UtcNow()), ct);
            return TypedResults.NoContent();
        }).WithSummary("Mark all the caller's notifications read");

        app.MapGet("/api/v1/admin/mail", Outbox).WithTags("Notifications").RequireAuthorization(Authentication.SysAdminPolicy)
            .WithSummary("The mail outbox, newest first (sent=false for what is still waiting) — system administrators");
        return app;
    }

    static async Task<Ok<Page<NotificationDto>>> List(ClaimsPrincipal caller, AgoraDbContext db, CancellationToken ct,
        bool unread = false, int offset = 0, int limit = 50)
    {
        CheckPaging(offset, limit);
        var userId = caller.RequiredUserId();
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId && (!unread || n.ReadAt == null));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(offset).Take(limit).ToListAsync(ct);
        return TypedResults.Ok(new Page<NotificationDto>(total, offset, limit, items.Select(NotificationDto.From).ToList()));
    }

    static async Task<Ok<Page<OutboxMailDto>>> Outbox(AgoraDbContext db, CancellationToken ct, bool? sent = null, int offset = 0, int limit = 50)
    {
        CheckPaging(offset, limit);
        var query = db.OutboxMail.AsNoTracking().Where(m => sent == null || (sent == true ? m.SentAt != null : m.SentAt == null));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(offset).Take(limit).ToListAsync(ct);
        return TypedResults.Ok(new Page<OutboxMailDto>(total, offset, limit, items.Select(OutboxMailDto.From).ToList()));
    }

    static void CheckPaging(int offset, int limit)
    {
        if (offset < 0) throw new InvalidInputException("offset", "Must be 0 or more.");
        if (limit is < 1 or > 1000) throw new InvalidInputException("limit", "Must be between 1 and 1000.");
    }
}

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<Notifier>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddSingleton<DeadlineReminders>();
        if (configuration.GetValue("Agora:Notifications:Reminders", true))
            services.AddHostedService(sp => sp.GetRequiredService<DeadlineReminders>());
        return services;
    }
}
