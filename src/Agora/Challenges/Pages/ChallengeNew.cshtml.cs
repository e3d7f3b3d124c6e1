using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges.Pages;

/// <summary>Starting a challenge as a draft; the caller's public agency leads it.</summary>
[Authorize]
public sealed class ChallengeNewModel(ChallengeManager challenges, AgoraDbContext db) : PageModel
{
    [BindProperty] public ChallengeForm Form { get; set; } = new();
    public List<Organisation> Agencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form.Lead ??= Agencies.Count == 1 ? Agencies[0].Slug : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var challenge = await challenges.CreateAsync(Form.ToInput(), User, ct);
            TempData["Notice"] = "The challenge is saved as a draft: add its KPIs, then publish it.";
            return Redirect($"/challenges/{challenge.Slug}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(Form)))
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    /// <summary>The public agencies the caller may lead a challenge for (all of them, for a system administrator).</summary>
    async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        var agencies = db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.PublicAgency);
        if (!User.IsSysAdmin())
            agencies = agencies.Where(o => db.Memberships.Any(m => m.OrganisationId == o.Id && m.UserId == userId
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)));
        Agencies = await agencies.OrderBy(o => o.Name).ToListAsync(ct);
    }
}
