using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Notifications.Pages;

/// <summary>The signed-in user's notifications; opening the page does not mark them read, the button does.</summary>
[Authorize]
public sealed class NotificationsModel(AgoraDbContext db, TimeProvider clock) : PageModel
{
    public List<Notification> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Unread { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        Total = await mine.CountAsync(ct);
        Unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        Items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(100).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.UtcNow()), ct);
        return RedirectToPage();
    }
}
