using System.Globalization;
using System.Text.RegularExpressions;

namespace Agora.Context.Query;

/// <summary>A malformed or unanswerable query; the caller answers 400 BadRequestData with the message.</summary>
public sealed class QueryException(string message) : Exception(message);

/// <summary>A parsed NGSI-LD query (ETSI GS CIM 009 §4.9). <c>ToString()</c> renders it back, fully parenthesised.</summary>
public abstract record QueryNode;

public sealed record AndNode(IReadOnlyList<QueryNode> Terms) : QueryNode
{
    public override string ToString() => "(" + string.Join(";", Terms) + ")";
}

public sealed record OrNode(IReadOnlyList<QueryNode> Terms) : QueryNode
{
    public override string ToString() => "(" + string.Join("|", Terms) + ")";
}

public sealed record ComparisonNode(AttrPath Path, QueryOp Op, QueryValue Value) : QueryNode
{
    public override string ToString() => Path + Op.Symbol() + Value;
}

/// <summary><c>attr</c> (the attribute, sub-attribute or value member is present) or <c>!attr</c>.</summary>
public sealed record ExistsNode(AttrPath Path, bool Negated) : QueryNode
{
    public override string ToString() => (Negated ? "!" : "") + Path;
}

/// <summary>
/// <c>attr.sub1.sub2[key1][key2]</c>: names as written in q (compact terms, expanded by the caller's context).
/// SubAttributes walk into sub-attributes (including core members such as observedAt, unitCode);
/// ValuePath walks into the attribute's JSON value (or a LanguageProperty's languageMap).
/// </summary>
public sealed record AttrPath(string Attribute, IReadOnlyList<string> SubAttributes, IReadOnlyList<string> ValuePath)
{
    public override string ToString() =>
        Attribute + string.Concat(SubAttributes.Select(s => "." + s)) + string.Concat(ValuePath.Select(k => "[" + k + "]"));
}

public enum QueryOp { Equal, NotEqual, Greater, GreaterOrEqual, Less, LessOrEqual, Matches, NotMatches }

public enum QueryValueKind { Number, String, Boolean, DateTime, Date, Time, Uri }

public abstract record QueryValue;

/// <summary>One literal. Text is the unquoted text; Number and Instant are set for those kinds.</summary>
public sealed record QueryScalar(QueryValueKind Kind, string Text, double Number = 0, DateTimeOffset Instant = default) : QueryValue
{
    public bool IsStringLike => Kind is QueryValueKind.String or QueryValueKind.Uri or QueryValueKind.Date or QueryValueKind.Time;

    public override string ToString() => Kind switch
    {
        QueryValueKind.String => "\"" + Text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        QueryValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        _ => Text,
    };
}

/// <summary><c>low..high</c>, inclusive at both ends.</summary>
public sealed record QueryRange(QueryScalar Low, QueryScalar High) : QueryValue
{
    public override string ToString() => Low + ".." + High;
}

/// <summary><c>a,b,c</c>: == is any-of, != is none-of.</summary>
public sealed record QueryList(IReadOnlyList<QueryScalar> Items) : QueryValue
{
    public override string ToString() => string.Join(",", Items);
}

/// <summary>The right side of <c>~=</c> / <c>!~=</c>: a .NET regular expression, compiled once with a match timeout.</summary>
public sealed record QueryPattern(string Pattern, Regex Regex) : QueryValue
{
    public override string ToString() => "\"" + Pattern + "\"";
}

public static class QueryOpExtensions
{
    public static string Symbol(this QueryOp op) => op switch
    {
        QueryOp.Equal => "==",
        QueryOp.NotEqual => "!=",
        QueryOp.Greater => ">",
        QueryOp.GreaterOrEqual => ">=",
        QueryOp.Less => "<",
        QueryOp.LessOrEqual => "<=",
        QueryOp.Matches => "~=",
        QueryOp.NotMatches => "!~=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>!= and !~= hold when the target exists and its positive counterpart does not.</summary>
    public static bool IsNegative(this QueryOp op) => op is QueryOp.NotEqual or QueryOp.NotMatches;
}
