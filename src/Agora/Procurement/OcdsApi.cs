using System.Text.Json.Nodes;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Procurement;

/// <summary>Open Contracting Data Standard 1.1 packages built from the stored releases: release packages
/// of a procedure, of a challenge (its planning process) and of one release, and record packages with
/// the compiled release. Only published processes have releases; anything else is a 404.</summary>
public static class OcdsApi
{
    public static RouteGroupBuilder MapOcds(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Open Contracting").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/procurements/{id}/ocds", Procedure).WithSummary("OCDS release package of a procedure: every release of its process");
        api.MapGet("/challenges/{slug}/ocds", Challenge).WithSummary("OCDS release package of a challenge's planning process");
        api.MapGet("/ocds/records/{ocid}", Record).WithSummary("OCDS record package of a process, with every release and the compiled release");
        api.MapGet("/ocds/releases/{id}", Release).WithSummary("OCDS release package holding one release");
        return api;
    }

    static async Task<Ok<JsonObject>> Procedure(string id, HttpContext http, AgoraDbContext db, CancellationToken ct)
    {
        var ocid = Guid.TryParse(id, out var guid)
            ? await db.Procedures.Where(p => p.Id == guid).Select(p => p.Ocid).FirstOrDefaultAsync(ct)
            : null;
        return TypedResults.Ok(ReleasePackage(http, await ReleasesAsync(db, ocid, ct)));
    }

    static async Task<Ok<JsonObject>> Challenge(string slug, HttpContext http, AgoraDbContext db, CancellationToken ct)
    {
        var ocid = await db.Challenges.Where(c => c.Slug == slug).Select(c => c.Ocid).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(ReleasePackage(http, await ReleasesAsync(db, ocid, ct)));
    }

    static async Task<Ok<JsonObject>> Release(string id, HttpContext http, AgoraDbContext db, CancellationToken ct)
    {
        var row = await db.OcdsReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException($"There is no OCDS release '{id}'.");
        return TypedResults.Ok(ReleasePackage(http, [row]));
    }

    static async Task<Ok<JsonObject>> Record(string ocid, HttpContext http, AgoraDbContext db, CancellationToken ct)
    {
        var rows = await ReleasesAsync(db, ocid, ct);
        var releases = rows.Select(r => JsonNode.Parse(r.Json)!.AsObject()).ToList();
        var record = new JsonObject
        {
            ["ocid"] = ocid,
            ["releases"] = new JsonArray([.. releases.Select(r => r.DeepClone())]),
            ["compiledRelease"] = OcdsMerge.Compile(releases, ocid),
        };
        var package = Envelope(http, rows);
        package["records"] = new JsonArray(record);
        return TypedResults.Ok(package);
    }

    /// <summary>The releases of a process, oldest first; 404 when it has none (unknown, or a draft).</summary>
    static async Task<List<OcdsRelease>> ReleasesAsync(AgoraDbContext db, string? ocid, CancellationToken ct)
    {
        var rows = ocid is null ? [] : await db.OcdsReleases.AsNoTracking().Where(r => r.Ocid == ocid).ToListAsync(ct);
        if (rows.Count == 0) throw new NotFoundException("There is no published contracting process with this identifier.");
        return [.. rows.OrderBy(r => r.Date).ThenBy(r => OcdsPublisher.Number(r.Id, r.Ocid))];
    }

    static JsonObject ReleasePackage(HttpContext http, List<OcdsRelease> rows)
    {
        var package = Envelope(http, rows);
        package["releases"] = new JsonArray([.. rows.Select(r => JsonNode.Parse(r.Json))]);
        return package;
    }

    /// <summary>The package metadata. A package made on demand is dated by its newest release.</summary>
    static JsonObject Envelope(HttpContext http, List<OcdsRelease> rows)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value;
        var configuration = http.RequestServices.GetRequiredService<IConfiguration>();
        var site = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? Catalog.Ckan.CkanApi.SiteUrl(http.Request) : options.PublicBaseUrl.Trim().TrimEnd('/');
        return new JsonObject
        {
            ["uri"] = site + http.Request.Path.ToUriComponent(),
            ["version"] = OcdsJson.Version,
            ["extensions"] = new JsonArray([.. OcdsJson.Extensions.Select(e => (JsonNode)e)]),
            ["publishedDate"] = OcdsJson.Date(rows.Max(r => r.Date)),
            ["publisher"] = new JsonObject { ["name"] = configuration["Agora:Ocds:PublisherName"] is { Length: > 0 } name ? name : "Agora" },
        };
    }
}
