using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest;

/// <summary>What an administrator gives to add a source.</summary>
public sealed record HarvestSourceInput(string? Name, string? Title, string? Url, string? Type, string? Organisation = null, bool CreateOrganisations = false);

/// <summary>Adds, removes and starts harvest sources; the API, the pages and the CLI all come through here.</summary>
public sealed class HarvestSources(AgoraDbContext db, TimeProvider clock, HarvestSignal signal)
{
    /// <summary>How long a running job may go before a new run of its source treats it as abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(24);

    public Task<HarvestSource?> FindAsync(string name, CancellationToken ct) =>
        db.HarvestSources.Include(s => s.OwnerOrg).FirstOrDefaultAsync(s => s.Name == name, ct);

    public async Task<HarvestSource> GetAsync(string name, CancellationToken ct) =>
        await FindAsync(name, ct) ?? throw new NotFoundException($"No harvest source '{name}'.");

    public async Task<HarvestSource> AddAsync(HarvestSourceInput input, Guid? userId, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var url = input.Url?.Trim() ?? "";
        var type = input.Type?.Trim().ToLowerInvariant();
        var v = new Validator()
            .Check(AccountRules.IsSlug(name) && name.Length <= 100, "name", "Use 2–100 characters: lower-case letters, digits, '-' and '_'.")
            .Check(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && url.Length <= 2000, "url",
                "Give the source's address, starting with http:// or https://.")
            .Check(type is "ckan" or "dcat", "type", "Give the type: ckan (a CKAN portal) or dcat (a DCAT catalogue in JSON-LD).")
            .Check(input.Title is null || (input.Title.Trim().Length <= 200 && AccountRules.IsCleanText(input.Title)), "title", "Give a title of at most 200 characters.");
        Organisation? owner = null;
        if (!string.IsNullOrWhiteSpace(input.Organisation))
        {
            owner = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == input.Organisation.Trim(), ct);
            v.Check(owner is not null, "organisation", $"No organisation '{input.Organisation.Trim()}'.");
        }
        v.ThrowIfInvalid();
        if (await db.HarvestSources.AnyAsync(s => s.Name == name, ct)) throw new ConflictException($"There is already a harvest source named '{name}'.");
        var source = new HarvestSource
        {
            Name = name,
            Title = string.IsNullOrWhiteSpace(input.Title) ? name : input.Title.Trim(),
            Url = url,
            Type = type == "ckan" ? HarvestSourceType.Ckan : HarvestSourceType.Dcat,
            OwnerOrgId = owner?.Id,
            OwnerOrg = owner,
            CreateOrganisations = input.CreateOrganisations,
            CreatedByUserId = userId,
            CreatedAt = clock.UtcNow(),
        };
        db.HarvestSources.Add(source);
        await db.SaveChangesAsync(ct);
        return source;
    }

    /// <summary>Removes the source, its jobs and its links; the datasets it brought stay.</summary>
    public async Task DeleteAsync(HarvestSource source, CancellationToken ct)
    {
        if (await db.HarvestJobs.AnyAsync(j => j.SourceId == source.Id && j.Status == HarvestJobStatus.Running, ct))
            throw new ConflictException("A harvest of this source is running; delete it when the job has finished.");
        db.HarvestSources.Remove(source);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Queues a job for the workers (web UI and API).</summary>
    public async Task<HarvestJob> QueueAsync(HarvestSource source, Guid? userId, CancellationToken ct)
    {
        var job = await NewJobAsync(source, userId, HarvestJobStatus.Queued, ct);
        signal.Notify();
        return job;
    }

    /// <summary>A job that starts at once in this process (the CLI), so no worker claims it.</summary>
    public Task<HarvestJob> StartInlineAsync(HarvestSource source, Guid? userId, CancellationToken ct) =>
        NewJobAsync(source, userId, HarvestJobStatus.Running, ct);

    async Task<HarvestJob> NewJobAsync(HarvestSource source, Guid? userId, HarvestJobStatus status, CancellationToken ct)
    {
        if (!source.IsActive) throw new ConflictException($"The harvest source '{source.Name}' is not active.");
        // A node that died mid-job leaves it running; after a day it no longer blocks the source.
        var now = clock.UtcNow();
        var abandoned = now - AbandonedAfter;
        await db.HarvestJobs.Where(j => j.SourceId == source.Id && j.Status == HarvestJobStatus.Running && j.StartedAt < abandoned)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, HarvestJobStatus.Failed).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, "Abandoned: the node running it stopped before it finished."), ct);
        // As ckanext-harvest: one unfinished job per source at a time.
        if (await db.HarvestJobs.AnyAsync(j => j.SourceId == source.Id && (j.Status == HarvestJobStatus.Queued || j.Status == HarvestJobStatus.Running), ct))
            throw new ConflictException($"A harvest of '{source.Name}' is already queued or running.");
        var job = new HarvestJob
        {
            SourceId = source.Id, Status = status, RequestedByUserId = userId, CreatedAt = now,
            StartedAt = status == HarvestJobStatus.Running ? now : null,
        };
        db.HarvestJobs.Add(job);
        await db.SaveChangesAsync(ct);
        job.Source = source;
        return job;
    }

    /// <summary>Claims the oldest queued job for this node. The conditional UPDATE lets exactly one
    /// node win when several share the database.</summary>
    public static async Task<Guid?> ClaimNextAsync(AgoraDbContext db, DateTime now, CancellationToken ct)
    {
        while (true)
        {
            var candidate = await db.HarvestJobs.Where(j => j.Status == HarvestJobStatus.Queued).OrderBy(j => j.CreatedAt)
                .Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct);
            if (candidate is null) return null;
            var claimed = await db.HarvestJobs.Where(j => j.Id == candidate && j.Status == HarvestJobStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, HarvestJobStatus.Running).SetProperty(j => j.StartedAt, now), ct);
            if (claimed == 1) return candidate;
        }
    }

    /// <summary>The job with its records, for the report.</summary>
    public Task<HarvestJob?> JobAsync(Guid id, CancellationToken ct) =>
        db.HarvestJobs.AsNoTracking().Include(j => j.Source).Include(j => j.Records).FirstOrDefaultAsync(j => j.Id == id, ct);
}

