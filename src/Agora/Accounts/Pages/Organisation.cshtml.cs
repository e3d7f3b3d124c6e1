using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

public sealed class OrganisationModel(AgoraDbContext db, AccountManager accounts, Catalog.Search.DatasetSearch search,
    Catalog.DatasetManager datasets, Catalog.CatalogAccess access) : PageModel
{
    public Organisation Org { get; private set; } = null!;
    public List<MemberDto> Members { get; private set; } = [];
    public bool CanManage { get; private set; }

    /// <summary>The organisation's datasets the viewer may see (private ones only for members), newest first.</summary>
    public List<Catalog.Dataset> Datasets { get; private set; } = [];
    public int DatasetCount { get; private set; }
    public const int DatasetsShown = 10;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null) return NotFound();
        Org = org;
        Members = await OrganisationsApi.Members(db, org.Id, ct);
        CanManage = await OrganisationsApi.CanManageAsync(accounts, User, org, ct);
        var found = await search.RunAsync(Catalog.Search.DatasetSearch.Listing("organization", org.Slug, DatasetsShown, 0, "metadata_modified desc"),
            await access.ReadableOrganisationsAsync(User, ct), ct);
        DatasetCount = found.Count;
        Datasets = await datasets.LoadAsync(found.Ids, ct);
        return Page();
    }
}
