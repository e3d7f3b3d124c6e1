using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace Agora.Catalog.Dcat;

/// <summary>The three RDF serialisations Agora serves. No RDF library for .NET is at hand, so these are
/// small and strict: every IRI and literal escaped for its syntax, tested against real parsers.</summary>
public enum RdfFormat { Turtle, JsonLd, RdfXml }

public static partial class RdfWriters
{
    public static string ContentType(this RdfFormat format) => format switch
    {
        RdfFormat.Turtle => "text/turtle",
        RdfFormat.JsonLd => "application/ld+json",
        _ => "application/rdf+xml",
    };

    public static string Write(RdfGraph graph, RdfFormat format) => format switch
    {
        RdfFormat.Turtle => Turtle(graph),
        RdfFormat.JsonLd => JsonLd(graph),
        _ => RdfXml(graph),
    };

    /// <summary>A local name that is safe in a Turtle prefixed name, a JSON-LD compact IRI and an XML QName.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex SafeLocalName();

    static (string Prefix, string Local)? Compact(string iri)
    {
        foreach (var (prefix, ns) in Vocab.Prefixes)
            if (iri.StartsWith(ns, StringComparison.Ordinal) && SafeLocalName().IsMatch(iri[ns.Length..])) return (prefix, iri[ns.Length..]);
        return null;
    }

    // ---- Turtle ---------------------------------------------------------------------------------

    public static string Turtle(RdfGraph graph)
    {
        var text = new StringBuilder();
        foreach (var (prefix, ns) in Vocab.Prefixes) text.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        foreach (var subject in graph.BySubject())
        {
            text.Append('\n').Append(TurtleTerm(subject.Key));
            var first = true;
            foreach (var predicate in subject.GroupBy(t => t.Predicate))
            {
                text.Append(first ? "\n    " : " ;\n    ");
                first = false;
                text.Append(predicate.Key == Vocab.Type ? "a" : TurtleTerm(predicate.Key)).Append(' ');
                text.AppendJoin(",\n        ", predicate.Select(t => TurtleTerm(t.Object)));
            }
            text.Append(" .\n");
        }
        return text.ToString();
    }

    static string TurtleTerm(RdfNode node) => node switch
    {
        Iri iri when Compact(iri.Value) is var (prefix, local) => prefix + ":" + local,
        Iri iri => "<" + EscapeIriRef(iri.Value) + ">",
        BlankNode b => "_:" + b.Label,
        Literal { Datatype: null } l => "\"" + EscapeTurtleString(l.Value) + "\"",
        Literal l => "\"" + EscapeTurtleString(l.Value) + "\"^^" + TurtleTerm(l.Datatype),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>IRIs are cleaned when they are made (<see cref="Rdf.Iri"/>); this only guards the syntax.</summary>
    static string EscapeIriRef(string iri)
    {
        var text = new StringBuilder(iri.Length);
        foreach (var c in iri)
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\') text.Append('%').Append(((int)c).ToString("X2"));
            else text.Append(c);
        return text.ToString();
    }

    static string EscapeTurtleString(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u007f') text.Append("\\u").Append(((int)c).ToString("X4"));
                    else text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }

    // ---- JSON-LD ---------------------------------------------------------------------------------

    static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A flat <c>@graph</c> of node objects under an <c>@context</c> of the prefixes. Every value is an
    /// explicit <c>@id</c> or <c>@value</c> object, so no term definition can change what a value means.</summary>
    public static string JsonLd(RdfGraph graph)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("@context");
            foreach (var (prefix, ns) in Vocab.Prefixes) json.WriteString(prefix, ns);
            json.WriteEndObject();
            json.WriteStartArray("@graph");
            foreach (var subject in graph.BySubject())
            {
                json.WriteStartObject();
                json.WriteString("@id", JsonLdId(subject.Key));
                var types = subject.Where(t => t.Predicate == Vocab.Type && t.Object is Iri).Select(t => (Iri)t.Object).ToList();
                if (types.Count > 0)
                {
                    json.WriteStartArray("@type");
                    foreach (var type in types) json.WriteStringValue(JsonLdIri(type));
                    json.WriteEndArray();
                }
                foreach (var predicate in subject.Where(t => !(t.Predicate == Vocab.Type && t.Object is Iri)).GroupBy(t => t.Predicate))
                {
                    json.WriteStartArray(JsonLdIri(predicate.Key));
                    foreach (var triple in predicate)
                    {
                        json.WriteStartObject();
                        switch (triple.Object)
                        {
                            case Literal l:
                                json.WriteString("@value", l.Value);
                                if (l.Datatype is not null) json.WriteString("@type", JsonLdIri(l.Datatype));
                                break;
                            default:
                                json.WriteString("@id", JsonLdId(triple.Object));
                                break;
                        }
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static string JsonLdIri(Iri iri) => Compact(iri.Value) is var (prefix, local) ? prefix + ":" + local : iri.Value;

    /// <summary>Node IRIs are written in full: data IRIs are http(s) or mailto, which no prefix shadows.</summary>
    static string JsonLdId(RdfNode node) => node switch
    {
        Iri iri => iri.Value,
        BlankNode b => "_:" + b.Label,
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    // ---- RDF/XML ---------------------------------------------------------------------------------

    const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>One flat <c>rdf:Description</c> per subject; XmlWriter escapes text and attributes, and
    /// carriage returns are written as character references so XML parsing keeps them.</summary>
    public static string RdfXml(RdfGraph graph)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize,
            NewLineChars = "\n",
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rdf", "RDF", RdfNs);
            foreach (var (prefix, ns) in Vocab.Prefixes)
                if (prefix != "rdf") xml.WriteAttributeString("xmlns", prefix, null, ns);
            foreach (var subject in graph.BySubject())
            {
                xml.WriteStartElement("rdf", "Description", RdfNs);
                WriteNodeAttribute(xml, subject.Key, "about");
                foreach (var triple in subject)
                {
                    var (ns, local) = SplitPredicate(triple.Predicate.Value);
                    xml.WriteStartElement(local, ns);
                    switch (triple.Object)
                    {
                        case Literal l:
                            if (l.Datatype is not null) xml.WriteAttributeString("datatype", RdfNs, l.Datatype.Value);
                            xml.WriteString(l.Value);
                            break;
                        default:
                            WriteNodeAttribute(xml, triple.Object, "resource");
                            break;
                    }
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static void WriteNodeAttribute(XmlWriter xml, RdfNode node, string iriAttribute)
    {
        if (node is BlankNode b) xml.WriteAttributeString("nodeID", RdfNs, b.Label);
        else xml.WriteAttributeString(iriAttribute, RdfNs, ((Iri)node).Value);
    }

    /// <summary>RDF/XML can only name a predicate as namespace + XML local name.</summary>
    static (string Namespace, string Local) SplitPredicate(string iri)
    {
        var cut = iri.Length;
        while (cut > 0 && (char.IsAsciiLetterOrDigit(iri[cut - 1]) || iri[cut - 1] is '_' or '-' or '.')) cut--;
        while (cut < iri.Length && !(char.IsAsciiLetter(iri[cut]) || iri[cut] == '_')) cut++;
        if (cut == 0 || cut >= iri.Length) throw new InvalidOperationException($"The predicate {iri} cannot be written in RDF/XML");
        return (iri[..cut], iri[cut..]);
    }
}
