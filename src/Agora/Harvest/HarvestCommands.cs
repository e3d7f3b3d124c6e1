using System.CommandLine;
using Agora.Cli;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Harvest;

/// <summary><c>agora harvest add | list | run | jobs</c>: harvesting from the shell. <c>run</c>
/// harvests in this process, with a progress bar, and prints the job's report.</summary>
static class HarvestCommands
{
    public static Command Harvest()
    {
        var harvest = new Command("harvest", "Harvest datasets from other catalogues (CKAN portals, DCAT catalogues).");

        var name = new Option<string>("--name") { Description = "Short unique name of the source (a-z, 0-9, - and _).", Required = true };
        var url = new Option<string>("--url") { Description = "The portal's address (CKAN) or the catalogue's JSON-LD address (DCAT).", Required = true };
        var type = new Option<string>("--type") { Description = "ckan or dcat.", Required = true };
        var title = new Option<string?>("--title") { Description = "Title shown on harvested datasets; the name if left out." };
        var org = new Option<string?>("--org") { Description = "Organisation (slug) that owns datasets whose own organisation is not found here." };
        var createOrgs = new Option<bool>("--create-orgs") { Description = "Create remote organisations that do not exist here." };
        var add = new Command("add", "Add a harvest source.") { name, url, type, title, org, createOrgs };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var source = await services.GetRequiredService<HarvestSources>().AddAsync(new HarvestSourceInput(result.GetValue(name), result.GetValue(title),
                result.GetValue(url), result.GetValue(type), result.GetValue(org), result.GetValue(createOrgs)), null, ct);
            Console.WriteLine($"Added harvest source '{source.Name}' ({source.Type.ToString().ToLowerInvariant()}, {source.Url}).");
            return 0;
        }));
        harvest.Subcommands.Add(add);

        var list = new Command("list", "List harvest sources and how their last job went.") { TreatUnmatchedTokensAsErrors = false };
        list.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var db = services.GetRequiredService<AgoraDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var sources = await db.HarvestSources.AsNoTracking().Include(s => s.OwnerOrg).OrderBy(s => s.Name).ToListAsync(ct);
            var lastJobs = await HarvestApi.LastJobsAsync(db, sources.Select(s => s.Id).ToList(), ct);
            var rows = new List<string?[]>();
            foreach (var s in sources)
            {
                var last = lastJobs.GetValueOrDefault(s.Id);
                rows.Add([s.Name, s.Type.ToString().ToLowerInvariant(), s.Url, s.OwnerOrg?.Slug, s.CreateOrganisations ? "yes" : "no",
                    last is null ? "never run" : $"{last.Status.ToString().ToLowerInvariant()} {last.CreatedAt:u}"]);
            }
            AgoraCli.PrintTable(["NAME", "TYPE", "URL", "ORG", "CREATE ORGS", "LAST JOB"], rows);
            return 0;
        }));
        harvest.Subcommands.Add(list);

        var source = new Argument<string>("name") { Description = "The harvest source's name." };
        var run = new Command("run", "Harvest a source now, in this process, and print the report.") { source };
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var sources = services.GetRequiredService<HarvestSources>();
            var found = await sources.GetAsync(result.GetValue(source)!, ct);
            var job = await sources.StartInlineAsync(found, null, ct);
            var bar = new ProgressBar(Console.Error);
            await services.GetRequiredService<HarvestRunner>().RunAsync(job.Id, bar, ct);
            bar.Done();
            var report = (await sources.JobAsync(job.Id, ct))!;
            PrintReport(report);
            return report.Status == HarvestJobStatus.Finished ? 0 : 1;
        }));
        harvest.Subcommands.Add(run);

        var jobsOf = new Argument<string>("name") { Description = "The harvest source's name." };
        var jobs = new Command("jobs", "List a source's jobs, newest first.") { jobsOf };
        jobs.TreatUnmatchedTokensAsErrors = false;
        jobs.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var found = await services.GetRequiredService<HarvestSources>().GetAsync(result.GetValue(jobsOf)!, ct);
            var list = await services.GetRequiredService<AgoraDbContext>().HarvestJobs.AsNoTracking().Where(j => j.SourceId == found.Id)
                .OrderByDescending(j => j.CreatedAt).Take(50).ToListAsync(ct);
            AgoraCli.PrintTable(["ID", "STATUS", "STARTED", "FINISHED", "CREATED", "UPDATED", "UNCHANGED", "DELETED", "FAILED", "ERROR"],
                list.Select(j => new[]
                {
                    j.Id.ToString(), j.Status.ToString().ToLowerInvariant(), j.StartedAt?.ToString("u"), j.FinishedAt?.ToString("u"),
                    j.Created.ToString(), j.Updated.ToString(), j.Unchanged.ToString(), j.Deleted.ToString(), j.Failed.ToString(), j.Error,
                }));
            return 0;
        }));
        harvest.Subcommands.Add(jobs);
        return harvest;
    }

    static void PrintReport(HarvestJob job)
    {
        if (job.Status == HarvestJobStatus.Failed)
        {
            Console.WriteLine($"Harvest of '{job.Source.Name}' failed: {job.Error}");
            if (job.Records.Count == 0) return;
        }
        else Console.WriteLine($"Harvest of '{job.Source.Name}' finished.");
        Console.WriteLine($"Created: {job.Created}  Updated: {job.Updated}  Unchanged: {job.Unchanged}  Deleted: {job.Deleted}  Failed: {job.Failed}");
        foreach (var group in job.Records.Where(r => r.Action != HarvestAction.Unchanged).GroupBy(r => r.Action).OrderBy(g => g.Key))
        {
            Console.WriteLine($"{group.Key}:");
            foreach (var r in group.OrderBy(r => r.Title))
                Console.WriteLine(r.Action == HarvestAction.Failed
                    ? $"  {r.Title ?? r.RemoteId} ({r.RemoteId}): {r.Error}"
                    : $"  {r.DatasetName} — {r.Title}");
        }
    }

    /// <summary>A text progress bar on stderr that redraws in place; when stderr is not a terminal
    /// it prints nothing until the end, so logs stay readable.</summary>
    sealed class ProgressBar(TextWriter output) : IProgress<HarvestProgress>
    {
        readonly bool interactive = !Console.IsErrorRedirected;
        HarvestProgress? last;

        public void Report(HarvestProgress value)
        {
            last = value;
            if (!interactive) return;
            const int width = 30;
            var filled = value.Total == 0 ? 0 : value.Done * width / value.Total;
            var label = value.Current ?? "";
            if (label.Length > 40) label = label[..39] + "…";
            output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {value.Done}/{value.Total} {label}".PadRight(90));
            output.Flush();
        }

        public void Done()
        {
            if (interactive) output.WriteLine();
            else if (last is { Total: > 0 } l) output.WriteLine($"Harvested {l.Done} of {l.Total} datasets.");
        }
    }
}
