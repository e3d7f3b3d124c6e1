using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest.Pages;

/// <summary>One source: its settings, its jobs, "Harvest now" and delete.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class HarvestSourceModel(AgoraDbContext db, HarvestSources sources) : PageModel
{
    public HarvestSource Source { get; private set; } = null!;
    public List<HarvestJob> Jobs { get; private set; } = [];
    public int DatasetCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (await sources.FindAsync(name, ct) is not { } source) return NotFound();
        await LoadAsync(source, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct)
    {
        if (await sources.FindAsync(name, ct) is not { } source) return NotFound();
        try
        {
            var job = await sources.QueueAsync(source, User.UserId(), ct);
            TempData["Notice"] = "The harvest is queued; this page shows it when it has run.";
            return Redirect($"/harvest/{Uri.EscapeDataString(name)}/jobs/{job.Id}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            await LoadAsync(source, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        if (await sources.FindAsync(name, ct) is not { } source) return NotFound();
        try
        {
            await sources.DeleteAsync(source, ct);
            TempData["Notice"] = $"Deleted the harvest source {source.Title}; the datasets it brought stay.";
            return Redirect("/harvest");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            await LoadAsync(source, ct);
            return Page();
        }
    }

    async Task LoadAsync(HarvestSource source, CancellationToken ct)
    {
        Source = source;
        Jobs = await db.HarvestJobs.AsNoTracking().Where(j => j.SourceId == source.Id).OrderByDescending(j => j.CreatedAt).Take(50).ToListAsync(ct);
        DatasetCount = await db.HarvestLinks.CountAsync(l => l.SourceId == source.Id, ct);
    }
}
