using System.Globalization;
using System.Text;

namespace Agora.Tests;

/// <summary>An RDF term as a parser gave it: an IRI, a blank node, or a literal with its datatype.</summary>
sealed record RdfTerm(string Value, bool IsIri = false, bool IsBlank = false, string? Datatype = null)
{
    public override string ToString() => IsIri ? $"<{Value}>" : IsBlank ? Value : Datatype is null ? $"\"{Value}\"" : $"\"{Value}\"^^<{Datatype}>";
}

sealed record RdfTriple(RdfTerm Subject, string Predicate, RdfTerm Object);

/// <summary>Triples parsed by a real RDF parser (tests/clients/rdf-parse.mjs: n3, jsonld or
/// rdfxml-streaming-parser), in canonical N-Quads so that blank nodes get stable labels.</summary>
sealed class RdfDocument(string canonical, List<RdfTriple> triples)
{
    public const string Dcat = "http://www.w3.org/ns/dcat#", Dct = "http://purl.org/dc/terms/", Foaf = "http://xmlns.com/foaf/0.1/",
        Vcard = "http://www.w3.org/2006/vcard/ns#", Hydra = "http://www.w3.org/ns/hydra/core#", Xsd = "http://www.w3.org/2001/XMLSchema#",
        RdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", Locn = "http://www.w3.org/ns/locn#", Spdx = "http://spdx.org/rdf/terms#",
        Owl = "http://www.w3.org/2002/07/owl#";

    public string Canonical { get; } = canonical;
    public IReadOnlyList<RdfTriple> Triples { get; } = triples;

    public static async Task<RdfDocument> ParseAsync(string document, string format)
    {
        var parser = format switch { "ttl" => "turtle", "jsonld" => "jsonld", _ => "rdfxml" };
        var output = await NodeClients.RunAsync("rdf-parse.mjs", [parser], document);
        return new RdfDocument(output, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine).ToList());
    }

    public IEnumerable<RdfTerm> Objects(string subject, string predicate) => Objects(new RdfTerm(subject, IsIri: true), predicate);

    public IEnumerable<RdfTerm> Objects(RdfTerm subject, string predicate) =>
        Triples.Where(t => t.Subject == subject && t.Predicate == predicate).Select(t => t.Object);

    public RdfTerm Single(string subject, string predicate) => Assert.Single(Objects(subject, predicate));

    public RdfTerm Single(RdfTerm subject, string predicate) => Assert.Single(Objects(subject, predicate));

    public IEnumerable<RdfTerm> SubjectsOfType(string type) =>
        Triples.Where(t => t.Predicate == RdfType && t.Object == new RdfTerm(type, IsIri: true)).Select(t => t.Subject);

    static RdfTriple ParseLine(string line)
    {
        var position = 0;
        var subject = Term(line, ref position);
        var predicate = Term(line, ref position);
        var obj = Term(line, ref position);
        return new RdfTriple(subject, predicate.Value, obj);
    }

    static RdfTerm Term(string line, ref int i)
    {
        while (line[i] == ' ') i++;
        if (line[i] == '<')
        {
            var end = line.IndexOf('>', i);
            var iri = Unescape(line[(i + 1)..end]);
            i = end + 1;
            return new RdfTerm(iri, IsIri: true);
        }
        if (line[i] == '_')
        {
            var end = line.IndexOf(' ', i);
            var label = line[i..end];
            i = end;
            return new RdfTerm(label, IsBlank: true);
        }
        var text = new StringBuilder();
        i++; // opening quote
        while (line[i] != '"')
        {
            if (line[i] == '\\')
            {
                var c = line[i + 1];
                if (c is 'u' or 'U')
                {
                    var length = c == 'u' ? 4 : 8;
                    text.Append(char.ConvertFromUtf32(int.Parse(line.AsSpan(i + 2, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                    i += 2 + length;
                    continue;
                }
                text.Append(c switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => c });
                i += 2;
                continue;
            }
            text.Append(line[i++]);
        }
        i++;
        string? datatype = null;
        if (line.AsSpan(i).StartsWith("^^<"))
        {
            var end = line.IndexOf('>', i);
            datatype = line[(i + 3)..end];
            i = end + 1;
        }
        else if (line[i] == '@')
        {
            while (line[i] != ' ') i++;
        }
        return new RdfTerm(text.ToString(), Datatype: datatype);
    }

    static string Unescape(string iri) => iri.Contains('\\')
        ? System.Text.RegularExpressions.Regex.Replace(iri, @"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
            m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
        : iri;
}
