using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

[Authorize]
public sealed class TokensModel(AgoraDbContext db, AccountManager accounts, TimeProvider clock) : PageModel
{
    public List<TokenDto> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? NewName { get; private set; }

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public int? ExpiresInDays { get; set; } = 90;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var user = await db.Users.FirstAsync(u => u.Id == User.RequiredUserId(), ct);
        try
        {
            var expires = ExpiresInDays is { } days ? clock.UtcNow().AddDays(Math.Clamp(days, 1, 3650)) : (DateTime?)null;
            var (token, secret) = await accounts.CreateTokenAsync(user, Name ?? "", expires, ct: ct);
            // Rendered straight into this response, never stored or redirected, so it is seen only once.
            NewSecret = secret;
            NewName = token.Name;
            Name = "";
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await accounts.RevokeTokenAsync(User.RequiredUserId(), id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        TempData["Notice"] = "The token is revoked. It no longer works.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var id = User.RequiredUserId();
        var now = clock.UtcNow();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        Tokens = tokens.Select(t => TokenDto.From(t, now)).ToList();
    }
}
