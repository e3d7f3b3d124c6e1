namespace Agora.Context.JsonLd;

/// <summary>An @context could not be used. <see cref="Unavailable"/> true: a referenced document could not
/// be retrieved (unreachable, timeout, 4xx/5xx, too big) → 503 LdContextNotAvailable. False: the context
/// itself is malformed (not JSON, wrong shapes, cyclic or too deeply nested) → 400 BadRequestData.</summary>
public sealed class LdContextException(string message, bool unavailable) : Exception(message)
{
    public bool Unavailable { get; } = unavailable;
}
