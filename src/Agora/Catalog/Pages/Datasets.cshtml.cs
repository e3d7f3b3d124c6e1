using Agora.Catalog.Ckan;
using Agora.Catalog.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Pages;

/// <summary>Dataset search with facets, sort and paging — the same search as package_search.</summary>
public sealed class DatasetsModel(DatasetSearch search, DatasetManager datasets, CatalogAccess access, Storage.AgoraDbContext db) : PageModel
{
    public const int PageSize = 20;
    public static readonly (string Field, string Title)[] FacetFields =
    [
        ("organization", "Organisations"), ("groups", "Groups"), ("tags", "Tags"), ("res_format", "Formats"), ("license_id", "Licences"),
        ("visibility", "Visibility"),
    ];
    public static readonly (string Value, string Label)[] Sorts =
    [
        ("score desc, metadata_modified desc", "Relevance"), ("name asc", "Name"), ("metadata_modified desc", "Last modified"),
        ("title_string asc", "Title A–Z"), ("title_string desc", "Title Z–A"),
    ];

    /// <summary>Beyond this page the search stops (10,000 results), as far as CKAN's Solr pages by default.</summary>
    public const int MaxPage = 500;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>The page asked for (?page=2). Read by hand: model binding takes "page" for the Razor page's own route value.</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>Chosen facet values, as field:value pairs (e.g. tags:air).</summary>
    [BindProperty(SupportsGet = true, Name = "f")] public List<string> Filters { get; set; } = [];

    public int Count { get; private set; }
    public List<Dataset> Results { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<(string Value, int Count)>> Facets { get; private set; } =
        new Dictionary<string, IReadOnlyList<(string, int)>>();
    public string? Error { get; private set; }

    /// <summary>Titles for the organisation and group facets' names, and the licences'.</summary>
    public Dictionary<(string Field, string Value), string> FacetLabels { get; private set; } = [];

    public int PageCount => Math.Min(MaxPage, (Count + PageSize - 1) / PageSize);

    public string Label(string field, string value) => FacetLabels.GetValueOrDefault((field, value)) ?? field switch
    {
        "license_id" => Licence.Find(value)?.Title ?? value,
        "visibility" => value switch { "public" => "Public", "private" => "Private", "brokered" => "Brokered (under agreement)", _ => value },
        _ => value,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(int.TryParse(Request.Query["page"], out var page) ? page : 1, 1, MaxPage);
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
            await LabelFacetsAsync(ct);
        }
        catch (CkanException e)
        {
            Error = e.Error["message"]?.ToString() ?? "The search could not be understood.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary>Organisation and group names for the facets, including the chosen filters.</summary>
    async Task LabelFacetsAsync(CancellationToken ct)
    {
        IEnumerable<string> Values(string field) => Facets.GetValueOrDefault(field, []).Select(f => f.Value)
            .Concat(Filters.Where(f => f.StartsWith(field + ":", StringComparison.Ordinal)).Select(f => f[(field.Length + 1)..]));
        FacetLabels = await Search.FacetNames.LookupAsync(db, Values, ct);
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
