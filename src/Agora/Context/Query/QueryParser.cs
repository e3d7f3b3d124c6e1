using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Agora.Context.Query;

/// <summary>
/// Parses the NGSI-LD query language (ETSI GS CIM 009 §4.9), already URL-decoded:
/// <code>
/// query   = or
/// or      = and *("|" and)
/// and     = term *(";" term)          ; AND binds tighter than OR, as in Stellio and Scorpio
/// term    = "(" query ")" / "!" path / path [op value]
/// path    = name *("." name) *("[" key "]")
/// value   = scalar / scalar ".." scalar / scalar 1*("," scalar)      ; ranges and lists only with == and !=
/// scalar  = number / "quoted" / true / false / dateTime / date / time / URI
/// </code>
/// Orion-LD refuses ";" and "|" mixed on one level without parentheses; we accept them with the usual
/// precedence because the spec's grammar allows the mix and the other brokers read it this way.
/// Positions in messages are 1-based character offsets into q.
/// </summary>
public static partial class QueryParser
{
    public const int MaxLength = 4000;
    public const int MaxDepth = 32;

    // Regular expressions from q run with a short timeout: a catastrophic pattern must not hold a request thread.
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    // Sub-attributes whose values are timestamps: a quoted dateTime compared with them compares as an instant.
    private static readonly HashSet<string> TimestampMembers = ["observedAt", "createdAt", "modifiedAt", "deletedAt"];

