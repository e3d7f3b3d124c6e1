using Agora.Accounts;
using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>A challenge's public page: the need, the aggregated demand, KPIs, participants, datasets,
/// documents and timeline; following it.</summary>
public sealed class ChallengeModel(ChallengeManager challenges, Storage.AgoraDbContext db) : PageModel
{
    /// <summary>The published procedures that answer this challenge.</summary>
    public List<Procurement.Procedure> Procedures { get; private set; } = [];
    public ChallengeDto C { get; private set; } = null!;
    public List<EventDto> Events { get; private set; } = [];
    /// <summary>The caller's organisations that may join (or have joined and may change what they bring).</summary>
    public List<(Organisation Organisation, bool Joined)> Joinable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        try
        {
            var challenge = await challenges.FindReadableAsync(slug, User, ct);
            C = await challenges.DetailsAsync(challenge, User, ct);
            Events = await challenges.EventsAsync(challenge, ct);
            Procedures = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Procedures.Where(p => p.ChallengeId == challenge.Id && p.PublishedAt != null).OrderBy(p => p.PublishedAt), ct);
            if (User.UserId() is not null) Joinable = await challenges.JoinableAsync(challenge, User, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostFollowAsync(string slug, CancellationToken ct) =>
        ActAsync(slug, () => challenges.FollowAsync(slug, User, ct), "You follow this challenge: you will hear of its news.");

    public Task<IActionResult> OnPostUnfollowAsync(string slug, CancellationToken ct) =>
        ActAsync(slug, () => challenges.UnfollowAsync(slug, User, ct), "You no longer follow this challenge.");

    async Task<IActionResult> ActAsync(string slug, Func<Task> act, string notice)
    {
        if (User.UserId() is null) return Challenge();
        try
        {
            await act();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        TempData["Notice"] = notice;
        return Redirect($"/challenges/{slug}");
    }
}
