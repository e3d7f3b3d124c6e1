using Agora.Catalog.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>A group: its description and the datasets in it that the reader may see, a page at a time.</summary>
public sealed class GroupModel(GroupManager groups, DatasetSearch search, DatasetManager datasets, CatalogAccess access) : PageModel
{
    public const int PageSize = 20;

    public Group Group { get; private set; } = null!;
    public List<Dataset> Datasets { get; private set; } = [];
    public int Count { get; private set; }
    /// <summary>The page asked for (?page=2). Read by hand: model binding takes "page" for the Razor page's own route value.</summary>
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Min(DatasetsModel.MaxPage, (Count + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (await groups.FindAsync(name, ct) is not { } group || group.Name != name) return NotFound();
        Group = group;
        PageNumber = Math.Clamp(int.TryParse(Request.Query["page"], out var page) ? page : 1, 1, DatasetsModel.MaxPage);
        var found = await search.RunAsync(DatasetSearch.Listing("groups", group.Name, PageSize, (PageNumber - 1) * PageSize, "title_string asc"),
            await access.ReadableOrganisationsAsync(User, ct), ct);
        Count = found.Count;
        Datasets = await datasets.LoadAsync(found.Ids, ct);
        return Page();
    }
}
