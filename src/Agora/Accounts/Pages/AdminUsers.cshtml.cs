using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

/// <summary>Account administration for system administrators.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class AdminUsersModel(AgoraDbContext db, AccountManager accounts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public CreateUserRequest NewUser { get; set; } = new("", "", "", "");

    public int Total { get; private set; }
    public List<UserDto> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var r = NewUser;
            var user = await accounts.CreateUserAsync(new NewUser(r.UserName ?? "", r.DisplayName ?? "", r.Email ?? "", r.Password ?? "", r.IsSysAdmin), ct);
            TempData["Notice"] = $"Created {user.UserName}.";
            return RedirectToPage();
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(NewUser)))
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostToggleAsync(string userName, string what, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null) return NotFound();
        if (user.Id == User.RequiredUserId() && what is "remove-admin" or "disable")
        {
            ModelState.AddModelError(string.Empty, "You cannot remove your own rights or disable yourself; ask another administrator.");
            await LoadAsync(ct);
            return Page();
        }
        // Each button names the state it wants, so a click on a stale page cannot undo another administrator's change.
        switch (what)
        {
            case "make-admin" or "remove-admin": user.IsSysAdmin = what == "make-admin"; user.SecurityStamp = Guid.NewGuid().ToString("N"); break;
            case "disable" or "enable": user.IsDisabled = what == "disable"; user.SecurityStamp = Guid.NewGuid().ToString("N"); break;
            case "unlock": user.LockoutEnd = null; user.AccessFailedCount = 0; break;
            default: return BadRequest();
        }
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"Updated {user.UserName}.";
        return RedirectToPage(new { Q });
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().Matching(Q);
        Total = await query.CountAsync(ct);
        var now = clock.UtcNow();
        Users = (await query.OrderBy(u => u.UserName).Take(200).ToListAsync(ct)).Select(u => UserDto.From(u, now)).ToList();
    }
}
