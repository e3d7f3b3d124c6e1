using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Context.JsonLd;

/// <summary>Builds term tables from local context objects, following the JSON-LD 1.1 Context
/// Processing and Create Term Definition algorithms for what NGSI-LD needs (IRIs, type mappings,
/// containers, prefixes, protection). Scoped contexts, @base, @language and @direction are accepted
/// and ignored: NGSI-LD names and values do not depend on them.</summary>
internal sealed class LdContextBuilder
{
    static readonly HashSet<string> Keywords =
    [
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index",
        "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse",
        "@set", "@type", "@value", "@version", "@vocab",
    ];

    static readonly HashSet<string> Containers = ["@list", "@set", "@index", "@language", "@id", "@type", "@graph"];

    readonly Dictionary<string, TermDefinition> baseTerms;
    Dictionary<string, TermDefinition> terms;
    string vocab;
    readonly bool honourVocab;
    bool protectAll;   // the @protected of the local context being applied

    LdContextBuilder(Dictionary<string, TermDefinition> baseTerms, string vocab, bool honourVocab)
    {
        this.baseTerms = baseTerms;
        terms = new Dictionary<string, TermDefinition>(baseTerms, StringComparer.Ordinal);
        this.vocab = vocab;
        this.honourVocab = honourVocab;
    }

    /// <summary>Terms whose redefinition was ignored because they are protected, for the caller to log.</summary>
    public List<string> IgnoredRedefinitions { get; } = [];

    /// <summary>Starts from nothing: used once, for the core context itself.</summary>
    public static LdContextBuilder Empty() => new(new Dictionary<string, TermDefinition>(StringComparer.Ordinal), LdContext.DefaultVocab, honourVocab: true);

    /// <summary>Starts from the core, which stays in effect whatever the user's context says.
    /// A user @vocab is ignored: every broker appends the core last, so its @vocab (the default
    /// context) is the one in force, and names the client did not define must land there.</summary>
    public static LdContextBuilder OnTopOf(LdContext core) =>
        new(new Dictionary<string, TermDefinition>(core.Terms, StringComparer.Ordinal), LdContext.DefaultVocab, honourVocab: false);

    public LdContext Build(JsonNode? source) => new(source, terms, vocab);

    /// <summary>A null entry in a JSON-LD @context array clears the active context. The core cannot
    /// be cleared (it is protected and always in effect), so this drops only what came before.</summary>
    public void Reset() => terms = new Dictionary<string, TermDefinition>(baseTerms, StringComparer.Ordinal);

