using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>A challenge's market dialogue: its rounds, and for the owners a form to open a new one.</summary>
public sealed class DialogueModel(DialogueManager dialogue) : PageModel
{
    public Challenge Subject { get; private set; } = null!;
    public DialogueOverviewDto Overview { get; private set; } = null!;
    [BindProperty] public RoundForm Round { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } missing) return missing;
        ModelState.Clear();
        try
        {
            var round = await dialogue.CreateRoundAsync(Subject, Round.ToInput(), User, ct);
            TempData["Notice"] = $"Round {round.Number} is saved as a draft: publish it when it is ready.";
            return Redirect($"/challenges/{slug}/dialogue/rounds/{round.Number}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, "Round"))
        {
            return Page();
        }
    }

    async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        try
        {
            Subject = await dialogue.FindChallengeAsync(slug, User, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Overview = await dialogue.OverviewAsync(Subject, User, ct);
        return null;
    }
}
