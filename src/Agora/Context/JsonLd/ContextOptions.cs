namespace Agora.Context.JsonLd;

/// <summary>How the NGSI-LD broker finds JSON-LD @context documents; bound from "Agora:Context".</summary>
public sealed class ContextOptions
{
    /// <summary>Context URL → local file path, so those contexts resolve offline (a relative path is taken
    /// from the process's current directory). Looked up before any HTTP fetch.</summary>
    public Dictionary<string, string> ContextFiles { get; set; } = new();

    /// <summary>Whether context URLs not in <see cref="ContextFiles"/> are fetched over HTTP(S).
    /// When false such a URL is answered as unavailable (503 LdContextNotAvailable).</summary>
    public bool FetchRemoteContexts { get; set; } = true;

    /// <summary>Whether context URLs may point into Agora's own network (loopback, private, link-local addresses).
    /// Off by default: any request may name a @context URL, and Agora fetching it must not become a way to reach
    /// the city's internal services. Turn it on, or map the URLs to files, for a context server on the intranet.</summary>
    public bool FetchFromPrivateNetworks { get; set; }

    public TimeSpan ContextFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A context document larger than this is refused as unavailable.</summary>
    public int MaxContextBytes { get; set; } = 1_000_000;

    /// <summary>How long a fetched (or file-read) context document is reused before it is read again.</summary>
    public TimeSpan ContextCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lets devices write context data without an API token. Off by default: a city's
    /// broker takes changes only from accounts it knows.</summary>
    public bool AnonymousWrites { get; set; }

    /// <summary>How long attribute history is kept (e.g. 90.00:00:00); unset keeps it forever.</summary>
    public TimeSpan? HistoryRetention { get; set; }
}
