using System.Text.Json.Nodes;

namespace Agora.Context.JsonLd;

/// <summary>A resolved JSON-LD @context: the NGSI-LD core terms plus whatever the request's @context
/// added, as term tables. Immutable and shared across requests (the resolver caches it), so expanding
/// and compacting names are dictionary lookups.</summary>
public sealed class LdContext
{
    /// <summary>The core's @vocab: names no context defines expand under it.</summary>
    public const string DefaultVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

    readonly Dictionary<string, TermDefinition> terms;
    readonly Dictionary<string, string> termByIri;
    readonly (string Term, string Iri)[] prefixes;
    readonly string vocab;

    internal LdContext(JsonNode? source, Dictionary<string, TermDefinition> terms, string vocab)
    {
        Source = source;
        this.terms = terms;
        this.vocab = vocab;
        termByIri = new Dictionary<string, string>(StringComparer.Ordinal);
        var prefixList = new List<(string, string)>();
        foreach (var (term, def) in terms)
        {
            // Several terms may map to one IRI (a user context aliasing a core term, say). JSON-LD's
            // term selection would weigh containers and type mappings against the value; attribute
            // names carry none of that, so the choice only needs to be stable: shortest, then ordinal.
            if (!termByIri.TryGetValue(def.Iri, out var chosen) || term.Length < chosen.Length
                || (term.Length == chosen.Length && string.CompareOrdinal(term, chosen) < 0))
                termByIri[def.Iri] = term;
            if (def.Prefix && !IsKeyword(def.Iri)) prefixList.Add((term, def.Iri));
        }
        prefixes = [.. prefixList.OrderBy(p => p.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The @context value as the client gave it (null for the core alone), to echo back in
    /// responses and notifications. Shared by every request that used the same context: do not
    /// modify it; DeepClone it to place it into a document.</summary>
    public JsonNode? Source { get; }

    internal IReadOnlyDictionary<string, TermDefinition> Terms => terms;

    /// <summary>Attribute name or entity type → IRI: a defined term gives its IRI; a CURIE with a
    /// defined prefix is expanded; anything else holding a ':' is taken as an absolute IRI and kept;
    /// any other name falls under the core's @vocab. A term aliasing a keyword gives the keyword.</summary>
    public string ExpandTerm(string term)
    {
        if (terms.TryGetValue(term, out var def)) return def.Iri;
        var colon = term.IndexOf(':');
        if (colon > 0)
        {
            var suffix = term.AsSpan(colon + 1);
            if (suffix.StartsWith("//")) return term;
            if (terms.TryGetValue(term[..colon], out var prefix) && !IsKeyword(prefix.Iri))
                return string.Concat(prefix.Iri, suffix);
            return term;
        }
        if (term.StartsWith('@')) return term;
        return vocab + term;
    }

    /// <summary>IRI → the shortest name that expands back to it: a term mapping to it; else the part
    /// after the core @vocab (unless that part is a term of its own); else the shortest CURIE over a
    /// prefix term; else the IRI itself.</summary>
    public string CompactIri(string iri)
    {
        if (termByIri.TryGetValue(iri, out var term)) return term;
        if (iri.Length > vocab.Length && iri.StartsWith(vocab, StringComparison.Ordinal))
        {
            var suffix = iri[vocab.Length..];
            // A suffix that is itself a term (mapped elsewhere) or looks like a CURIE would expand to
            // something else, so it must not be used: every compact form has to round-trip.
            if (!terms.ContainsKey(suffix) && ExpandTerm(suffix) == iri) return suffix;
        }
        string? best = null;
        foreach (var (prefix, prefixIri) in prefixes)
        {
            if (iri.Length <= prefixIri.Length || !iri.StartsWith(prefixIri, StringComparison.Ordinal)) continue;
            var curie = string.Concat(prefix, ":", iri.AsSpan(prefixIri.Length));
            if (terms.ContainsKey(curie) || ExpandTerm(curie) != iri) continue;
            if (best is null || curie.Length < best.Length || (curie.Length == best.Length && string.CompareOrdinal(curie, best) < 0))
                best = curie;
        }
        return best ?? iri;
    }

    /// <summary>A value of a term typed "@vocab" (VocabProperty "vocab", "objectType"): expanded as a
    /// vocabulary-relative IRI, which for NGSI-LD is exactly how names expand.</summary>
    public string ExpandVocab(string value) => ExpandTerm(value);

    public string CompactVocab(string iri) => CompactIri(iri);

    internal static bool IsKeyword(string s) => s.Length > 1 && s[0] == '@';
}

/// <summary>One term's definition once resolved; <see cref="Iri"/> may be a keyword ("@id", "@type")
/// for keyword aliases such as the core's "id" and "type".</summary>
internal sealed record TermDefinition(string Iri, string? TypeMapping, string? Container, bool Prefix, bool Protected);
