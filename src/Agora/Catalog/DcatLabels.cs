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

    /// <summary>A label for an extra's value: themes (a JSON list or comma-separated, as the theme extra is read) and frequencies by their codes.</summary>
    public static string Value(string key, string value) => key switch
    {
        "theme" => string.Join(", ", (Dcat.DcatExtras.ReadList(value) ?? [value]).Select(v => EuVocabularies.ThemeLabel(v) ?? v)),
        "frequency" => EuVocabularies.FrequencyLabel(value) ?? value,
        _ => value,
    };
}
