namespace Agora.Procurement;

/// <summary>Open Contracting ids: the configured prefix (<c>Agora:Ocds:Prefix</c>, registered with the
/// OCDS registry; <c>ocds-agora0</c> until one is) followed by the process's own id.</summary>
public static class OcdsIds
{
    public const string DefaultPrefix = "ocds-agora0";

    public static string Prefix(IConfiguration config) =>
        config["Agora:Ocds:Prefix"] is { Length: > 0 } prefix ? prefix.TrimEnd('-') : DefaultPrefix;

    /// <summary>A procedure's contracting process: "{prefix}-{id}".</summary>
    public static string ForProcedure(IConfiguration config, Guid procedureId) => $"{Prefix(config)}-{procedureId}";

    /// <summary>A challenge's planning process: "{prefix}-ch-{id}".</summary>
    public static string ForChallenge(IConfiguration config, Guid challengeId) => $"{Prefix(config)}-ch-{challengeId}";
}