/// <summary>Wakes this node's worker when a job is queued here, so it need not wait for its next poll.</summary>
public sealed class HarvestSignal
{
    readonly SemaphoreSlim signal = new(0);

    public void Notify()
    {
        if (signal.CurrentCount == 0) signal.Release();
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>Runs queued harvest jobs on each node; any number of nodes may share one database.</summary>
public sealed class HarvestWorker(IServiceScopeFactory scopes, HarvestRunner runner, HarvestSignal signal, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AgoraOptions> options, ILogger<HarvestWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.HarvestPollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Guid? job;
                await using (var scope = scopes.CreateAsyncScope())
                    job = await HarvestSources.ClaimNextAsync(scope.ServiceProvider.GetRequiredService<AgoraDbContext>(), clock.UtcNow(), stoppingToken);
                if (job is { } id)
                {
                    await runner.RunAsync(id, null, stoppingToken);
                    continue;
                }
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Looking for harvest jobs failed; trying again shortly");
                try { await Task.Delay(poll, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}

public static class HarvestSetup
{
    public static IServiceCollection AddHarvesting(this IServiceCollection services)
    {
        services.AddHttpClient(HarvestRunner.HttpClientName, c =>
        {
            c.Timeout = TimeSpan.FromSeconds(60);
            c.DefaultRequestHeaders.UserAgent.ParseAdd("Agora-harvester/1.0");
        });
        services.AddScoped<HarvestSources>();
        services.AddSingleton<HarvestSignal>();
        services.AddSingleton<HarvestRunner>();
        services.AddHostedService<HarvestWorker>();
        return services;
    }
}
