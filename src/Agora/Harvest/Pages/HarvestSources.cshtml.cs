using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest.Pages;

/// <summary>Harvest sources with how their last job went, and the form to add one.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class HarvestSourcesModel(AgoraDbContext db, HarvestSources sources) : PageModel
{
    public sealed class SourceForm
    {
        public string? Name { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Type { get; set; } = "ckan";
        public string? Organisation { get; set; }
        public bool CreateOrganisations { get; set; }
    }

    [BindProperty] public SourceForm Input { get; set; } = new();
    public List<(HarvestSource Source, HarvestJob? Last)> Items { get; } = [];
    public List<(string Slug, string Name)> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var source = await sources.AddAsync(new HarvestSourceInput(Input.Name, Input.Title, Input.Url, Input.Type, Input.Organisation,
                Input.CreateOrganisations), User.UserId(), ct);
            TempData["Notice"] = $"Added the harvest source {source.Title}.";
            return Redirect($"/harvest/{Uri.EscapeDataString(source.Name)}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(Input)))
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var sources = await db.HarvestSources.AsNoTracking().Include(s => s.OwnerOrg).OrderBy(s => s.Name).ToListAsync(ct);
        var lastJobs = await HarvestApi.LastJobsAsync(db, sources.Select(s => s.Id).ToList(), ct);
        Items.AddRange(sources.Select(s => (s, lastJobs.GetValueOrDefault(s.Id))));
        Organisations = (await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Slug, o.Name }).ToListAsync(ct))
            .Select(o => (o.Slug, o.Name)).ToList();
    }
}
