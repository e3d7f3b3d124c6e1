namespace Agora.Procurement;

/// <summary>Open Contracting ids: the publisher's registered prefix (<c>Agora:Ocds:Prefix</c>, "ocds-" and six
/// characters) and the process's own id. Challenges are planning processes of their own ("-ch-").</summary>
public static class OcdsIds
{
    public const string DefaultPrefix = "ocds-agora0";

    public static string Prefix(IConfiguration configuration) => configuration["Agora:Ocds:Prefix"] is { Length: > 0 } p ? p : DefaultPrefix;

    public static string ForProcedure(IConfiguration configuration, Guid id) => $"{Prefix(configuration)}-{id}";

    public static string ForChallenge(IConfiguration configuration, Guid id) => $"{Prefix(configuration)}-ch-{id}";
}
