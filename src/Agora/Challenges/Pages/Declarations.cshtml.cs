using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>A challenge's joint declarations, and for the owners a form to draft one.</summary>
public sealed class DeclarationsModel(DialogueManager dialogue, DeclarationManager declarations) : PageModel
{
    public Challenge Subject { get; private set; } = null!;
    public List<Declaration> List { get; private set; } = [];
    public bool IsOwner { get; private set; }
    [BindProperty] public DeclarationInput Draft { get; set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } missing) return missing;
        ModelState.Clear();
        try
        {
            var declaration = await declarations.CreateAsync(Subject, Draft, User, ct);
            TempData["Notice"] = "The declaration is saved as a draft: publish it to open it for signature.";
            return Redirect($"/challenges/{slug}/declarations/{declaration.Id}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, "Draft"))
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
        List = await declarations.ListAsync(Subject, User, ct);
        IsOwner = await dialogue.IsOwnerAsync(User, Subject, ct);
        return null;
    }
}
