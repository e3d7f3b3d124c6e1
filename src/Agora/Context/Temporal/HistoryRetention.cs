using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Context.Temporal;

/// <summary>Forgets attribute history older than <c>Agora:Context:HistoryRetention</c> (unset: keep
/// everything). Runs at start and then hourly on every node; rows go in batches through group commit,
/// so a large first sweep never holds the writer for long.</summary>
public sealed class HistoryRetention(GroupCommit writer, IOptions<ContextOptions> options, TimeProvider clock,
    ILogger<HistoryRetention> log) : BackgroundService
{
    const int BatchSize = 5000;
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (options.Value.HistoryRetention is null) return;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var deleted = await SweepAsync(stop);
                if (deleted > 0) log.LogInformation("Forgot {Count} history rows older than the retention of {Retention}", deleted, options.Value.HistoryRetention);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sweeping old context history failed; trying again in an hour");
            }
            try { await Task.Delay(Every, stop); } catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Deletes history recorded before now − retention; returns how many rows went.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (options.Value.HistoryRetention is not { } retention) return 0;
        var cutoff = clock.UtcNow() - retention;
        var total = 0;
        while (true)
        {
            var deleted = await writer.RunAsync((db, token) =>
                db.NgsiHistory.Where(h => db.NgsiHistory.Where(o => o.RecordedAt < cutoff).OrderBy(o => o.Seq).Take(BatchSize)
                    .Select(o => o.Seq).Contains(h.Seq)).ExecuteDeleteAsync(token), ct);
            total += deleted;
            if (deleted < BatchSize) return total;
        }
    }
}
