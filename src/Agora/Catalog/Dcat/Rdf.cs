using System.Globalization;
using System.Text;

namespace Agora.Catalog.Dcat;

/// <summary>A term of an RDF graph: an IRI, a blank node or a literal.</summary>
public abstract record RdfNode;

/// <summary>An absolute IRI. Build them with <see cref="Rdf.Iri"/> from data, so that characters an IRI
/// may not hold (spaces, quotes, angle brackets…) are percent-encoded once, the same for every format.</summary>
public sealed record Iri(string Value) : RdfNode;

/// <summary>A blank node; its label is local to one document.</summary>
public sealed record BlankNode(string Label) : RdfNode;

/// <summary>A literal: a plain string, or a typed value when <see cref="Datatype"/> is set.</summary>
public sealed record Literal(string Value, Iri? Datatype = null) : RdfNode;

public sealed record Triple(RdfNode Subject, Iri Predicate, RdfNode Object);

/// <summary>The vocabularies DCAT-AP uses, with the prefixes ckanext-dcat binds.</summary>
public static class Vocab
{
    public static readonly IReadOnlyList<(string Prefix, string Namespace)> Prefixes =
    [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("dcatap", "http://data.europa.eu/r5r/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("locn", "http://www.w3.org/ns/locn#"),
        ("gsp", "http://www.opengis.net/ont/geosparql#"),
        ("owl", "http://www.w3.org/2002/07/owl#"),
        ("spdx", "http://spdx.org/rdf/terms#"),
        ("adms", "http://www.w3.org/ns/adms#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ];

    public static Iri Rdf(string local) => new("http://www.w3.org/1999/02/22-rdf-syntax-ns#" + local);
    public static Iri Xsd(string local) => new("http://www.w3.org/2001/XMLSchema#" + local);
    public static Iri Dcat(string local) => new("http://www.w3.org/ns/dcat#" + local);
    public static Iri Dct(string local) => new("http://purl.org/dc/terms/" + local);
    public static Iri Foaf(string local) => new("http://xmlns.com/foaf/0.1/" + local);
    public static Iri Vcard(string local) => new("http://www.w3.org/2006/vcard/ns#" + local);
    public static Iri Locn(string local) => new("http://www.w3.org/ns/locn#" + local);
    public static Iri Gsp(string local) => new("http://www.opengis.net/ont/geosparql#" + local);
    public static Iri Owl(string local) => new("http://www.w3.org/2002/07/owl#" + local);
    public static Iri Spdx(string local) => new("http://spdx.org/rdf/terms#" + local);
    public static Iri Hydra(string local) => new("http://www.w3.org/ns/hydra/core#" + local);

    public static readonly Iri Type = Rdf("type");

    /// <summary>The datatype ckanext-dcat gives GeoJSON geometries.</summary>
    public static readonly Iri GeoJson = new("https://www.iana.org/assignments/media-types/application/vnd.geo+json");
}

/// <summary>An RDF graph in the order its triples were added (so documents read top-down), without duplicates.</summary>
public sealed class RdfGraph
{
    readonly List<Triple> triples = [];
    readonly HashSet<Triple> seen = [];
    int blanks;

    public IReadOnlyList<Triple> Triples => triples;

    public BlankNode NewBlank() => new("b" + (blanks++).ToString(CultureInfo.InvariantCulture));

    public void Add(RdfNode subject, Iri predicate, RdfNode? obj)
    {
        if (obj is null) return;
        var triple = new Triple(subject, predicate, obj);
        if (seen.Add(triple)) triples.Add(triple);
    }

    public void Add(RdfNode subject, Iri predicate, string? text)
    {
        if (!string.IsNullOrEmpty(text)) Add(subject, predicate, Rdf.Text(text));
    }

    /// <summary>Subjects in order of first appearance, each with its triples.</summary>
    public IEnumerable<IGrouping<RdfNode, Triple>> BySubject() => triples.GroupBy(t => t.Subject);
}

public static class Rdf
{
    /// <summary>A plain string literal, with the characters no RDF format can carry (XML 1.0 forbids most
    /// control characters; a lone UTF-16 surrogate is no character at all) replaced by U+FFFD, so that the
    /// three serialisations always give the same triples.</summary>
    public static Literal Text(string value) => new(Clean(value));

    public static Literal Typed(string value, Iri datatype) => new(Clean(value), datatype);

    public static Literal Integer(long value) => new(value.ToString(CultureInfo.InvariantCulture), Vocab.Xsd("integer"));

    /// <summary>A time as ckanext-dcat writes it: xsd:dateTime, naive UTC as CKAN stores it.</summary>
    public static Literal DateTime(DateTime utc) => new(CkanDicts.Time(utc), Vocab.Xsd("dateTime"));

    /// <summary>An IRI from data (a URL someone typed): characters an IRI cannot hold are percent-encoded as
    /// UTF-8, as are stray percent signs; null unless the result is an absolute http(s) or mailto IRI.</summary>
    public static Iri? Iri(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = Clean(value.Trim());
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Whitespace of any kind too (U+00A0, U+2028…): JSON-LD processors do not take it as part of an IRI.
            var needsEncoding = c <= ' ' || c == '\u007f' || char.IsWhiteSpace(c) || c == '\ufeff' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`'
                || (c == '%' && !(i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2])))
                || (c >= '\u0080' && c <= '\u009f');
            if (!needsEncoding)
            {
                builder.Append(c);
                continue;
            }
            foreach (var b in Encoding.UTF8.GetBytes(c.ToString())) builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        var iri = builder.ToString();
        var colon = iri.IndexOf(':');
        if (colon <= 0) return null;
        var scheme = iri[..colon].ToLowerInvariant();
        if (scheme is "http" or "https")
            return iri.Length > colon + 3 && iri.AsSpan(colon).StartsWith("://") ? new Iri(iri) : null;
        return scheme == "mailto" && iri.Length > colon + 1 ? new Iri(iri) : null;
    }

    static string Clean(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = true;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    builder?.Append(c).Append(value[i + 1]);
                    i++;
                    continue;
                }
                ok = false;
            }
            else if (char.IsLowSurrogate(c) || (c < ' ' && c is not ('\t' or '\n' or '\r')) || c is '\ufffe' or '\uffff') ok = false;
            if (!ok && builder is null) builder = new StringBuilder(value, 0, i, value.Length);
            builder?.Append(ok ? c : '\ufffd');
        }
        return builder?.ToString() ?? value;
    }
}
