using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest;

/// <summary>A harvest source as the API shows it, with how its last job went.</summary>
public sealed record HarvestSourceDto(Guid Id, string Name, string Title, string Url, HarvestSourceType Type, string? Organisation,
    bool CreateOrganisations, bool IsActive, DateTime CreatedAt, HarvestJobDto? LastJob)
{
    public static HarvestSourceDto From(HarvestSource s, HarvestJob? last) => new(s.Id, s.Name, s.Title, s.Url, s.Type, s.OwnerOrg?.Slug,
        s.CreateOrganisations, s.IsActive, s.CreatedAt, last is null ? null : HarvestJobDto.From(last, s.Name));
}

/// <summary>A job and its counts; the report adds what happened to each dataset.</summary>
public sealed record HarvestJobDto(Guid Id, string Source, HarvestJobStatus Status, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
    int Created, int Updated, int Unchanged, int Deleted, int Failed, string? Error, IReadOnlyList<HarvestRecordDto>? Records = null)
{
    public static HarvestJobDto From(HarvestJob j, string source, bool withRecords = false) => new(j.Id, source, j.Status, j.CreatedAt,
        j.StartedAt, j.FinishedAt, j.Created, j.Updated, j.Unchanged, j.Deleted, j.Failed, j.Error,
        withRecords ? j.Records.OrderBy(r => r.Action).ThenBy(r => r.Title).Select(HarvestRecordDto.From).ToList() : null);
}

public sealed record HarvestRecordDto(string RemoteId, string? Title, HarvestAction Action, string? Dataset, string? Error)
{
    public static HarvestRecordDto From(HarvestRecord r) => new(r.RemoteId, r.Title, r.Action, r.DatasetName, r.Error);
}

/// <summary><c>/api/v1/harvest</c>: harvest sources and their jobs, for system administrators.</summary>
public static class HarvestApi
{
    public static RouteGroupBuilder MapHarvest(this IEndpointRouteBuilder app)
    {
        var harvest = app.MapGroup("/api/v1/harvest").WithTags("Harvesting").RequireAuthorization(Authentication.SysAdminPolicy);

        harvest.MapGet("/sources", ListSources).WithSummary("List harvest sources with their last job");
        harvest.MapPost("/sources", async (HarvestSourceInput input, ClaimsPrincipal caller, HarvestSources sources, CancellationToken ct) =>
        {
            var source = await sources.AddAsync(input, caller.UserId(), ct);
            return TypedResults.Created($"/api/v1/harvest/sources/{source.Name}", HarvestSourceDto.From(source, null));
        }).WithSummary("Add a harvest source (type ckan or dcat)");
        harvest.MapGet("/sources/{name}", async (string name, HarvestSources sources, AgoraDbContext db, CancellationToken ct) =>
        {
            var source = await sources.GetAsync(name, ct);
            return TypedResults.Ok(HarvestSourceDto.From(source, await LastJobAsync(db, source.Id, ct)));
        }).WithSummary("One harvest source");
        harvest.MapDelete("/sources/{name}", async (string name, HarvestSources sources, CancellationToken ct) =>
        {
            await sources.DeleteAsync(await sources.GetAsync(name, ct), ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a harvest source and its jobs (the harvested datasets stay)");
        harvest.MapPost("/sources/{name}/run", async (string name, ClaimsPrincipal caller, HarvestSources sources, CancellationToken ct) =>
        {
            var job = await sources.QueueAsync(await sources.GetAsync(name, ct), caller.UserId(), ct);
            return TypedResults.Accepted($"/api/v1/harvest/jobs/{job.Id}", HarvestJobDto.From(job, name));
        }).WithSummary("Queue a harvest job; a worker runs it (202 with the job)");
        harvest.MapGet("/sources/{name}/jobs", async (string name, HarvestSources sources, AgoraDbContext db, CancellationToken ct) =>
        {
            var source = await sources.GetAsync(name, ct);
            var jobs = await db.HarvestJobs.AsNoTracking().Where(j => j.SourceId == source.Id).OrderByDescending(j => j.CreatedAt).Take(100).ToListAsync(ct);
            return TypedResults.Ok(jobs.Select(j => HarvestJobDto.From(j, name)).ToList());
        }).WithSummary("The source's last 100 jobs");
        harvest.MapGet("/jobs/{id:guid}", async (Guid id, HarvestSources sources, CancellationToken ct) =>
        {
            var job = await sources.JobAsync(id, ct) ?? throw new NotFoundException($"No harvest job {id}.");
            return TypedResults.Ok(HarvestJobDto.From(job, job.Source.Name, withRecords: true));
        }).WithSummary("A job's report: what was created, updated, unchanged, deleted or failed, and why");
        return harvest;
    }

    static async Task<Ok<List<HarvestSourceDto>>> ListSources(AgoraDbContext db, CancellationToken ct)
    {
        var sources = await db.HarvestSources.AsNoTracking().Include(s => s.OwnerOrg).OrderBy(s => s.Name).ToListAsync(ct);
        var last = await LastJobsAsync(db, sources.Select(s => s.Id).ToList(), ct);
        return TypedResults.Ok(sources.Select(s => HarvestSourceDto.From(s, last.GetValueOrDefault(s.Id))).ToList());
    }

    /// <summary>The newest job of each of these sources, in one query.</summary>
    public static async Task<Dictionary<Guid, HarvestJob>> LastJobsAsync(AgoraDbContext db, IReadOnlyList<Guid> sourceIds, CancellationToken ct) =>
        (await db.HarvestJobs.AsNoTracking()
            .Where(j => sourceIds.Contains(j.SourceId) && j.CreatedAt == db.HarvestJobs.Where(k => k.SourceId == j.SourceId).Max(k => k.CreatedAt))
            .ToListAsync(ct))
            .DistinctBy(j => j.SourceId).ToDictionary(j => j.SourceId);

    public static Task<HarvestJob?> LastJobAsync(AgoraDbContext db, Guid sourceId, CancellationToken ct) =>
        db.HarvestJobs.AsNoTracking().Where(j => j.SourceId == sourceId).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync(ct);
}
