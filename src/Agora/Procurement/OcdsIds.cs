namespace Agora.Procurement;

/// <summary>Open Contracting ids: every process gets the configured prefix (<c>Agora:Ocds:Prefix</c>,
/// registered with the OCDS helpdesk for a real deployment) followed by its own id.</summary>
public static class OcdsIds
{
    public const string DefaultPrefix = "ocds-agora0";

    public static string Prefix(IConfiguration configuration) =>
        configuration["Agora:Ocds:Prefix"] is { Length: > 0 } prefix ? prefix.Trim() : DefaultPrefix;

    /// <summary>A challenge is a planning process of its own: <c>{prefix}-ch-{id}</c>.</summary>
    public static string ForChallenge(IConfiguration configuration, Guid challengeId) => $"{Prefix(configuration)}-ch-{challengeId}";
}
