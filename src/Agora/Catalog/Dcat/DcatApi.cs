using System.Text;
using Agora.Catalog.Ckan;
using Agora.Catalog.Search;
using Agora.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Agora.Catalog.Dcat;

/// <summary>The catalogue as DCAT-AP 3 at ckanext-dcat's addresses: <c>/catalog.{ttl|jsonld|rdf|xml}</c>
/// (a page of public datasets with Hydra paging; <c>/catalog</c> negotiates the format from Accept) and
/// <c>/dataset/{id or name}.{ttl|jsonld|rdf|xml}</c>.</summary>
public static class DcatApi
{
    static readonly string[] PageParameters = ["modified_since", "q", "fq"];

    public static IEndpointRouteBuilder MapDcat(this IEndpointRouteBuilder app)
    {
        var dcat = app.MapGroup("").WithTags("DCAT-AP");
        string[] types = [RdfFormat.Turtle.ContentType(), RdfFormat.JsonLd.ContentType(), RdfFormat.RdfXml.ContentType()];
        dcat.MapGet("/catalog.{format}", (string format, HttpContext http, CancellationToken ct) =>
                ParseFormat(format) is { } f ? CatalogAsync(f, http, ct) : Task.FromResult(NotFound("No such format: use ttl, jsonld, rdf or xml.")))
            .WithSummary("The catalogue as DCAT-AP 3 (format ttl, jsonld, rdf or xml), a page of public datasets at a time")
            .WithDescription("Hydra paging as ckanext-dcat: `page` (from 1), `modified_since` (ISO 8601), `q` and `fq` (Solr syntax, as package_search); " +
                "newest changes first. The page's hydra:PagedCollection links the first, last, next and previous pages.")
            .Produces<string>(StatusCodes.Status200OK, types[0], types[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        dcat.MapGet("/catalog", (HttpContext http, CancellationToken ct) =>
            {
                http.Response.Headers.Vary = "Accept";
                return Negotiate(http.Request) is { } f ? CatalogAsync(f, http, ct)
                    : Task.FromResult<Results<ContentHttpResult, ProblemHttpResult>>(TypedResults.Problem(
                        statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable", detail: $"The catalogue is served as {string.Join(", ", types)}."));
            })
            .WithSummary("The catalogue as DCAT-AP 3 in the format the Accept header asks for (Turtle by default)")
            .Produces<string>(StatusCodes.Status200OK, types[0], types[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status406NotAcceptable);
        dcat.MapGet("/dataset/{id}.{format}", (string id, string format, HttpContext http, CancellationToken ct) =>
                ParseFormat(format) is { } f ? DatasetAsync(id, f, http, ct) : Task.FromResult(NotFound("No such format: use ttl, jsonld, rdf or xml.")))
            .WithSummary("One dataset as DCAT-AP 3 (by name or id; format ttl, jsonld, rdf or xml)")
            .Produces<string>(StatusCodes.Status200OK, types[0], types[1..])
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static RdfFormat? ParseFormat(string format) => format switch
    {
        "ttl" => RdfFormat.Turtle,
        "jsonld" => RdfFormat.JsonLd,
        "rdf" or "xml" => RdfFormat.RdfXml,
        _ => null,
    };

    /// <summary>The first acceptable format by quality; Turtle when anything goes; null when nothing we have is acceptable.</summary>
    static RdfFormat? Negotiate(HttpRequest request)
    {
        if (request.Headers.Accept.Count == 0) return RdfFormat.Turtle;
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return RdfFormat.Turtle;
        foreach (var type in accepted.Where(a => (a.Quality ?? 1) > 0).OrderByDescending(a => a.Quality ?? 1))
        {
            var name = type.MediaType.Value?.ToLowerInvariant();
            RdfFormat? format = name switch
            {
                "text/turtle" or "application/x-turtle" => RdfFormat.Turtle,
                "application/ld+json" => RdfFormat.JsonLd,
                "application/rdf+xml" => RdfFormat.RdfXml,
                "*/*" or "text/*" => RdfFormat.Turtle,
                _ => null,
            };
            if (format is not null) return format;
        }
        return null;
    }

    static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    static Results<ContentHttpResult, ProblemHttpResult> NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    static ContentHttpResult Document(RdfGraph graph, RdfFormat format) =>
        TypedResults.Text(RdfWriters.Write(graph, format), format.ContentType(), Encoding.UTF8);

    /// <summary>The site address in URIs: the configured public base URL, else the request's.</summary>
    static string Site(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured) ? CkanApi.SiteUrl(http.Request) : configured.Trim().TrimEnd('/');
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> CatalogAsync(RdfFormat format, HttpContext http, CancellationToken ct)
    {
        var query = http.Request.Query;
        var options = http.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value.Catalog;
        var perPage = Math.Max(1, options.DatasetsPerPage);

        var page = 1;
        if (query["page"].ToString() is { Length: > 0 } pageText && (!int.TryParse(pageText, out page) || page < 1))
            return BadRequest("Page param must be a positive integer starting in 1");

        SearchRequest request;
        try
        {
            var filters = new List<SearchQuery>();
            if (query["fq"].ToString() is { Length: > 0 } fq) filters.Add(SearchQuery.Parse(fq));
            if (query["modified_since"].ToString() is { Length: > 0 } since)
            {
                if (DcatExtras.ParseDate(since) is not { } from) return BadRequest("Wrong modified date format. Use ISO-8601 format");
                filters.Add(new SearchQuery.Range("metadata_modified", from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"), null, Inclusive: true));
            }
            var start = (long)perPage * (page - 1);
            request = new SearchRequest(SearchQuery.Parse(query["q"].ToString()), filters, perPage, (int)Math.Min(start, int.MaxValue),
                "metadata_modified desc", [], 0, 1, IncludePrivate: false, IncludeDrafts: false, IncludeDeleted: false);
        }
        catch (CkanException e)
        {
            return BadRequest(e.Error["message"]?.ToString() ?? "The search query is invalid");
        }

        SearchResult result;
        try
        {
            result = await http.RequestServices.GetRequiredService<DatasetSearch>().RunAsync(request, [], ct);
        }
        catch (CkanException e)
        {
            return BadRequest(e.Error["message"]?.ToString() ?? "The search query is invalid");
        }
        var datasets = await http.RequestServices.GetRequiredService<DatasetManager>().LoadAsync(result.Ids, ct);
        var db = http.RequestServices.GetRequiredService<AgoraDbContext>();
        var modified = await db.Datasets.Where(d => d.State == DatasetState.Active && d.Visibility != Visibility.Private)
            .MaxAsync(d => (DateTime?)d.ModifiedAt, ct);

        var site = Site(http);
        var graph = new RdfGraph();
        var catalog = DcatProfile.Catalog(graph, site, options, modified);
        foreach (var dataset in datasets) graph.Add(catalog, Vocab.Dcat("dataset"), DcatProfile.Dataset(graph, site, dataset));
        if (result.Count > 0) DcatProfile.Paging(graph, Paging(http, site, page, perPage, result.Count, datasets.Count));
        return Document(graph, format);
    }

    /// <summary>ckanext-dcat's pagination info: the current, first and last pages always; the next page when
    /// there are more; the previous page after the first (the last page when asked beyond the end).</summary>
    static PagingInfo Paging(HttpContext http, string site, int page, int perPage, int count, int onPage)
    {
        var kept = http.Request.Query.Where(p => PageParameters.Contains(p.Key) && p.Value.ToString().Length > 0)
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value.ToString())}").ToList();
        var path = site + http.Request.Path;
        string Url(int n) => kept.Count == 0 ? $"{path}?page={n}" : $"{path}?{string.Join("&", kept)}&page={n}";

        var last = Math.Max(1, (int)Math.Ceiling(count / (double)perPage));
        string? previous = null;
        if (page > 1) previous = Url((long)(page - 1) * perPage + onPage <= count ? page - 1 : last);
        var next = (long)page * perPage < count ? Url(page + 1) : null;
        return new PagingInfo(count, perPage, Url(page), Url(1), Url(last), next, previous);
    }

    /// <summary>One dataset, to those who may read it as package_show decides; deleted ones are gone.</summary>
    static async Task<Results<ContentHttpResult, ProblemHttpResult>> DatasetAsync(string id, RdfFormat format, HttpContext http, CancellationToken ct)
    {
        var dataset = await http.RequestServices.GetRequiredService<DatasetManager>().FindAsync(id, ct);
        if (dataset is null || dataset.State == DatasetState.Deleted
            || !await http.RequestServices.GetRequiredService<CatalogAccess>().CanReadAsync(http.User, dataset, ct))
            return NotFound("Dataset not found");
        var graph = new RdfGraph();
        DcatProfile.Dataset(graph, Site(http), dataset);
        return Document(graph, format);
    }
}