    public void Apply(JsonObject local)
    {
        protectAll = false;
        foreach (var (key, value) in local)
        {
            switch (key)
            {
                case "@vocab":
                    if (value is not null && !(value is JsonValue v && v.TryGetValue<string>(out _)))
                        throw Invalid("@vocab must be a string or null");
                    if (honourVocab && value is not null) vocab = value.GetValue<string>();
                    break;
                case "@protected":
                    protectAll = Flag(value, "@protected");
                    break;
            }
        }
        var defined = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (key, _) in local)
            if (!key.StartsWith('@')) Define(local, key, defined);
    }

    void Define(JsonObject local, string term, Dictionary<string, bool> defined)
    {
        if (defined.TryGetValue(term, out var done))
        {
            if (done) return;
            throw Invalid($"cyclic IRI mapping for term \"{term}\"");
        }
        defined[term] = false;
        if (term.Length == 0) throw Invalid("a term may not be the empty string");

        // Protected terms (all the core's) keep their definition. JSON-LD 1.1 would reject a
        // different redefinition outright; Orion-LD tolerates it, and so do we, because NGSI-LD
        // says the core prevails: a client context that also defines, say, "location" must not
        // make the request fail, nor move the attribute away from ngsi-ld:location.
        if (terms.TryGetValue(term, out var existing) && existing.Protected)
        {
            IgnoredRedefinitions.Add(term);
            defined[term] = true;
            return;
        }

        var value = local[term];
        TermDefinition? def;
        switch (value)
        {
            case null:
                def = null;
                break;
            case JsonValue v when v.TryGetValue<string>(out var iri):
                def = Simple(term, iri, local, defined);
                break;
            case JsonObject o:
                def = Expanded(term, o, local, defined);
                break;
            default:
                throw Invalid($"term \"{term}\" must map to a string, an object or null");
        }
        // A term mapped to null is decoupled from any IRI; we drop it so the name falls back to the
        // default vocabulary instead of disappearing from the entity.
        if (def is null) terms.Remove(term);
        else terms[term] = def;
        defined[term] = true;
    }

    TermDefinition? Simple(string term, string value, JsonObject local, Dictionary<string, bool> defined)
    {
        var iri = value == term && !term.Contains(':') ? vocab + term : ExpandIri(value, local, defined);
        if (iri is null) return null;
        if (iri == "@context") throw Invalid($"term \"{term}\" may not alias @context");
        // JSON-LD 1.1: a plain term whose IRI ends in a gen-delim is usable as a CURIE prefix when compacting.
        var prefix = !term.Contains(':') && !term.Contains('/') && !LdContext.IsKeyword(iri) && iri.Length > 0
            && ":/?#[]@".Contains(iri[^1]);
        return new TermDefinition(iri, null, null, prefix, protectAll);
    }

    TermDefinition? Expanded(string term, JsonObject o, JsonObject local, Dictionary<string, bool> defined)
    {
        string? iri;
        if (o.TryGetPropertyValue("@id", out var idNode) || o.TryGetPropertyValue("@reverse", out idNode))
        {
            if (idNode is null) return null;
            if (idNode is not JsonValue idv || !idv.TryGetValue<string>(out var id))
                throw Invalid($"@id of term \"{term}\" must be a string");
            iri = id == term && !term.Contains(':') ? vocab + term : ExpandIri(id, local, defined);
            if (iri is null) return null;
        }
        else if (term.Contains(':'))
        {
            iri = ExpandIri(term, local, defined) ?? term;
        }
        else
        {
            iri = vocab + term;
        }
        if (iri == "@context") throw Invalid($"term \"{term}\" may not alias @context");

        string? type = null;
        if (o.TryGetPropertyValue("@type", out var typeNode))
        {
            if (typeNode is not JsonValue tv || !tv.TryGetValue<string>(out var t))
                throw Invalid($"@type of term \"{term}\" must be a string");
            type = t is "@id" or "@vocab" or "@json" or "@none" ? t : ExpandIri(t, local, defined);
            if (type is null || (!type.Contains(':') && !LdContext.IsKeyword(type)))
                throw Invalid($"@type of term \"{term}\" is not an IRI");
        }

        string? container = null;
        if (o.TryGetPropertyValue("@container", out var containerNode) && containerNode is not null)
        {
            var items = containerNode is JsonArray a ? a : new JsonArray(containerNode.DeepClone());
            var names = new List<string>();
            foreach (var item in items)
            {
                if (item is not JsonValue cv || !cv.TryGetValue<string>(out var c) || !Containers.Contains(c))
                    throw Invalid($"@container of term \"{term}\" is not a JSON-LD container");
                names.Add(c);
            }
            container = string.Join(' ', names);
        }

        var isProtected = o.TryGetPropertyValue("@protected", out var protNode) ? Flag(protNode, $"@protected of term \"{term}\"") : protectAll;
        var prefix = o.TryGetPropertyValue("@prefix", out var prefixNode) && Flag(prefixNode, $"@prefix of term \"{term}\"");

        return new TermDefinition(iri, type, container, prefix && !LdContext.IsKeyword(iri), isProtected);
    }

    /// <summary>IRI expansion (vocabulary-relative) while a local context is being processed: terms of
    /// that same local context are defined on demand, so their order in the object does not matter.
    /// Null means an unknown "@keyword" form, which JSON-LD ignores.</summary>
    string? ExpandIri(string value, JsonObject local, Dictionary<string, bool> defined)
    {
        if (value.StartsWith('@'))
            return Keywords.Contains(value) ? value : null;
        if (local.ContainsKey(value) && !(defined.TryGetValue(value, out var d) && d))
            Define(local, value, defined);
        if (terms.TryGetValue(value, out var def)) return def.Iri;
        var colon = value.IndexOf(':');
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value.AsSpan(colon + 1);
            if (prefix == "_" || suffix.StartsWith("//")) return value;
            if (local.ContainsKey(prefix) && !(defined.TryGetValue(prefix, out var pd) && pd))
                Define(local, prefix, defined);
            if (terms.TryGetValue(prefix, out var p) && !LdContext.IsKeyword(p.Iri)) return string.Concat(p.Iri, suffix);
            return value;
        }
        return vocab + value;
    }

    static bool Flag(JsonNode? node, string what) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid($"{what} must be true or false"),
    };

    static LdContextException Invalid(string why) => new($"Invalid JSON-LD @context: {why}.", unavailable: false);
}
