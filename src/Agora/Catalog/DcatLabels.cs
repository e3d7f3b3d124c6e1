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

    static readonly Dictionary<string, string> Themes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AGRI"] = "Agriculture, fisheries, forestry and food", ["ECON"] = "Economy and finance",
        ["EDUC"] = "Education, culture and sport", ["ENER"] = "Energy", ["ENVI"] = "Environment",
        ["GOVE"] = "Government and public sector", ["HEAL"] = "Health", ["INTR"] = "International issues",
        ["JUST"] = "Justice, legal system and public safety", ["REGI"] = "Regions and cities",
        ["SOCI"] = "Population and society", ["TECH"] = "Science and technology", ["TRAN"] = "Transport",
        ["OP_DATPRO"] = "Provisional data",
    };

    static readonly Dictionary<string, string> Frequencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CONT"] = "Continuously updated", ["UPDATE_CONT"] = "Continuously updated", ["1MIN"] = "Every minute",
        ["5MIN"] = "Every five minutes", ["10MIN"] = "Every ten minutes", ["15MIN"] = "Every fifteen minutes",
        ["30MIN"] = "Every thirty minutes", ["HOURLY"] = "Hourly", ["BIHOURLY"] = "Every two hours",
        ["TRIHOURLY"] = "Every three hours", ["12HRS"] = "Every twelve hours", ["DAILY"] = "Daily",
        ["DAILY_2"] = "Twice a day", ["DAILY_3"] = "Three times a day", ["WEEKDAY"] = "Every working day",
        ["WEEKLY"] = "Weekly", ["WEEKLY_2"] = "Twice a week", ["WEEKLY_3"] = "Three times a week",
        ["BIWEEKLY"] = "Every two weeks", ["MONTHLY"] = "Monthly", ["MONTHLY_2"] = "Twice a month",
        ["MONTHLY_3"] = "Three times a month", ["BIMONTHLY"] = "Every two months", ["QUARTERLY"] = "Quarterly",
        ["ANNUAL"] = "Annual", ["ANNUAL_2"] = "Twice a year", ["ANNUAL_3"] = "Three times a year",
        ["BIENNIAL"] = "Every two years", ["TRIENNIAL"] = "Every three years", ["QUADRENNIAL"] = "Every four years",
        ["QUINQUENNIAL"] = "Every five years", ["DECENNIAL"] = "Every ten years", ["IRREG"] = "Irregular",
        ["NEVER"] = "Never", ["OTHER"] = "Other", ["UNKNOWN"] = "Unknown", ["AS_NEEDED"] = "As needed",
        ["NOT_PLANNED"] = "Not planned",
    };

    public static string Theme(string value) => Label(Themes, value);

    public static string Frequency(string value) => Label(Frequencies, value);

    /// <summary>A label for an extra's value: themes (several may be given, comma-separated) and frequencies by their codes.</summary>
    public static string Value(string key, string value) => key switch
    {
        "theme" => string.Join(", ", value.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => v.Trim('[', ']', '"')).Where(v => v.Length > 0).Select(Theme)),
        "frequency" => Frequency(value),
        _ => value,
    };

    /// <summary>The code at the end of an authority URI (…/data-theme/TRAN → TRAN), looked up; unknown values are shown as given.</summary>
    static string Label(Dictionary<string, string> table, string value)
    {
        var code = value.TrimEnd('/');
        code = code[(code.LastIndexOfAny(['/', '#']) + 1)..];
        return table.TryGetValue(code, out var label) ? label : value;
    }
}
