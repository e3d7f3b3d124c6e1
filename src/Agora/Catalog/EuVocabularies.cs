namespace Agora.Catalog;

/// <summary>The EU Publications Office authority tables DCAT-AP points a dataset's theme, update
/// frequency, access rights and language at. Datasets keep theme and frequency codes (TRAN, MONTHLY)
/// or the authority IRIs in their <c>theme</c> and <c>frequency</c> extras; forms offer the tables,
/// pages show their labels and the DCAT writers their IRIs.</summary>
public static class EuVocabularies
{
    public const string ThemeBase = "http://publications.europa.eu/resource/authority/data-theme/";
    public const string FrequencyBase = "http://publications.europa.eu/resource/authority/frequency/";
    public const string AccessRightBase = "http://publications.europa.eu/resource/authority/access-right/";
    public const string LanguageBase = "http://publications.europa.eu/resource/authority/language/";

    /// <summary>The data-theme table (DCAT-AP's mandatory vocabulary for dcat:theme).</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Themes =
    [
        ("AGRI", "Agriculture, fisheries, forestry and food"), ("ECON", "Economy and finance"),
        ("EDUC", "Education, culture and sport"), ("ENER", "Energy"), ("ENVI", "Environment"),
        ("GOVE", "Government and public sector"), ("HEAL", "Health"), ("INTR", "International issues"),
        ("JUST", "Justice, legal system and public safety"), ("REGI", "Regions and cities"),
        ("SOCI", "Population and society"), ("TECH", "Science and technology"), ("TRAN", "Transport"),
        ("OP_DATPRO", "Provisional data"),
    ];

    /// <summary>The frequency table (dct:accrualPeriodicity), most frequent first.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Frequencies =
    [
        ("CONT", "Continuously updated"), ("UPDATE_CONT", "Continuously updated"), ("1MIN", "Every minute"),
        ("5MIN", "Every five minutes"), ("10MIN", "Every ten minutes"), ("15MIN", "Every fifteen minutes"),
        ("30MIN", "Every thirty minutes"), ("HOURLY", "Hourly"), ("BIHOURLY", "Every two hours"),
        ("TRIHOURLY", "Every three hours"), ("12HRS", "Every twelve hours"), ("DAILY", "Daily"),
        ("DAILY_2", "Twice a day"), ("WEEKLY", "Weekly"), ("WEEKLY_2", "Twice a week"), ("WEEKLY_3", "Three times a week"),
        ("BIWEEKLY", "Every two weeks"), ("MONTHLY", "Monthly"), ("MONTHLY_2", "Twice a month"),
        ("MONTHLY_3", "Three times a month"), ("BIMONTHLY", "Every two months"), ("QUARTERLY", "Quarterly"),
        ("ANNUAL_2", "Twice a year"), ("ANNUAL_3", "Three times a year"), ("ANNUAL", "Annual"),
        ("BIENNIAL", "Every two years"), ("TRIENNIAL", "Every three years"), ("QUADRENNIAL", "Every four years"),
        ("QUINQUENNIAL", "Every five years"), ("DECENNIAL", "Every ten years"), ("BIDECENNIAL", "Every twenty years"),
        ("TRIDECENNIAL", "Every thirty years"), ("IRREG", "Irregular"), ("AS_NEEDED", "As needed"),
        ("NOT_PLANNED", "Not planned"), ("NEVER", "Never (not updated)"), ("OP_DATPRO", "Provisional data"),
        ("OTHER", "Other"), ("UNKNOWN", "Unknown"),
    ];

    /// <summary>The table's code for a value given as a code (any case) or as its authority IRI; null if it is neither.</summary>
    public static string? Known(IReadOnlyList<(string Code, string Label)> table, string authority, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.StartsWith(authority, StringComparison.OrdinalIgnoreCase)) text = text[authority.Length..].TrimEnd('/');
        return table.FirstOrDefault(e => string.Equals(e.Code, text, StringComparison.OrdinalIgnoreCase)).Code;
    }

    /// <summary>The code of a theme given as a code or an EU IRI; the value itself when it is not in the table.</summary>
    public static string? ThemeCode(string? value) => Known(Themes, ThemeBase, value) ?? value?.Trim().NullIfEmpty();

    public static string? FrequencyCode(string? value) => Known(Frequencies, FrequencyBase, value) ?? value?.Trim().NullIfEmpty();

    static string? NullIfEmpty(this string text) => text.Length == 0 ? null : text;

    public static string? ThemeLabel(string? value) => Label(Themes, ThemeBase, value);

    public static string? FrequencyLabel(string? value) => Label(Frequencies, FrequencyBase, value);

    static string? Label(IReadOnlyList<(string Code, string Label)> table, string authority, string? value) =>
        Known(table, authority, value) is { } code ? table.First(e => e.Code == code).Label : null;
}
