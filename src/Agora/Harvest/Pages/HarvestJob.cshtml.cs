using Agora.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Harvest.Pages;

/// <summary>A job's report: what was created, updated and deleted, and what failed and why.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class HarvestJobModel(HarvestSources sources) : PageModel
{
    public HarvestJob Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, Guid id, CancellationToken ct)
    {
        if (await sources.JobAsync(id, ct) is not { } job || job.Source.Name != name) return NotFound();
        Job = job;
        return Page();
    }
}
