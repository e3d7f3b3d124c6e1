using Agora.Catalog.Ckan;
using Agora.Catalog.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Dataset search with facets, sort and paging — the same search as package_search.</summary>
public sealed class DatasetsModel(DatasetSearch search, DatasetManager datasets, CatalogAccess access, Storage.AgoraDbContext db) : PageModel
{
    public const int PageSize = 20;
    public static readonly (string Field, string Title)[] FacetFields =
    [
        ("organization", "Organisations"), ("tags", "Tags"), ("res_format", "Formats"), ("license_id", "Licences"), ("visibility", "Visibility"),
    ];
    public static readonly (string Value, string Label)[] Sorts =
    [
        ("score desc, metadata_modified desc", "Relevance"), ("metadata_modified desc", "Last modified"),
        ("title_string asc", "Name A–Z"), ("title_string desc", "Name Z–A"),
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    /// <summary>Chosen facet values, as field:value pairs (e.g. tags:air).</summary>
    [BindProperty(SupportsGet = true, Name = "f")] public List<string> Filters { get; set; } = [];

    public int Count { get; private set; }
    public List<Dataset> Results { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<(string Value, int Count)>> Facets { get; private set; } =
        new Dictionary<string, IReadOnlyList<(string, int)>>();
    public string? Error { get; private set; }

    /// <summary>Organisation titles for the organisation facet's slugs.</summary>
    public Dictionary<string, string> OrganisationNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        try
        {
            var filters = Filters.Where(f => f.Contains(':'))
                .Select(f => (SearchQuery)new SearchQuery.Field(f[..f.IndexOf(':')], f[(f.IndexOf(':') + 1)..], false)).ToList();
            var request = new SearchRequest(SearchQuery.Parse(Q), filters, PageSize, (PageNumber - 1) * PageSize,
                Sorts.Any(s => s.Value == Sort) ? Sort! : Sorts[0].Value, FacetFields.Select(f => f.Field).ToList(), 10, 1,
                IncludePrivate: true, IncludeDrafts: false, IncludeDeleted: false);
            var result = await search.RunAsync(request, await access.ReadableOrganisationsAsync(User, ct), ct);
            Count = result.Count;
            Facets = result.Facets;
            Results = await datasets.LoadAsync(result.Ids, ct);
            if (Facets.TryGetValue("organization", out var orgs))
            {
                var slugs = orgs.Select(o => o.Value).ToList();
                OrganisationNames = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(
                    db.Organisations.Where(o => slugs.Contains(o.Slug)), o => o.Slug, o => o.Name, ct);
            }
        }
        catch (CkanException e)
        {
            Error = e.Error["message"]?.ToString() ?? "The search could not be understood.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary>This page's address with a facet value added or taken away.</summary>
    public string Toggle(string field, string value)
    {
        var pair = $"{field}:{value}";
        var chosen = Filters.Contains(pair) ? Filters.Where(f => f != pair) : Filters.Append(pair);
        return Link(Q, Sort, chosen, 1);
    }

    public string PageLink(int page) => Link(Q, Sort, Filters, page);

    static string Link(string? q, string? sort, IEnumerable<string> filters, int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(q)) parts.Add("q=" + Uri.EscapeDataString(q));
        if (!string.IsNullOrEmpty(sort)) parts.Add("sort=" + Uri.EscapeDataString(sort));
        parts.AddRange(filters.Select(f => "f=" + Uri.EscapeDataString(f)));
        if (page > 1) parts.Add($"page={page}");
        return "/datasets" + (parts.Count > 0 ? "?" + string.Join("&", parts) : "");
    }
}
