using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Catalog;
using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest;

/// <summary>Where a running job is, for the CLI's progress bar.</summary>
public sealed record HarvestProgress(int Done, int Total, string? Current);

/// <summary>Runs a harvest job: gathers the source's datasets, then imports each one through
/// DatasetManager (so validation, the search index and the activity stream stay right), each in
/// a scope of its own so that one dataset's failure leaves nothing behind and does not stop the job.</summary>
public sealed class HarvestRunner(IServiceScopeFactory scopes, IHttpClientFactory httpClients, TimeProvider clock, ILogger<HarvestRunner> log)
{
    public const string HttpClientName = "harvest";

    /// <summary>Runs a job that is already marked running (claimed by a worker or started by the CLI).</summary>
    public async Task RunAsync(Guid jobId, IProgress<HarvestProgress>? progress, CancellationToken ct)
    {
        try
        {
            await RunJobAsync(jobId, progress, ct);
        }
        catch (HarvestSourceException e)
        {
            await FinishAsync(jobId, HarvestJobStatus.Failed, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await FinishAsync(jobId, HarvestJobStatus.Failed, "The harvest was stopped before it finished (the node shut down).");
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Harvest job {Job} failed", jobId);
            await FinishAsync(jobId, HarvestJobStatus.Failed, $"The harvest stopped on an unexpected error: {e.Message}");
        }
    }

    async Task RunJobAsync(Guid jobId, IProgress<HarvestProgress>? progress, CancellationToken ct)
    {
        HarvestSource source;
        DateTime? since = null;
        ClaimsPrincipal harvester;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var job = await db.HarvestJobs.AsNoTracking().Include(j => j.Source).FirstAsync(j => j.Id == jobId, ct);
            source = job.Source;
            // As ckanext-harvest: incremental only after a job that finished without any error.
            since = await db.HarvestJobs.Where(j => j.SourceId == source.Id && j.Id != jobId && j.Status == HarvestJobStatus.Finished && j.Failed == 0)
                .OrderByDescending(j => j.StartedAt).Select(j => j.StartedAt).FirstOrDefaultAsync(ct);
            harvester = await HarvesterAsync(db, job.RequestedByUserId ?? source.CreatedByUserId, ct)
                ?? throw new HarvestSourceException("There is no system administrator to harvest as: create one first (agora user create --sysadmin).");
        }

        progress?.Report(new HarvestProgress(0, 0, "Reading the source…"));
        var http = httpClients.CreateClient(HttpClientName);
        List<RemoteDataset> remote;
        if (source.Type == HarvestSourceType.Ckan)
        {
            remote = since is { } start
                ? await GatherIncrementalAsync(http, source.Url, CkanHarvester.SinceQuery(start), ct)
                : await CkanHarvester.GatherAsync(http, source.Url, null, ct);
        }
        else remote = await DcatHarvester.GatherAsync(http, source.Url, ct);

        var total = remote.Count;
        var done = 0;
        foreach (var dataset in remote)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new HarvestProgress(done, total, dataset.Title));
            await ImportOneAsync(jobId, source, dataset, harvester, ct);
            done++;
        }
        // A DCAT catalogue is read whole each time, so what it no longer lists is gone (as ckanext-dcat does).
        if (source.Type == HarvestSourceType.Dcat) await DeleteMissingAsync(jobId, source, remote, harvester, ct);
        progress?.Report(new HarvestProgress(done, total, null));
        await FinishAsync(jobId, HarvestJobStatus.Finished, null);
    }

    /// <summary>A search for changes that fails falls back to reading everything, as ckanext-harvest does.</summary>
    async Task<List<RemoteDataset>> GatherIncrementalAsync(HttpClient http, string url, string fq, CancellationToken ct)
    {
        try
        {
            return await CkanHarvester.GatherAsync(http, url, fq, ct);
        }
        catch (HarvestSourceException e) when (!e.Message.StartsWith("Could not reach", StringComparison.Ordinal))
        {
            log.LogInformation("Searching {Url} for changes failed ({Message}); harvesting everything", url, e.Message);
            return await CkanHarvester.GatherAsync(http, url, null, ct);
        }
    }

    static async Task<ClaimsPrincipal?> HarvesterAsync(AgoraDbContext db, Guid? userId, CancellationToken ct)
    {
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && !u.IsDisabled, ct);
        user ??= await db.Users.AsNoTracking().Where(u => u.IsSysAdmin && !u.IsDisabled).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        // The job acts with the rights of harvesting itself: it writes into whichever organisation the source says.
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(Authentication.SysAdminClaim, "true"),
        ], "harvest"));
    }

    async Task ImportOneAsync(Guid jobId, HarvestSource source, RemoteDataset remote, ClaimsPrincipal harvester, CancellationToken ct)
    {
        var record = new HarvestRecord { JobId = jobId, RemoteId = Clip(remote.RemoteId, 2000)!, Title = Clip(remote.Title, 1000) };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var manager = scope.ServiceProvider.GetRequiredService<DatasetManager>();
            var link = await db.HarvestLinks.FirstOrDefaultAsync(l => l.SourceId == source.Id && l.RemoteId == remote.RemoteId, ct);
            var existing = link is null ? null : await manager.FindAsync(link.DatasetId.ToString(), ct);

            var input = (JsonObject)remote.Package.DeepClone();
            await KeepLocalGroupsAsync(db, input, ct);
            if (await OwnerAsync(scope.ServiceProvider, source, remote.Organisation, ct) is { } owner) input["owner_org"] = owner;
            var extras = input["extras"] as JsonArray ?? [];
            extras.Add(new JsonObject { ["key"] = "harvest_source_title", ["value"] = source.Title });
            if (remote.RemoteUrl is not null) extras.Add(new JsonObject { ["key"] = "harvest_url", ["value"] = remote.RemoteUrl });
            input["extras"] = extras;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.ToJsonString())));

            Dataset saved;
            if (existing is not null && link is not null)
            {
                if (link.ContentHash == hash && existing.State == DatasetState.Active)
                {
                    record.Action = HarvestAction.Unchanged;
                    record.DatasetId = existing.Id;
                    record.DatasetName = existing.Name;
                    await RecordAsync(db, record, ct);
                    return;
                }
                // The local name stays (it may have been changed to avoid a clash); resources keep their ids by position.
                input["id"] = existing.Id.ToString();
                input["name"] = existing.Name;
                input["state"] = "active";
                var local = existing.Resources.OrderBy(r => r.Position).ToList();
                if (input["resources"] is JsonArray resources)
                    for (var i = 0; i < resources.Count && i < local.Count; i++)
                        if (resources[i] is JsonObject r) r["id"] = local[i].Id.ToString();
                saved = await manager.UpdateAsync(input, harvester, ct);
                record.Action = HarvestAction.Updated;
                link.ContentHash = hash;
                link.HarvestedAt = clock.UtcNow();
            }
            else
            {
                if (link is not null) db.HarvestLinks.Remove(link); // its dataset was purged here: harvest it again
                input["name"] = await UniqueNameAsync(db, input["name"]?.ToString() ?? remote.Title ?? remote.RemoteId, ct);
                saved = await manager.CreateAsync(input, harvester, ct);
                record.Action = HarvestAction.Created;
                db.HarvestLinks.Add(new HarvestLink
                {
                    SourceId = source.Id, RemoteId = remote.RemoteId, DatasetId = saved.Id, ContentHash = hash, HarvestedAt = clock.UtcNow(),
                });
            }
            record.DatasetId = saved.Id;
            record.DatasetName = saved.Name;
            await RecordAsync(db, record, ct);
        }
        catch (CkanException e)
        {
            await FailAsync(record, Describe(e), ct);
        }
        catch (Exception e) when (e is DbUpdateException or Web.InvalidInputException or Web.ConflictException)
        {
            await FailAsync(record, $"Could not store the dataset: {(e as DbUpdateException)?.InnerException?.Message ?? e.Message}", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One odd dataset must not stop the job; what went wrong stays in the log for the operator.
            log.LogWarning(e, "Harvesting {RemoteId} from {Source} failed", remote.RemoteId, source.Name);
            await FailAsync(record, $"Could not import the dataset: {e.Message}", ct);
        }
    }

    async Task FailAsync(HarvestRecord record, string message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        record.Action = HarvestAction.Failed;
        record.DatasetId = null;
        record.Error = Clip(message, 4000);
        await RecordAsync(scope.ServiceProvider.GetRequiredService<AgoraDbContext>(), record, ct);
    }

    /// <summary>Saves the record (and whatever else is pending in its scope, the link) and counts it on the job.</summary>
    static async Task RecordAsync(AgoraDbContext db, HarvestRecord record, CancellationToken ct)
    {
        db.HarvestRecords.Add(record);
        await db.SaveChangesAsync(ct);
        var jobs = db.HarvestJobs.Where(j => j.Id == record.JobId);
        await (record.Action switch
        {
            HarvestAction.Created => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Created, j => j.Created + 1), ct),
            HarvestAction.Updated => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Updated, j => j.Updated + 1), ct),
            HarvestAction.Unchanged => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Unchanged, j => j.Unchanged + 1), ct),
            HarvestAction.Deleted => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Deleted, j => j.Deleted + 1), ct),
            _ => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Failed, j => j.Failed + 1), ct),
        });
    }

    /// <summary>CKAN's error as the report shows it: the type, then each field and its messages.</summary>
    public static string Describe(CkanException e)
    {
        var type = e.Error["__type"]?.ToString() ?? "Error";
        var parts = e.Error.Where(p => p.Key != "__type").Select(p => p.Key == "message" ? p.Value?.ToString() : $"{p.Key}: {Flatten(p.Value)}");
        return $"{type}: {string.Join("; ", parts)}";
    }

    static string Flatten(JsonNode? node) => node switch
    {
        JsonArray a when a.All(x => x is JsonValue) => string.Join(" ", a.Select(x => x!.ToString())),
        JsonArray a => string.Join(" ", a.Select((x, i) => x is JsonObject o && o.Count > 0
            ? $"[{i}] " + string.Join(", ", o.Select(p => $"{p.Key}: {Flatten(p.Value)}")) : null).Where(x => x is not null)),
        null => "",
        _ => node.ToString(),
    };

    /// <summary>Remote groups that exist here by name; the others are left out.</summary>
    static async Task KeepLocalGroupsAsync(AgoraDbContext db, JsonObject input, CancellationToken ct)
    {
        var names = (input["groups"] as JsonArray ?? []).Select(g => g?["name"]?.ToString()).OfType<string>().ToList();
        var local = names.Count == 0 ? [] : await db.Groups.Where(g => names.Contains(g.Name)).Select(g => g.Name).ToListAsync(ct);
        input["groups"] = new JsonArray(local.Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
    }

    /// <summary>The remote organisation when it exists here by name, or is created when the source
    /// allows it (ckanext-harvest's remote_orgs: create); else the source's default organisation.</summary>
    static async Task<string?> OwnerAsync(IServiceProvider services, HarvestSource source, RemoteOrganisation? remote, CancellationToken ct)
    {
        var db = services.GetRequiredService<AgoraDbContext>();
        var fallback = source.OwnerOrgId is { } id ? await db.Organisations.Where(o => o.Id == id).Select(o => o.Slug).FirstOrDefaultAsync(ct) : null;
        if (remote is null) return fallback;
        var slug = AccountRules.IsOrganisationSlug(remote.Name) ? remote.Name : AccountRules.Slugify(remote.Name);
        if (await db.Organisations.AnyAsync(o => o.Slug == slug, ct)) return slug;
        if (!source.CreateOrganisations) return fallback;
        try
        {
            // CKAN does not say what kind of body publishes; an open data portal's publishers are mostly public agencies.
            var created = await services.GetRequiredService<AccountManager>().CreateOrganisationAsync(new OrganisationInput(
                Clip(remote.Title, 200)!, slug, OrganisationKind.PublicAgency, GovernmentLevel.Municipal, null, null, null,
                string.IsNullOrWhiteSpace(remote.Description) ? null : remote.Description), creator: null, ct);
            return created.Slug;
        }
        catch (Exception e) when (e is Web.InvalidInputException or Web.ConflictException)
        {
            return fallback;
        }
    }

    /// <summary>The remote name made valid here and free: ckanext-harvest's _gen_new_name with a
    /// number sequence (bus-stops, bus-stops1, bus-stops2…).</summary>
    public static async Task<string> UniqueNameAsync(AgoraDbContext db, string wanted, CancellationToken ct)
    {
        var ideal = MungeName(wanted);
        var prefix = ideal[..Math.Min(ideal.Length, 97)];
        var taken = (await db.Datasets.Where(d => d.Name.StartsWith(prefix) && d.State != DatasetState.Deleted).Select(d => d.Name).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        if (!taken.Contains(ideal)) return ideal;
        for (var counter = 1; counter <= 999; counter++)
        {
            var suffix = counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = ideal[..Math.Min(ideal.Length, 100 - suffix.Length)] + suffix;
            if (!taken.Contains(candidate)) return candidate;
        }
        return ideal[..Math.Min(ideal.Length, 94)] + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5];
    }

    /// <summary>CKAN's munge_title_to_name: lower case, runs of other characters to one dash, 2–100 characters.</summary>
    public static string MungeName(string text)
    {
        var folded = new string(text.Replace("æ", "ae").Replace("Æ", "Ae").Replace("ø", "o").Replace("Ø", "O").Replace("ß", "ss")
            .Normalize(NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .ToArray()).ToLowerInvariant();
        var name = new string(folded.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' ? c : '-').ToArray());
        while (name.Contains("--", StringComparison.Ordinal)) name = name.Replace("--", "-", StringComparison.Ordinal);
        name = name.Trim('-');
        if (name.Length > 100) name = name[..100].TrimEnd('-');
        return name.Length >= 2 && name is not ("new" or "edit" or "search") ? name : "dataset-" + (name.Length > 0 ? name : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));
    }

    async Task DeleteMissingAsync(Guid jobId, HarvestSource source, List<RemoteDataset> remote, ClaimsPrincipal harvester, CancellationToken ct)
    {
        var present = remote.Select(r => r.RemoteId).ToHashSet(StringComparer.Ordinal);
        List<HarvestLink> links;
        await using (var scope = scopes.CreateAsyncScope())
            links = await scope.ServiceProvider.GetRequiredService<AgoraDbContext>().HarvestLinks.AsNoTracking()
                .Where(l => l.SourceId == source.Id).ToListAsync(ct);
        foreach (var gone in links.Where(l => !present.Contains(l.RemoteId)))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
            var manager = scope.ServiceProvider.GetRequiredService<DatasetManager>();
            var record = new HarvestRecord { JobId = jobId, RemoteId = Clip(gone.RemoteId, 2000)!, DatasetId = gone.DatasetId, Action = HarvestAction.Deleted };
            var dataset = await manager.FindAsync(gone.DatasetId.ToString(), ct);
            record.DatasetName = dataset?.Name;
            record.Title = dataset?.Title;
            if (dataset is { State: not DatasetState.Deleted }) await manager.DeleteAsync(dataset.Id.ToString(), harvester, ct);
            db.HarvestLinks.Remove(await db.HarvestLinks.FirstAsync(l => l.SourceId == gone.SourceId && l.RemoteId == gone.RemoteId, ct));
            await RecordAsync(db, record, ct);
        }
    }

    async Task FinishAsync(Guid jobId, HarvestJobStatus status, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var now = clock.UtcNow();
        var message = Clip(error, 2000);
        await db.HarvestJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, message));
    }

    static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
