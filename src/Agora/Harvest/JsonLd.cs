using System.Text.Json.Nodes;

namespace Agora.Harvest;

/// <summary>A value of a JSON-LD property after expansion: a reference to a node (by IRI or blank
/// node id) or a literal with its datatype and language.</summary>
public sealed record LdValue(string? Id, string? Literal, string? Datatype = null, string? Language = null)
{
    public string? Text => Literal ?? Id;
}

/// <summary>A node of the graph: its id, its types and its properties by full IRI.</summary>
public sealed class LdNode(string id)
{
    public string Id { get; } = id;
    public bool IsBlank => Id.StartsWith("_:", StringComparison.Ordinal);
    public HashSet<string> Types { get; } = [];
    public Dictionary<string, List<LdValue>> Properties { get; } = [];

    public IReadOnlyList<LdValue> All(string iri) => Properties.TryGetValue(iri, out var values) ? values : [];

    public LdValue? First(string iri) => Properties.TryGetValue(iri, out var values) && values.Count > 0
        ? values.FirstOrDefault(v => v.Language is null or "en") ?? values[0] : null;
}

/// <summary>Just enough JSON-LD to read DCAT catalogues: compacted documents with an @context of
/// terms and prefixes (as ckanext-dcat and rdflib write them) and expanded ones, flattened into a
/// graph of nodes keyed by IRI. No remote contexts, no framing; what it cannot expand it drops.</summary>
public sealed class JsonLdGraph
{
    public Dictionary<string, LdNode> Nodes { get; } = new(StringComparer.Ordinal);
    int blank;

    public static JsonLdGraph Parse(JsonNode? document)
    {
        var graph = new JsonLdGraph();
        graph.Read(document, Context.Empty);
        return graph;
    }

    public LdNode? Node(LdValue? value) => value?.Id is { } id && Nodes.TryGetValue(id, out var node) ? node : null;

    public IEnumerable<LdNode> OfType(string typeIri) => Nodes.Values.Where(n => n.Types.Contains(typeIri));

    void Read(JsonNode? element, Context context)
    {
        switch (element)
        {
            case JsonArray array:
                foreach (var item in array) Read(item, context);
                break;
            case JsonObject o:
                var local = o["@context"] is { } ctx ? context.With(ctx) : context;
                if (o["@graph"] is { } inner)
                {
                    Read(inner, local);
                    if (!o.Any(p => p.Key is not ("@context" or "@graph" or "@id"))) return;
                }
                ReadNode(o, local);
                break;
        }
    }

