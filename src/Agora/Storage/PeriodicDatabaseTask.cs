using Microsoft.EntityFrameworkCore;

namespace Agora.Storage;

/// <summary>Housekeeping that runs against the database on a fixed beat, each round in a scope of its
/// own; a failed round is logged and the next one tried. Subclasses say what a round does.</summary>
public abstract class PeriodicDatabaseTask(IServiceScopeFactory scopes, ILogger log, TimeSpan every) : BackgroundService
{
    /// <summary>Whether this node runs the task at all (checked once, at start).</summary>
    protected virtual bool Enabled => true;

    /// <summary>One round; <paramref name="db"/> belongs to this round's scope.</summary>
    protected abstract Task RunOnceAsync(AgoraDbContext db, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!Enabled) return;
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunOnceAsync(scope.ServiceProvider.GetRequiredService<AgoraDbContext>(), stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "{Task} failed; trying again in {Every}", GetType().Name, every);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