    public static QueryNode Parse(string q)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (q.Length > MaxLength)
            throw new QueryException($"q: longer than {MaxLength} characters");
        if (string.IsNullOrWhiteSpace(q))
            throw new QueryException("q: empty query");
        var parser = new Parser(q);
        var node = parser.ParseOr(0);
        parser.SkipSpace();
        if (!parser.AtEnd)
            throw parser.Error(parser.Peek == ')' ? "unbalanced ')'" : $"unexpected '{parser.Peek}'");
        return node;
    }

    internal static bool TryParseDateTime(string text, out DateTimeOffset instant)
    {
        instant = default;
        return DateTimeShape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex DateTimeShape();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex TimeShape();

    [GeneratedRegex(@"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberShape();

    private sealed class Parser(string q)
    {
        private int _pos;

        public bool AtEnd => _pos >= q.Length;
        public char Peek => q[_pos];

        public QueryException Error(string what) => ErrorAt(what, _pos);

        private QueryException ErrorAt(string what, int pos) => new($"q: {what} at position {pos + 1}");

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek))
                _pos++;
        }

        public QueryNode ParseOr(int depth)
        {
            var terms = new List<QueryNode> { ParseAnd(depth) };
            SkipSpace();
            while (!AtEnd && Peek == '|')
            {
                _pos++;
                terms.Add(ParseAnd(depth));
                SkipSpace();
            }
            return terms.Count == 1 ? terms[0] : new OrNode(terms);
        }

        private QueryNode ParseAnd(int depth)
        {
            var terms = new List<QueryNode> { ParseTerm(depth) };
            SkipSpace();
            while (!AtEnd && Peek == ';')
            {
                _pos++;
                terms.Add(ParseTerm(depth));
                SkipSpace();
            }
            return terms.Count == 1 ? terms[0] : new AndNode(terms);
        }

        private QueryNode ParseTerm(int depth)
        {
            SkipSpace();
            if (AtEnd)
                throw Error("expected a query term");
            if (Peek == '(')
            {
                if (depth + 1 > MaxDepth)
                    throw Error($"parentheses nested deeper than {MaxDepth}");
                var open = _pos++;
                var inner = ParseOr(depth + 1);
                SkipSpace();
                if (AtEnd || Peek != ')')
                    throw ErrorAt("unclosed '('", open);
                _pos++;
                return inner;
            }
            if (Peek == '!')
            {
                _pos++;
                SkipSpace();
                return new ExistsNode(ParsePath(), Negated: true);
            }
            var path = ParsePath();
            SkipSpace();
            if (AtEnd || Peek is ';' or '|' or ')')
                return new ExistsNode(path, Negated: false);
            var opAt = _pos;
            var op = ParseOperator();
            SkipSpace();
            if (AtEnd || Peek is ';' or '|' or ')')
                throw Error($"expected a value after '{op.Symbol()}'");
            var value = op is QueryOp.Matches or QueryOp.NotMatches ? ParsePattern() : ParseValue(path, op, opAt);
            return new ComparisonNode(path, op, value);
        }

        private QueryOp ParseOperator()
        {
            foreach (var (text, op) in Operators)
            {
                if (string.CompareOrdinal(q, _pos, text, 0, text.Length) == 0)
                {
                    _pos += text.Length;
                    return op;
                }
            }
            throw Error($"expected an operator (== != > >= < <= ~= !~=), ';', '|' or ')' but found '{Peek}'");
        }

        // Longest first, so ">=" is not read as ">" followed by "=".
        private static readonly (string, QueryOp)[] Operators =
        [
            ("!~=", QueryOp.NotMatches), ("==", QueryOp.Equal), ("!=", QueryOp.NotEqual), (">=", QueryOp.GreaterOrEqual),
            ("<=", QueryOp.LessOrEqual), ("~=", QueryOp.Matches), (">", QueryOp.Greater), ("<", QueryOp.Less),
        ];

        private AttrPath ParsePath()
        {
            var attribute = ParseName("an attribute name");
            var subs = new List<string>();
            while (!AtEnd && Peek == '.')
            {
                _pos++;
                subs.Add(ParseName("a sub-attribute name after '.'"));
            }
            var keys = new List<string>();
            while (!AtEnd && Peek == '[')
            {
                var open = _pos++;
                var start = _pos;
                while (!AtEnd && Peek != ']')
                {
                    // Keys become JSON path members (parameters, never SQL text); quotes and brackets would need escaping there.
                    if (Peek is '[' or '"' or '\\')
                        throw Error($"'{Peek}' is not allowed in a [key]");
                    _pos++;
                }
                if (AtEnd)
                    throw ErrorAt("unclosed '['", open);
                if (_pos == start)
                    throw Error("empty [key]");
                keys.Add(q[start.._pos]);
                _pos++;
            }
            return new AttrPath(attribute, subs, keys);
        }

        private string ParseName(string what)
        {
            var start = _pos;
            while (!AtEnd && IsNameChar(Peek))
                _pos++;
            if (_pos == start)
                throw Error(AtEnd ? $"expected {what}" : $"expected {what} but found '{Peek}'");
            return q[start.._pos];
        }

        // Names per §4.6.2 (letters, digits, '_') plus what compact IRIs and URNs bring (':', '-', '/', '#').
        // A full IRI with dots cannot be told from a sub-attribute path, so those need a context term.
        private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':' or '-' or '/' or '#' or '@' or '$';

        private QueryValue ParseValue(AttrPath path, QueryOp op, int opAt)
        {
            var timestampTarget = path.ValuePath.Count == 0 && path.SubAttributes.Count > 0
                && TimestampMembers.Contains(path.SubAttributes[^1]);
            var first = ParseScalar(timestampTarget);
            SkipSpace();
            QueryValue value = first;
            if (!AtEnd && Peek == '.' && _pos + 1 < q.Length && q[_pos + 1] == '.')
            {
                _pos += 2;
                SkipSpace();
                var high = ParseScalar(timestampTarget);
                CheckSameKind(first, high, "range");
                if (first.Kind == QueryValueKind.Boolean)
                    throw ErrorAt("a range needs numbers, strings or dateTimes, not booleans", opAt);
                value = new QueryRange(first, high);
            }
            else if (!AtEnd && Peek == ',')
            {
                var items = new List<QueryScalar> { first };
                while (!AtEnd && Peek == ',')
                {
                    _pos++;
                    SkipSpace();
                    var item = ParseScalar(timestampTarget);
                    CheckSameKind(first, item, "list");
                    items.Add(item);
                    SkipSpace();
                }
                value = new QueryList(items);
            }
            SkipSpace();
            if (!AtEnd && Peek is not (';' or '|' or ')'))
                throw Error($"unexpected '{Peek}' after the value");
            if (value is not QueryScalar && op is not (QueryOp.Equal or QueryOp.NotEqual))
                throw ErrorAt($"ranges and lists can only follow == or !=, not '{op.Symbol()}'", opAt);
            if (value is QueryScalar { Kind: QueryValueKind.Boolean } && op is not (QueryOp.Equal or QueryOp.NotEqual))
                throw ErrorAt($"true/false can only follow == or !=, not '{op.Symbol()}'", opAt);
            return value;
        }

        private void CheckSameKind(QueryScalar first, QueryScalar other, string what)
        {
            static int Family(QueryScalar s) => s.Kind switch
            {
                QueryValueKind.Number => 0,
                QueryValueKind.Boolean => 1,
                QueryValueKind.DateTime => 2,
                _ => 3, // strings, URIs, dates and times all compare as text
            };
            if (Family(first) != Family(other))
                throw Error($"mixed value types in a {what} ({first.Kind} and {other.Kind})");
        }

        private QueryScalar ParseScalar(bool timestampTarget)
        {
            if (AtEnd)
                throw Error("expected a value");
            if (Peek == '"')
            {
                var text = ReadQuoted(keepBackslashes: false);
                // observedAt>"2020-01-01T00:00:00Z" means an instant, as in Orion-LD; elsewhere a quoted string stays a string.
                if (timestampTarget && TryParseDateTime(text, out var quotedInstant))
                    return new QueryScalar(QueryValueKind.DateTime, text, Instant: quotedInstant);
                return new QueryScalar(QueryValueKind.String, text);
            }
            var start = _pos;
            while (!AtEnd && Peek is not (';' or '|' or '(' or ')' or ',' or '"') && !char.IsWhiteSpace(Peek)
                   && !(Peek == '.' && _pos + 1 < q.Length && q[_pos + 1] == '.'))
                _pos++;
            var raw = q[start.._pos];
            if (raw.Length == 0)
                throw Error(AtEnd ? "expected a value" : $"expected a value but found '{Peek}'");
            if (raw == "true" || raw == "false")
                return new QueryScalar(QueryValueKind.Boolean, raw);
            if (NumberShape().IsMatch(raw))
            {
                var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                    throw ErrorAt($"number out of range '{raw}'", start);
                return new QueryScalar(QueryValueKind.Number, raw, Number: number);
            }
            if (TryParseDateTime(raw, out var instant))
                return new QueryScalar(QueryValueKind.DateTime, raw, Instant: instant);
            if (DateTimeShape().IsMatch(raw))
                throw ErrorAt($"invalid dateTime '{raw}'", start);
            if (DateShape().IsMatch(raw))
                return new QueryScalar(QueryValueKind.Date, raw);
            if (TimeShape().IsMatch(raw))
                return new QueryScalar(QueryValueKind.Time, raw);
            if (raw.Contains(':'))
                return new QueryScalar(QueryValueKind.Uri, raw);
            // The spec wants strings quoted; Orion-LD and Stellio take a bare word as a string, and so do we.
            return new QueryScalar(QueryValueKind.String, raw);
        }

        private string ReadQuoted(bool keepBackslashes)
        {
            var open = _pos++;
            var text = new StringBuilder();
            while (!AtEnd && Peek != '"')
            {
                if (Peek == '\\' && _pos + 1 < q.Length && (q[_pos + 1] == '"' || (!keepBackslashes && q[_pos + 1] == '\\')))
                    _pos++;
                text.Append(q[_pos++]);
            }
            if (AtEnd)
                throw ErrorAt("unclosed '\"'", open);
            _pos++;
            return text.ToString();
        }

        // A pattern is either quoted or runs to the next ';', '|' or unbalanced ')'; parentheses inside it must balance.
        private QueryPattern ParsePattern()
        {
            var start = _pos;
            string pattern;
            if (Peek == '"')
            {
                pattern = ReadQuoted(keepBackslashes: true);
            }
            else
            {
                var depth = 0;
                while (!AtEnd)
                {
                    var c = Peek;
                    if (c == '\\' && _pos + 1 < q.Length)
                    {
                        _pos += 2;
                        continue;
                    }
                    if (c == '(')
                        depth++;
                    else if (c == ')')
                    {
                        if (depth == 0)
                            break;
                        depth--;
                    }
                    else if (depth == 0 && c is ';' or '|')
                        break;
                    _pos++;
                }
                pattern = q[start.._pos].TrimEnd();
            }
            SkipSpace();
            if (!AtEnd && Peek is not (';' or '|' or ')'))
                throw Error($"unexpected '{Peek}' after the pattern");
            if (pattern.Length == 0)
                throw ErrorAt("empty regular expression", start);
            try
            {
                return new QueryPattern(pattern, new Regex(pattern, RegexOptions.None, RegexTimeout));
            }
            catch (ArgumentException e)
            {
                throw ErrorAt($"invalid regular expression ({e.Message})", start);
            }
        }
    }
}
