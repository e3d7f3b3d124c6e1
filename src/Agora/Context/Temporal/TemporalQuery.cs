using System.Xml;
using Agora.Context.JsonLd;

namespace Agora.Context.Temporal;

public enum TimeRel { None, Before, After, Between }

public enum TemporalForm { Normalized, TemporalValues, Aggregated }

/// <summary>The temporal part of a request to <c>/temporal/entities</c> (§6.18.3.2, §6.19.3.1): the time
/// window, which time it is about, how many instances, and the representation asked for.</summary>
public sealed record TemporalQuery(
    TimeRel TimeRel, DateTime? TimeAt, DateTime? EndTimeAt, bool ByObservedAt, int? LastN,
    HashSet<string>? Attrs, TemporalForm Form, bool SysAttrs, IReadOnlyList<string> AggrMethods, TimeSpan? AggrPeriod)
{
    /// <summary>At most this many instances of one attribute in one answer, as Stellio and Mintaka cap
    /// theirs; the rest is asked for with the Content-Range the answer carries.</summary>
    public const int MaxInstances = 1000;

    public static readonly string[] KnownAggrMethods = ["totalCount", "distinctCount", "sum", "avg", "min", "max", "stddev", "sumsq"];

    /// <summary>The column the window and the order are about: observed_at by default; createdAt and
    /// modifiedAt both mean when Agora stored the instance.</summary>
    public string TimeColumn => ByObservedAt ? "observed_at" : "recorded_at";

    public static TemporalQuery From(IQueryCollection query, LdContext context)
    {
        var timeRel = query["timerel"].ToString() switch
        {
            "" => TimeRel.None,
            "before" => TimeRel.Before,
            "after" => TimeRel.After,
            "between" => TimeRel.Between,
            var other => throw NgsiLdException.BadData($"timerel must be before, after or between, not '{other}'."),
        };
        var timeAt = Time(query, "timeAt");
        var endTimeAt = Time(query, "endTimeAt");
        if (timeRel != TimeRel.None && timeAt is null)
            throw NgsiLdException.BadData("timerel needs timeAt (an ISO 8601 date and time).");
        if (timeRel == TimeRel.None && timeAt is not null)
            throw NgsiLdException.BadData("timeAt needs timerel (before, after or between).");
        if (timeRel == TimeRel.Between)
        {
            if (endTimeAt is null) throw NgsiLdException.BadData("timerel=between needs endTimeAt.");
            if (endTimeAt <= timeAt) throw NgsiLdException.BadData("endTimeAt must be after timeAt.");
        }
        else if (endTimeAt is not null)
            throw NgsiLdException.BadData("endTimeAt is only used with timerel=between.");

        var byObservedAt = query["timeproperty"].ToString() switch
        {
            "" or "observedAt" => true,
            "modifiedAt" or "createdAt" => false,
            var other => throw NgsiLdException.BadData($"timeproperty must be observedAt, createdAt or modifiedAt, not '{other}'."),
        };

        int? lastN = null;
        if (query["lastN"].ToString() is { Length: > 0 } n)
            lastN = int.TryParse(n, out var v) && v > 0 ? v : throw NgsiLdException.BadData("lastN must be a whole number of 1 or more.");

        var options = ViewOptions.List(query["options"]) ?? [];
        foreach (var o in options)
            if (o is not ("temporalValues" or "simplified" or "keyValues" or "normalized" or "sysAttrs" or "aggregatedValues"))
                throw NgsiLdException.BadData($"Unknown option '{o}'; use temporalValues, aggregatedValues or sysAttrs.");
        var format = query["format"].ToString();
        var form = format switch
        {
            "temporalValues" or "simplified" or "keyValues" => TemporalForm.TemporalValues,
            "aggregatedValues" => TemporalForm.Aggregated,
            "normalized" => TemporalForm.Normalized,
            "" => options.Contains("aggregatedValues") ? TemporalForm.Aggregated
                : options.Overlaps(["temporalValues", "simplified", "keyValues"]) ? TemporalForm.TemporalValues
                : TemporalForm.Normalized,
            _ => throw NgsiLdException.BadData($"Unknown format '{format}'; use normalized, temporalValues or aggregatedValues."),
        };

        var methods = ViewOptions.List(query["aggrMethods"])?.ToList() ?? [];
        foreach (var m in methods)
            if (!KnownAggrMethods.Contains(m))
                throw NgsiLdException.BadData($"Unknown aggrMethod '{m}'; use {string.Join(", ", KnownAggrMethods)}.");
        if (form == TemporalForm.Aggregated && methods.Count == 0)
            throw NgsiLdException.BadData("The aggregated temporal representation needs aggrMethods.");
        TimeSpan? period = null;
        if (query["aggrPeriodDuration"].ToString() is { Length: > 0 } d)
            period = Duration(d);

        var attrs = ViewOptions.List(query["attrs"]);
        if (attrs is not null) foreach (var a in attrs) NgsiLdInput.CheckName(a, "Attribute name");
        return new(timeRel, timeAt, endTimeAt, byObservedAt, lastN, attrs?.Select(context.ExpandTerm).ToHashSet(), form,
            options.Contains("sysAttrs"), methods.Distinct().ToList(), period);
    }

    static DateTime? Time(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        return NgsiLdInput.TryDateTime(text, out var t) ? t
            : throw NgsiLdException.BadData($"{name} must be an ISO 8601 date and time (e.g. 2024-05-01T12:00:00Z), not '{text}'.");
    }

    /// <summary>An ISO 8601 duration (PT1H, P1D, P1W…). Months and years are taken as 30 and 365 days,
    /// as XML Schema durations are: buckets have one fixed length.</summary>
    public static TimeSpan Duration(string text)
    {
        TimeSpan span;
        try
        {
            span = text.Contains('W') && System.Text.RegularExpressions.Regex.Match(text, @"^P(\d+)W$") is { Success: true } w
                ? TimeSpan.FromDays(7 * int.Parse(w.Groups[1].Value))
                : XmlConvert.ToTimeSpan(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw NgsiLdException.BadData($"aggrPeriodDuration must be an ISO 8601 duration such as PT1H or P1D, not '{text}'.");
        }
        if (span < TimeSpan.FromMilliseconds(1) || !text.StartsWith('P'))
            throw NgsiLdException.BadData($"aggrPeriodDuration must be a positive ISO 8601 duration such as PT1H or P1D, not '{text}'.");
        return span;
    }
}
