using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Agora.Web;
using Microsoft.AspNetCore.Html;

namespace Agora.Challenges.Pages;

/// <summary>How the challenge pages name and format their values.</summary>
public static class ChallengeLabels
{
    /// <summary>Currencies whose minor unit is not a hundredth (ISO 4217's exponent 0 and 3).</summary>
    static readonly Dictionary<string, int> Exponents = new(StringComparer.Ordinal)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0, ["XOF"] = 0, ["XAF"] = 0, ["PYG"] = 0, ["UGX"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3, ["IQD"] = 3,
    };

    public static int Exponent(string currency) => Exponents.GetValueOrDefault(currency, 2);

    public static decimal ToMajor(long minor, string currency) => minor / (decimal)Math.Pow(10, Exponent(currency));

    public static long ToMinor(decimal major, string currency) =>
        (long)decimal.Round(major * (decimal)Math.Pow(10, Exponent(currency)), MidpointRounding.AwayFromZero);

    public static string Money(long? minor, string currency) => minor is { } m
        ? $"{ToMajor(m, currency).ToString(Exponent(currency) == 0 ? "#,0" : "#,0.##", CultureInfo.InvariantCulture)} {currency}" : "—";

    /// <summary>A large amount in a few characters, for chart labels: 2.7M EUR.</summary>
    public static string ShortMoney(long minor, string currency)
    {
        var major = ToMajor(minor, currency);
        var (value, suffix) = major >= 1_000_000_000 ? (major / 1_000_000_000, "bn") : major >= 1_000_000 ? (major / 1_000_000, "M")
            : major >= 1_000 ? (major / 1_000, "k") : (major, "");
        return $"{value.ToString("0.#", CultureInfo.InvariantCulture)}{suffix} {currency}";
    }

    public static string Number(decimal? value) => value?.ToString("#,0.####", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>"ClimateChange" → "Climate change".</summary>
    public static string Theme(CityTheme theme)
    {
        var name = theme.ToString();
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    public static string Status(ChallengeStatus status) => status switch
    {
        ChallengeStatus.Draft => "Draft",
        ChallengeStatus.Published => "Published",
        ChallengeStatus.Dialogue => "Market dialogue",
        ChallengeStatus.Procurement => "Procurement",
        ChallengeStatus.Piloting => "Piloting",
        ChallengeStatus.Scaling => "Scaling up",
        _ => "Closed",
    };

    public static string Role(ParticipantRole role) => role switch
    {
        ParticipantRole.Lead => "Lead agency",
        ParticipantRole.CoOwner => "Co-owner",
        _ => "Supporter",
    };

    public static string Level(string key) => key switch
    {
        "state" => "State", "regional" => "Regional", "municipal" => "Municipal", _ => "Level not given",
    };

    public static string Period(DateOnly? from, DateOnly? until) => (from, until) switch
    {
        (null, null) => "—",
        ({ } f, null) => $"from {f:yyyy-MM-dd}",
        (null, { } u) => $"until {u:yyyy-MM-dd}",
        ({ } f, { } u) => $"{f:yyyy-MM-dd} – {u:yyyy-MM-dd}",
    };

    /// <summary>A horizontal bar chart of demand groups, drawn on the server as SVG (no scripts): one bar per
    /// group, as long as its budget — or, when no agency gave a budget, as its number of agencies.</summary>
    public static IHtmlContent Chart(IReadOnlyList<DemandGroup> groups, string currency, string title, Func<string, string> label)
    {
        if (groups.Count == 0) return HtmlString.Empty;
        var byBudget = groups.Any(g => g.BudgetMinor > 0);
        double Value(DemandGroup g) => byBudget ? g.BudgetMinor : g.Agencies;
        var max = Math.Max(1, groups.Max(Value));
        const int labelWidth = 170, barWidth = 330, row = 30, width = labelWidth + barWidth + 130;
        var height = groups.Count * row + 10;
        var enc = HtmlEncoder.Default;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"demand-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{enc.Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{enc.Encode(title)}</title>");
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var y = 5 + i * row;
            var w = Math.Max(2, Value(g) / max * barWidth);
            var amount = byBudget ? ShortMoney(g.BudgetMinor, currency) : $"{g.Agencies} {(g.Agencies == 1 ? "agency" : "agencies")}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"dc-label\" x=\"{labelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\">{enc.Encode(Shorten(label(g.Key), 24))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"dc-bar\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w:0.#}\" height=\"{row - 10}\" rx=\"2\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{enc.Encode(label(g.Key))}: {enc.Encode(amount)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"dc-value\" x=\"{labelWidth + w + 6:0.#}\" y=\"{y + 18}\">{enc.Encode(amount)}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    public static string ThemeValue(CityTheme theme) => EnumText.Name(theme);
}
