namespace Agora.Catalog.Dcat;

/// <summary>The EU Publications Office authority tables DCAT-AP 3 points its properties at.</summary>
public static class EuVocabularies
{
    public const string ThemeBase = "http://publications.europa.eu/resource/authority/data-theme/";
    public const string FrequencyBase = "http://publications.europa.eu/resource/authority/frequency/";
    public const string AccessRightBase = "http://publications.europa.eu/resource/authority/access-right/";
    public const string LanguageBase = "http://publications.europa.eu/resource/authority/language/";

    /// <summary>The data-theme table (DCAT-AP's mandatory vocabulary for dcat:theme).</summary>
    public static readonly IReadOnlySet<string> Themes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN",
    };

    /// <summary>The frequency table (dct:accrualPeriodicity).</summary>
    public static readonly IReadOnlySet<string> Frequencies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "1MIN", "5MIN", "10MIN", "15MIN", "30MIN", "HOURLY", "BIHOURLY", "TRIHOURLY", "12HRS", "CONT", "UPDATE_CONT",
        "DAILY", "DAILY_2", "WEEKLY", "WEEKLY_2", "WEEKLY_3", "BIWEEKLY", "MONTHLY", "MONTHLY_2", "MONTHLY_3", "BIMONTHLY",
        "QUARTERLY", "ANNUAL", "ANNUAL_2", "ANNUAL_3", "BIENNIAL", "TRIENNIAL", "QUADRENNIAL", "QUINQUENNIAL", "DECENNIAL",
        "BIDECENNIAL", "TRIDECENNIAL", "IRREG", "NEVER", "AS_NEEDED", "NOT_PLANNED", "OP_DATPRO", "OTHER", "UNKNOWN",
    };

    /// <summary>ISO 639-1 codes of the EU's official languages and a few neighbours, to their authority codes.</summary>
    static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bg"] = "BUL", ["cs"] = "CES", ["da"] = "DAN", ["de"] = "DEU", ["el"] = "ELL", ["en"] = "ENG", ["es"] = "SPA",
        ["et"] = "EST", ["fi"] = "FIN", ["fr"] = "FRA", ["ga"] = "GLE", ["hr"] = "HRV", ["hu"] = "HUN", ["it"] = "ITA",
        ["lt"] = "LIT", ["lv"] = "LAV", ["mt"] = "MLT", ["nl"] = "NLD", ["pl"] = "POL", ["pt"] = "POR", ["ro"] = "RON",
        ["sk"] = "SLK", ["sl"] = "SLV", ["sv"] = "SWE", ["no"] = "NOR", ["nb"] = "NOB", ["nn"] = "NNO", ["is"] = "ISL",
    };

    public static Iri AccessRight(Visibility visibility) => new(AccessRightBase + visibility switch
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
        if (Languages.TryGetValue(code.Trim(), out var authority)) return new Iri(LanguageBase + authority);
        return code.Trim().Length == 3 ? new Iri(LanguageBase + code.Trim().ToUpperInvariant()) : Rdf.Text(code.Trim());
    }

    /// <summary>A theme or frequency value as an IRI: a known code becomes the authority IRI, an http(s)
    /// IRI stays itself; anything else is null.</summary>
    public static Iri? Concept(string value, IReadOnlySet<string> codes, string authority)
    {
        var text = value.Trim();
        if (codes.Contains(text)) return new Iri(authority + text.ToUpperInvariant());
        return text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? Rdf.Iri(text) : null;
    }
}
