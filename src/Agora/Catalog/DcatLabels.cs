namespace Agora.Catalog;

/// <summary>Human names for the DCAT-AP extras a dataset may carry: EU data themes and update
/// frequencies, given as the EU authority tables' codes (TRAN) or their full URIs.</summary>
public static class DcatLabels
{
    /// <summary>The extras shown with their own labels, in this order, before the other extras.</summary>
    public static readonly (string Key, string Label)[] Fields =
    [
        ("theme", "Theme"), ("frequency", "Update frequency"), ("spatial", "Spatial coverage"),
        ("temporal_start", "Covers from"), ("temporal_end", "Covers until"),
    ];

    public static string Theme(string value) => EuVocabularies.ThemeLabel(value) ?? value;

    public static string Frequency(string value) => EuVocabularies.FrequencyLabel(value) ?? value;

    /// <summary>A label for an extra's value: themes (several may be given, comma-separated) and frequencies by their codes.</summary>
    public static string Value(string key, string value) => key switch
    {
        "theme" => string.Join(", ", value.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.Trim('[', ']', '"')).Where(v => v.Length > 0).Select(Theme)),
        "frequency" => Frequency(value),
        _ => value,
    };
}
