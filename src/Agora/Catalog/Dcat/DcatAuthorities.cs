namespace Agora.Catalog.Dcat;

/// <summary>Dataset values as the EU authority IRIs DCAT-AP 3 points its properties at (the tables
/// themselves are <see cref="EuVocabularies"/>).</summary>
public static class DcatAuthorities
{
    /// <summary>ISO 639-1 codes of the EU's official languages and a few neighbours, to their authority codes.</summary>
    static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bg"] = "BUL", ["cs"] = "CES", ["da"] = "DAN", ["de"] = "DEU", ["el"] = "ELL", ["en"] = "ENG", ["es"] = "SPA",
        ["et"] = "EST", ["fi"] = "FIN", ["fr"] = "FRA", ["ga"] = "GLE", ["hr"] = "HRV", ["hu"] = "HUN", ["it"] = "ITA",
        ["lt"] = "LIT", ["lv"] = "LAV", ["mt"] = "MLT", ["nl"] = "NLD", ["pl"] = "POL", ["pt"] = "POR", ["ro"] = "RON",
        ["sk"] = "SLK", ["sl"] = "SLV", ["sv"] = "SWE", ["no"] = "NOR", ["nb"] = "NOB", ["nn"] = "NNO", ["is"] = "ISL",
    };

    public static Iri AccessRight(Visibility visibility) => new(EuVocabularies.AccessRightBase + visibility switch
    {
        Visibility.Public => "PUBLIC",
        Visibility.Brokered => "RESTRICTED",
        _ => "NON_PUBLIC",
    });

    /// <summary>A language as an authority IRI: "en" → …/language/ENG; an IRI stays itself.</summary>
    public static RdfNode? Language(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        if (Rdf.Iri(code) is { } iri && code.Contains("://", StringComparison.Ordinal)) return iri;
        if (Languages.TryGetValue(code.Trim(), out var authority)) return new Iri(EuVocabularies.LanguageBase + authority);
        return code.Trim().Length == 3 ? new Iri(EuVocabularies.LanguageBase + code.Trim().ToUpperInvariant()) : Rdf.Text(code.Trim());
    }

    public static Iri? Theme(string value) => Concept(value, EuVocabularies.Themes, EuVocabularies.ThemeBase);

    public static Iri? Frequency(string value) => Concept(value, EuVocabularies.Frequencies, EuVocabularies.FrequencyBase);

    /// <summary>A known code becomes the authority IRI, an http(s) IRI stays itself; anything else is null.</summary>
    static Iri? Concept(string value, IReadOnlyList<(string Code, string Label)> table, string authority)
    {
        var text = value.Trim();
        if (EuVocabularies.Known(table, authority, text) is { } code) return new Iri(authority + code);
        return text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? Rdf.Iri(text) : null;
    }
}
