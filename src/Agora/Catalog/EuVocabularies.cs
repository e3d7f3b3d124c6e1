namespace Agora.Catalog;

/// <summary>The EU Publications Office vocabularies DCAT-AP uses for a dataset's theme and update
/// frequency. Datasets keep the code (ECON, MONTHLY) in their <c>theme</c> and <c>frequency</c> extras.</summary>
public static class EuVocabularies
{
    public const string ThemeBase = "http://publications.europa.eu/resource/authority/data-theme/";
    public const string FrequencyBase = "http://publications.europa.eu/resource/authority/frequency/";

    public static readonly IReadOnlyList<(string Code, string Label)> Themes =
    [
        ("AGRI", "Agriculture, fisheries, forestry and food"),
        ("ECON", "Economy and finance"),
        ("EDUC", "Education, culture and sport"),
        ("ENER", "Energy"),
        ("ENVI", "Environment"),
        ("GOVE", "Government and public sector"),
        ("HEAL", "Health"),
        ("INTR", "International issues"),
        ("JUST", "Justice, legal system and public safety"),
        ("REGI", "Regions and cities"),
        ("SOCI", "Population and society"),
        ("TECH", "Science and technology"),
        ("TRAN", "Transport"),
        ("OP_DATPRO", "Provisional data"),
    ];

    public static readonly IReadOnlyList<(string Code, string Label)> Frequencies =
    [
        ("CONT", "Continuously updated"),
        ("HOURLY", "Hourly"),
        ("DAILY", "Daily"),
        ("WEEKLY", "Weekly"),
        ("BIWEEKLY", "Every two weeks"),
        ("MONTHLY", "Monthly"),
        ("BIMONTHLY", "Every two months"),
        ("QUARTERLY", "Quarterly"),
        ("ANNUAL_2", "Twice a year"),
        ("ANNUAL", "Annual"),
        ("BIENNIAL", "Every two years"),
        ("TRIENNIAL", "Every three years"),
        ("IRREG", "Irregular"),
        ("NEVER", "Never (not updated)"),
        ("UNKNOWN", "Unknown"),
    ];

    /// <summary>The label of a theme given as a code or as its EU URI; null if it is not one of them.</summary>
    public static string? ThemeLabel(string? value) => Label(Themes, ThemeBase, value);

    public static string? FrequencyLabel(string? value) => Label(Frequencies, FrequencyBase, value);

    /// <summary>The code of a value given as a code (any case) or an EU URI; the value itself when unknown.</summary>
    public static string? Code(IReadOnlyList<(string Code, string Label)> list, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var tail = value.Trim().TrimEnd('/');
        tail = tail[(tail.LastIndexOf('/') + 1)..];
        return list.FirstOrDefault(e => string.Equals(e.Code, tail, StringComparison.OrdinalIgnoreCase)).Code ?? value.Trim();
    }

    static string? Label(IReadOnlyList<(string Code, string Label)> list, string uriBase, string? value)
    {
        var code = Code(list, value);
        if (value is not null && value.Contains("://", StringComparison.Ordinal) && !value.StartsWith(uriBase, StringComparison.Ordinal)) return null;
        return list.FirstOrDefault(e => e.Code == code).Label;
    }
}
