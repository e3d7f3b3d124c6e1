using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement.Pages;

/// <summary>A supplier's bids on a procedure: one form per lot (price, an answer per criterion, a document
/// link or file), and withdrawing. Shows only the caller's own company's bids.</summary>
[Authorize]
public sealed class BidModel(ProcedureManager procedures, BidManager bids, ProcedureAccess access, AgoraDbContext db) : PageModel
{
    public Procedure Procedure { get; private set; } = null!;
    public List<Bid> Own { get; private set; } = [];
    public List<Challenges.Attachment> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try { await LoadAsync(id, ct); } catch (NotFoundException) { return NotFound(); }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int lot, decimal? price, Dictionary<Guid, string>? answers, string? documentTitle,
        IFormFile? document, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var input = new BidInput(lot, ProcedurePages.ToMinor(price),
                (answers ?? []).Where(a => !string.IsNullOrWhiteSpace(a.Value)).Select(a => new AnswerInput(a.Key, a.Value)).ToList());
            await LoadAsync(id, ct);
            var existing = Own.FirstOrDefault(b => Procedure.Lots.FirstOrDefault(l => l.Id == b.LotId)?.Number == lot && b.Status == BidStatus.Submitted);
            var bid = existing is null ? await bids.SubmitAsync(id, input, User, ct) : await bids.UpdateAsync(id, existing.Id, input, User, ct);
            if (document is { Length: > 0 })
            {
                await using var content = document.OpenReadStream();
                await bids.AddDocumentAsync(id, bid.Id, documentTitle, null, null, null, (document.FileName, document.ContentType, content), User, ct);
            }
            TempData["Notice"] = $"Your bid on lot {lot} is saved. You may change or withdraw it until the deadline.";
            return Redirect($"/procurements/{id}/bid");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid bidId, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            await bids.WithdrawAsync(id, bidId, User, ct);
            TempData["Notice"] = "Your bid is withdrawn.";
            return Redirect($"/procurements/{id}/bid");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return Page();
        }
    }

    async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Procedure = await procedures.FindAsync(id, User, ct);
        // Only the caller's own company's bids (no look at anyone else's), each look logged.
        var userId = User.UserId();
        var mine = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.OrganisationId).ToListAsync(ct);
        Own = await db.Bids.Include(b => b.Answers).Where(b => b.ProcedureId == id && mine.Contains(b.SupplierOrgId)).ToListAsync(ct);
        foreach (var bid in Own) access.Log(bid.Id, userId, "list", true);
        await access.SaveLogAsync(ct);
        Documents = await bids.DocumentsAsync(Own.Select(b => b.Id), ct);
    }
}