    /// <summary>Reads a node object (and everything embedded in it); returns its id.</summary>
    string ReadNode(JsonObject o, Context context)
    {
        if (o["@context"] is { } ctx) context = context.With(ctx);
        var id = o["@id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? context.ExpandIri(o["@id"]!.GetValue<string>(), vocab: false) ?? NewBlank()
            : NewBlank();
        if (!Nodes.TryGetValue(id, out var node)) Nodes[id] = node = new LdNode(id);
        foreach (var (key, value) in o)
        {
            if (key is "@id" or "@context") continue;
            if (key is "@type" || context.ExpandIri(key, vocab: true) == "@type")
            {
                foreach (var t in Items(value))
                    if (t is JsonValue v && v.TryGetValue<string>(out var type) && context.ExpandIri(type, vocab: true) is { } typeIri)
                        node.Types.Add(typeIri);
                continue;
            }
            if (key is "@graph")
            {
                Read(value, context);
                continue;
            }
            if (key.StartsWith('@')) continue;
            var property = context.ExpandIri(key, vocab: true);
            if (property is null || property.StartsWith('@')) continue;
            var term = context.Term(key);
            if (!node.Properties.TryGetValue(property, out var list)) node.Properties[property] = list = [];
            foreach (var item in Items(value)) if (ReadValue(item, term, context) is { } read) list.Add(read);
        }
        return id;
    }

    LdValue? ReadValue(JsonNode? item, TermDefinition? term, Context context)
    {
        switch (item)
        {
            case null:
                return null;
            case JsonObject o when o.ContainsKey("@value"):
                var type = o["@type"]?.ToString() is { } t ? context.ExpandIri(t, vocab: true) : null;
                return new LdValue(null, Scalar(o["@value"]), type, o["@language"]?.ToString());
            case JsonObject o when o.ContainsKey("@list") || o.ContainsKey("@set"):
                // A list's members count as values of the property; the order is not needed here.
                var first = Items(o["@list"] ?? o["@set"]).Select(i => ReadValue(i, term, context)).FirstOrDefault(v => v is not null);
                return first;
            case JsonObject o when o.Count == 1 && o["@id"] is JsonValue:
                return new LdValue(context.ExpandIri(o["@id"]!.ToString(), vocab: false), null);
            case JsonObject o:
                return new LdValue(ReadNode(o, context), null);
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String && term?.Type is "@id" or "@vocab":
                return new LdValue(context.ExpandIri(v.GetValue<string>(), vocab: term!.Type == "@vocab"), null);
            case JsonValue v:
                return new LdValue(null, Scalar(v), term?.Type is { } dt && !dt.StartsWith('@') ? dt : null, term?.Language ?? context.Language);
            default:
                return null;
        }
    }

    static string? Scalar(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    static IEnumerable<JsonNode?> Items(JsonNode? value) => value is JsonArray a ? a : new[] { value };

    string NewBlank() => $"_:b{blank++}";

    sealed record TermDefinition(string? Iri, string? Type, string? Language);

    /// <summary>The active context: term definitions (prefixes are terms too), @vocab, @base and @language.</summary>
    sealed class Context
    {
        public static readonly Context Empty = new();
        readonly Dictionary<string, TermDefinition> terms = new(StringComparer.Ordinal);
        string? vocab;
        public string? Language { get; private set; }

        public TermDefinition? Term(string key) => terms.GetValueOrDefault(key)
            ?? (key.IndexOf(':') is > 0 and var i && ExpandIri(key, vocab: true) is { } full
                ? terms.Values.FirstOrDefault(t => t.Iri == full) : null);

        public Context With(JsonNode context)
        {
            var next = new Context { vocab = vocab, Language = Language };
            foreach (var (k, v) in terms) next.terms[k] = v;
            foreach (var item in Items(context))
            {
                if (item is not JsonObject definitions) continue; // remote contexts are not fetched
                if (definitions["@vocab"]?.ToString() is { } v) next.vocab = v;
                if (definitions["@language"]?.ToString() is { } lang) next.Language = lang;
                // Definitions may use prefixes defined later in the same context: read twice.
                for (var pass = 0; pass < 2; pass++)
                    foreach (var (key, value) in definitions)
                    {
                        if (key.StartsWith('@')) continue;
                        next.terms[key] = value switch
                        {
                            JsonValue s => new TermDefinition(next.ExpandIri(s.ToString(), vocab: true, defining: key), null, null),
                            JsonObject o => new TermDefinition(
                                o["@id"]?.ToString() is { } id ? next.ExpandIri(id, vocab: true, defining: key) : next.ExpandIri(key, vocab: true, defining: key),
                                o["@type"]?.ToString() is { } t ? t.StartsWith('@') ? t : next.ExpandIri(t, vocab: true, defining: key) : null,
                                o["@language"]?.ToString()),
                            _ => new TermDefinition(null, null, null),
                        };
                    }
            }
            return next;
        }

        /// <summary>A term, compact IRI (prefix:suffix), absolute or relative IRI to an absolute IRI.</summary>
        public string? ExpandIri(string value, bool vocab, string? defining = null)
        {
            if (value.StartsWith('@')) return value;
            if (vocab && value != defining && terms.TryGetValue(value, out var term)) return term.Iri;
            var colon = value.IndexOf(':');
            if (colon > 0)
            {
                var prefix = value[..colon];
                var suffix = value[(colon + 1)..];
                if (prefix == "_" ) return value;
                if (!suffix.StartsWith("//", StringComparison.Ordinal) && prefix != defining && terms.TryGetValue(prefix, out var p) && p.Iri is not null)
                    return p.Iri + suffix;
                return value; // already absolute (http:, urn:, mailto:…)
            }
            if (vocab && this.vocab is not null) return this.vocab + value;
            return vocab ? null : value;
        }
    }
}
