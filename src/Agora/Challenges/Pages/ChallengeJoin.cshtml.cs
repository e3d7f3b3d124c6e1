using Agora.Accounts;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>Joining a challenge for one of the caller's organisations — agencies with their demand, others as
/// supporters with a note — or changing what it brings, or leaving.</summary>
[Authorize]
public sealed class ChallengeJoinModel(ChallengeManager challenges) : PageModel
{
    [BindProperty] public DemandForm Form { get; set; } = new();
    public ChallengeDto C { get; private set; } = null!;
    public List<(Organisation Organisation, bool Joined)> Joinable { get; private set; } = [];
    public Organisation? Chosen { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? org, CancellationToken ct)
    {
        if (!await LoadAsync(slug, org, ct)) return NotFound();
        if (Chosen is not null && C.Participants.FirstOrDefault(p => p.Organisation.Slug == Chosen.Slug) is { } current)
            Form = DemandForm.From(current, C.Currency);
        Form.Organisation = Chosen?.Slug;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, Form.Organisation, ct)) return NotFound();
        ModelState.Clear();
        if (Chosen is null)
        {
            ModelState.AddModelError("Form.Organisation", "Choose one of your organisations.");
            return Page();
        }
        try
        {
            await challenges.SetParticipantAsync(slug, Chosen.Slug, Form.ToInput(C.Currency, Chosen.Kind == OrganisationKind.PublicAgency), User, ct);
            TempData["Notice"] = $"{Chosen.Name} takes part in this challenge.";
            return Redirect($"/challenges/{slug}#demand");
        }
        catch (ForbiddenException e)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
        catch (Exception e) when (ChallengePageErrors.Show(ModelState, e, nameof(Form)))
        {
            return Page();
        }
    }

    public async Task<IActionResult> OnPostLeaveAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, Form.Organisation, ct)) return NotFound();
        ModelState.Clear();
        try
        {
            await challenges.RemoveParticipantAsync(slug, Form.Organisation ?? "", User, ct);
            TempData["Notice"] = "Your organisation left the challenge.";
            return Redirect($"/challenges/{slug}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            return Page();
        }
    }

    async Task<bool> LoadAsync(string slug, string? org, CancellationToken ct)
    {
        try
        {
            var challenge = await challenges.FindReadableAsync(slug, User, ct);
            C = await challenges.DetailsAsync(challenge, User, ct);
            Joinable = await challenges.JoinableAsync(challenge, User, ct);
            Chosen = Joinable.Select(j => j.Organisation).FirstOrDefault(o => o.Slug == org)
                ?? (Joinable.Count == 1 ? Joinable[0].Organisation : null);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
