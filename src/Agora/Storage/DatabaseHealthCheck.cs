using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agora.Storage;

/// <summary>Ready only while the database answers: a load balancer stops sending a node
/// traffic when it cannot reach the database.</summary>
public sealed class DatabaseHealthCheck(AgoraDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
