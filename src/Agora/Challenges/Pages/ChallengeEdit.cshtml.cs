using Agora.Catalog.Pages;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>Where editors of the lead agency run a challenge: its description, status, KPIs, offered
/// datasets, documents and participants. Each form posts to its own handler.</summary>
[Authorize]
[UploadLimit]
public sealed class ChallengeEditModel(ChallengeManager challenges) : PageModel
{
    [BindProperty] public ChallengeForm Form { get; set; } = new();
    [BindProperty] public KpiForm Kpi { get; set; } = new();
    [BindProperty] public DocumentForm Doc { get; set; } = new();
    [BindProperty] public string? NewStatus { get; set; }
    [BindProperty] public string? StatusNote { get; set; }
    [BindProperty] public string? DatasetName { get; set; }
    [BindProperty] public string? DatasetNote { get; set; }

    public ChallengeDto C { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var refused = await LoadAsync(slug, ct);
        if (refused is not null) return refused;
        Form = ChallengeForm.From(C);
        UploadLimitAttribute.ShowMessage(Request, ModelState);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string slug, CancellationToken ct) => RunAsync(slug, nameof(Form), async () =>
    {
        var challenge = await challenges.UpdateAsync(slug, Form.ToInput(), User, ct);
        return ("The challenge is saved.", $"/challenges/{challenge.Slug}");
    }, ct, keepForm: true);

    public Task<IActionResult> OnPostStatusAsync(string slug, CancellationToken ct) => RunAsync(slug, "Status", async () =>
    {
        await challenges.ChangeStatusAsync(slug, new StatusInput(NewStatus, StatusNote), User, ct);
        return ("The status is changed; followers and participants are told.", $"/challenges/{slug}");
    }, ct);

    public Task<IActionResult> OnPostAddKpiAsync(string slug, CancellationToken ct) => RunAsync(slug, nameof(Kpi), async () =>
    {
        await challenges.AddKpiAsync(slug, Kpi.ToInput(), User, ct);
        return ("The KPI is added.", $"/challenges/{slug}/edit#kpis");
    }, ct);

    public Task<IActionResult> OnPostRemoveKpiAsync(string slug, Guid id, CancellationToken ct) => RunAsync(slug, nameof(Kpi), async () =>
    {
        await challenges.RemoveKpiAsync(slug, id, User, ct);
        return ("The KPI is removed.", $"/challenges/{slug}/edit#kpis");
    }, ct);

    public Task<IActionResult> OnPostAddDatasetAsync(string slug, CancellationToken ct) => RunAsync(slug, "Dataset", async () =>
    {
        if (string.IsNullOrWhiteSpace(DatasetName)) throw new InvalidInputException("name", "Give the dataset's name (its address in the catalogue).");
        var name = DatasetName.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        try
        {
            await challenges.OfferDatasetAsync(slug, name, new DatasetOfferInput(DatasetNote), User, ct);
        }
        catch (NotFoundException e)
        {
            throw new InvalidInputException("name", e.Message);
        }
        return ("The dataset is offered to solvers.", $"/challenges/{slug}/edit#datasets");
    }, ct);

    public Task<IActionResult> OnPostRemoveDatasetAsync(string slug, string name, CancellationToken ct) => RunAsync(slug, "Dataset", async () =>
    {
        await challenges.WithdrawDatasetAsync(slug, name, User, ct);
        return ("The dataset is no longer offered.", $"/challenges/{slug}/edit#datasets");
    }, ct);

    public Task<IActionResult> OnPostAddDocumentAsync(string slug, CancellationToken ct) => RunAsync(slug, nameof(Doc), async () =>
    {
        var file = Request.Form.Files.GetFile("upload") is { Length: > 0 } upload ? upload : null;
        await challenges.AddDocumentAsync(slug, Doc.ToInput(), file, User, ct);
        return ("The document is added.", $"/challenges/{slug}/edit#documents");
    }, ct);

    public Task<IActionResult> OnPostRemoveDocumentAsync(string slug, Guid id, CancellationToken ct) => RunAsync(slug, nameof(Doc), async () =>
    {
        await challenges.RemoveDocumentAsync(slug, id, User, ct);
        return ("The document is removed.", $"/challenges/{slug}/edit#documents");
    }, ct);

    public Task<IActionResult> OnPostRemoveParticipantAsync(string slug, string org, CancellationToken ct) => RunAsync(slug, "Participant", async () =>
    {
        await challenges.RemoveParticipantAsync(slug, org, User, ct);
        return ("The organisation is taken out of the challenge.", $"/challenges/{slug}/edit#participants");
    }, ct);

    public Task<IActionResult> OnPostDeleteAsync(string slug, CancellationToken ct) => RunAsync(slug, "Delete", async () =>
    {
        await challenges.DeleteAsync(slug, User, ct);
        return ("The draft is deleted.", "/challenges");
    }, ct);

    /// <summary>Runs one form's change; on a refusal the page shows again with the errors next to that form's fields.</summary>
    async Task<IActionResult> RunAsync(string slug, string prefix, Func<Task<(string Notice, string Redirect)>> change, CancellationToken ct,
        bool keepForm = false)
    {
        var refused = await LoadAsync(slug, ct);
        if (refused is not null) return refused;
        ModelState.Clear();
        try
        {
            var (notice, redirect) = await change();
            TempData["Notice"] = notice;
            return Redirect(redirect);
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, prefix))
        {
            if (!keepForm) Form = ChallengeForm.From(C);
            return Page();
        }
    }

    /// <summary>Loads the challenge for its lead's editors; others are refused as the catalogue's pages refuse.</summary>
    async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        try
        {
            var challenge = await challenges.FindLedAsync(slug, User, ct);
            C = await challenges.DetailsAsync(challenge, User, ct);
            return null;
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
    }
}
