using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Notifications.Pages;

/// <summary>The mail outbox for system administrators: without an SMTP server this is where mail is read.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class AdminMailModel(AgoraDbContext db, IOptions<MailOptions> mail) : PageModel
{
    public bool SmtpConfigured => mail.Value.Configured;
    public string? SmtpHost => mail.Value.Host;
    public List<OutboxMail> Items { get; private set; } = [];
    public int Waiting { get; private set; }
    public int Sent { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Waiting = await db.OutboxMail.CountAsync(m => m.SentAt == null, ct);
        Sent = await db.OutboxMail.CountAsync(m => m.SentAt != null, ct);
        Items = await db.OutboxMail.AsNoTracking().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(200).ToListAsync(ct);
    }
}
