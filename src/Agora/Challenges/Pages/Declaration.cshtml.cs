using Agora.Accounts;
using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>A declaration's public page: its text and signatures; the owners edit (until signed) and
/// publish it; editors of public agencies sign it.</summary>
public sealed class DeclarationModel(DialogueManager dialogue, DeclarationManager declarations) : PageModel
{
    public Challenge Subject { get; private set; } = null!;
    public Declaration Item { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public List<Organisation> Agencies { get; private set; } = [];
    public SignatureForm Signature { get; private set; } = new();
    public DeclarationInput Edit { get; private set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(string slug, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(slug, id, ct) is { } missing) return missing;
        Edit = new DeclarationInput(Item.Title, Item.Text);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string slug, Guid id, CancellationToken ct) =>
        Run(slug, id, "The declaration is published: agencies may sign it.", ct, () => declarations.PublishAsync(Subject, Item, User, ct));

    public Task<IActionResult> OnPostEditAsync(string slug, Guid id, DeclarationInput edit, CancellationToken ct)
    {
        Edit = edit;
        return Run(slug, id, "The declaration is saved.", ct, () => declarations.UpdateAsync(Subject, Item, edit, User, ct));
    }

    public Task<IActionResult> OnPostSignAsync(string slug, Guid id, SignatureForm signature, CancellationToken ct)
    {
        Signature = signature;
        return Run(slug, id, "Your agency's signature is on the declaration.", ct,
            () => declarations.SignAsync(Subject, Item, signature.ToInput(), User, ct), "Signature");
    }

    async Task<IActionResult> Run(string slug, Guid id, string notice, CancellationToken ct, Func<Task> action, string? prefix = null)
    {
        if (await LoadAsync(slug, id, ct) is { } missing) return missing;
        ModelState.Clear();
        try
        {
            await action();
            TempData["Notice"] = notice;
            return Redirect($"/challenges/{slug}/declarations/{id}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, prefix))
        {
            return Page();
        }
    }

    async Task<IActionResult?> LoadAsync(string slug, Guid id, CancellationToken ct)
    {
        try
        {
            Subject = await dialogue.FindChallengeAsync(slug, User, ct);
            Item = await declarations.FindAsync(Subject, id, User, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        IsOwner = await dialogue.IsOwnerAsync(User, Subject, ct);
        if (User.Identity?.IsAuthenticated == true) Agencies = await declarations.AgenciesOfAsync(User, ct);
        return null;
    }
}
