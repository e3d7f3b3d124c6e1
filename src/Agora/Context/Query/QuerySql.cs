using System.Globalization;

namespace Agora.Context.Query;

/// <summary>
/// Translates q into a SQL condition over <c>ngsi_entities e</c> and <c>ngsi_attrs a</c>, with the rules of
/// <see cref="QueryEvaluator"/> (the tests hold the two to the same answers). Every term is one
/// <c>e.key IN (SELECT a.entity_key FROM ngsi_attrs a WHERE a.name = @n AND …)</c>, so "any instance" of
/// a multi-instance attribute falls out of the set. Top-level scalar values use the typed columns (num, text, bool);
/// arrays, language maps, lists, sub-attributes and [key] paths read the instance's JSON (SQLite json_each/json_tree,
/// PostgreSQL jsonb #> and jsonb_array_elements). Every name, path and value is a parameter.
/// </summary>
public static class QuerySql
{
    // The regular expressions run in the database: SQLite calls the caller's regexp(pattern, text) (.NET syntax);
    // PostgreSQL uses its own ARE dialect with ~, which reads the common subset (classes, \d, (?i), anchors) alike.
    public static string? Translate(QueryNode q, Func<string, string> expandTerm, bool postgres, IDictionary<string, object?> parameters)
    {
        var added = new List<string>();
        try
        {
            return new Translator(expandTerm, postgres, parameters, added).Node(q);
        }
        catch (UntranslatableException)
        {
            foreach (var name in added)
                parameters.Remove(name);
            return null;
        }
    }

    /// <summary>
    /// q split into its top-level terms (those of an AND, nested ANDs flattened; or q itself): each with its condition
    /// on <c>e</c> (together they say what <see cref="Translate"/> says) and, for a term only entities with a given
    /// attribute satisfy, the exact set of those entities (<c>SELECT a.entity_key …</c>, maybe with repeats): on
    /// SQLite every such term, on PostgreSQL the ranged ones only.
    /// A <see cref="QueryTerm.Ranged"/> set reads an index range narrowed by the typed value (a top-level value
    /// compared with a number or a string), plus the attribute's rows without a typed value (arrays, lists, language
    /// maps), whose JSON it tests; the other sets read all the attribute's rows. Null when q cannot be said in SQL.
    /// </summary>
    public static List<QueryTerm>? Terms(QueryNode q, Func<string, string> expandTerm, bool postgres, IDictionary<string, object?> parameters)
    {
        var added = new List<string>();
        try
        {
            var translator = new Translator(expandTerm, postgres, parameters, added);
            return [.. Conjuncts(q).Select(translator.Term)];
        }
        catch (UntranslatableException)
        {
            foreach (var name in added)
                parameters.Remove(name);
            return null;
        }
    }

    private static IEnumerable<QueryNode> Conjuncts(QueryNode q) => q is AndNode and ? and.Terms.SelectMany(Conjuncts) : [q];

    private sealed class UntranslatableException : Exception;

    /// <summary>One top-level term of q: see <see cref="Terms"/>.</summary>
    public sealed record QueryTerm(string Filter, string? Set, bool Ranged);

    // SQL expressions that yield the candidate as a number / string / boolean, or NULL when it is not of that kind.
    private sealed record Operands(string Num, string Str, string Bool, string? Instant = null);

    private sealed class Translator(Func<string, string> expandTerm, bool postgres, IDictionary<string, object?> parameters, List<string> added)
    {
        private const string DateTimeGlob = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'";
        private const string DateTimeRegex = @"'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$'";
        private int _next;

        private string Param(object? value)
        {
            string name;
            do
                name = "@q" + (_next++).ToString(CultureInfo.InvariantCulture);
            while (parameters.ContainsKey(name));
            parameters[name] = value;
            added.Add(name);
            return name;
        }

        public string Node(QueryNode q) => q switch
        {
            AndNode and => "(" + string.Join(" AND ", and.Terms.Select(Node)) + ")",
            OrNode or => "(" + string.Join(" OR ", or.Terms.Select(Node)) + ")",
            ExistsNode exists => (exists.Negated ? "NOT " : "") + Attribute(exists.Path, TargetExists(exists.Path)),
            ComparisonNode comparison => Attribute(comparison.Path, Instance(comparison)),
            _ => throw new UntranslatableException(),
        };

        // A correlated EXISTS, probed through the primary key (entity_key, name, …) for each candidate entity:
        // the entity query (EntityQueries.SelectAsync) either walks a type's entities in key order and stops
        // after a page, or starts from a small set of candidates (see Terms) — building the set of every term up
        // front, as an uncorrelated IN did, cost a scan of each attribute's rows per query.
        // On SQLite the unary + keeps the probe on the primary key: without statistics SQLite would rather scan the
        // attribute's rows in the covering (name, value, entity_key) index, all 100,000 of them for every candidate.
        // PostgreSQL keeps the uncorrelated IN, which it plans as a (hashed) semi-join from its statistics.
        private string Attribute(AttrPath path, string? condition) =>
            (postgres
                ? $"e.key IN (SELECT a.entity_key FROM ngsi_attrs a WHERE a.name = {Param(expandTerm(path.Attribute))}"
                : $"EXISTS (SELECT 1 FROM ngsi_attrs a WHERE a.entity_key = e.key AND +a.name = {Param(expandTerm(path.Attribute))}")
            + (condition is null ? "" : " AND " + condition) + ")";

        public QueryTerm Term(QueryNode node)
        {
            string Named(AttrPath path) => $"SELECT a.entity_key FROM ngsi_attrs a WHERE a.name = {Param(expandTerm(path.Attribute))}";
            if (node is ComparisonNode ranged && ranged.Path.SubAttributes.Count == 0 && ranged.Path.ValuePath.Count == 0 && !ranged.Op.IsNegative()
                && TypedRanges(ranged) is (var column, { Count: > 0 } ranges))
            {
                // The typed rows, each branch an exact condition on one (name, value, entity_key) index; then the
                // untyped ones (the unary + keeps SQLite on the index of the column compared), tested on their JSON.
                var named = Named(ranged.Path);
                var plus = postgres ? "" : "+";
                var others = string.Join(" AND ", new[] { "num", "text", "bool" }.Where(x => x != column).Select(x => $"{plus}a.{x} IS NULL"));
                var set = string.Concat(ranges.Select(r => $"{named} AND {r} UNION ALL "))
                    + $"{named} AND a.{column} IS NULL AND {others} AND {JsonCandidates(ranged, [])}";
                // PostgreSQL uses the set as SQLite does (a small one drives the page, counts intersect them): as a
                // condition, the OR of the typed test and the JSON test reads every row of the attribute (800 ms for a
                // count over 100,000 entities) where the set's branches read index ranges.
                return new(Node(node), set, true);
            }
            var filter = Node(node);
            if (postgres)
                return new(filter, null, false); // PostgreSQL plans the terms as semi-joins from its statistics
            switch (node)
            {
                case ExistsNode { Negated: false } exists:
                    return new(filter, Named(exists.Path) + (TargetExists(exists.Path) is { } target ? " AND " + target : ""), false);
                case ComparisonNode c:
                    return new(filter, $"{Named(c.Path)} AND {Instance(c)}", false);
                default:
                    return new(filter, null, false);
            }
        }

        // What Positive's typed condition says, as index ranges: a value compared with a number or a string (for ==,
        // also the vocab IRI the string expands to, on a VocabProperty's row).
        private (string Column, List<string> Ranges) TypedRanges(ComparisonNode c)
        {
            string Texts(IEnumerable<string> texts) => string.Join(", ", texts.Distinct().Select(x => Param(x)));
            List<string> Equal(IReadOnlyList<QueryScalar> items)
            {
                var ranges = new List<string> { $"a.text IN ({Texts(items.Select(i => i.Text))})" };
                var expanded = items.Where(i => expandTerm(i.Text) != i.Text).Select(i => expandTerm(i.Text)).ToList();
                if (expanded.Count > 0) ranges.Add($"a.text IN ({Texts(expanded)}) AND a.kind = 'VocabProperty'");
                return ranges;
            }
            var op = c.Op switch
            {
                QueryOp.Greater => ">", QueryOp.GreaterOrEqual => ">=", QueryOp.Less => "<", QueryOp.LessOrEqual => "<=",
                QueryOp.Equal => "=", _ => null,
            };
            return c.Value switch
            {
                QueryScalar { Kind: QueryValueKind.Number } n when op is not null => ("num", [$"a.num {op} {Param(n.Number)}"]),
                QueryScalar { Kind: QueryValueKind.String or QueryValueKind.Uri } t when op == "=" => ("text", Equal([t])),
                QueryScalar { Kind: QueryValueKind.String or QueryValueKind.Uri } t when op is not null => ("text", [$"a.text {op} {Param(t.Text)}"]),
                QueryRange { Low.Kind: QueryValueKind.Number, High.Kind: QueryValueKind.Number } r when op == "=" =>
                    ("num", [$"a.num >= {Param(r.Low.Number)} AND a.num <= {Param(r.High.Number)}"]),
                QueryList l when op == "=" && l.Items.All(i => i.Kind == QueryValueKind.Number) =>
                    ("num", [$"a.num IN ({string.Join(", ", l.Items.Select(i => Param(i.Number)))})"]),
                QueryList l when op == "=" && l.Items.All(i => i.Kind is QueryValueKind.String or QueryValueKind.Uri) => ("text", Equal(l.Items)),
                _ => ("", []),
            };
        }

        // ---- paths into a.json ------------------------------------------------------------------

        private List<string> Segments(AttrPath path)
        {
            var segments = path.SubAttributes.Select(expandTerm).ToList();
            // Path members are quoted in SQLite JSON paths; a quote or backslash in an IRI would need escaping.
            if (segments.Concat(path.ValuePath).Any(s => s.Contains('"') || s.Contains('\\')))
                throw new UntranslatableException();
            return segments;
        }

        // A path as a parameter: SQLite JSON path text ($."a"."b"), PostgreSQL text[] for #>.
        private string PathParam(IEnumerable<string> segments) => postgres
            ? Param(segments.ToArray())
            : Param("$" + string.Concat(segments.Select(s => ".\"" + s + "\"")));

        private string JsonAt(string pathExpr) => postgres ? $"(a.json #> {pathExpr})" : $"json_type(a.json, {pathExpr})";

        private string TextAt(string pathExpr) => postgres ? $"(a.json #>> {pathExpr})" : $"json_extract(a.json, {pathExpr})";

        private string TypeOf(List<string> node) => TextAt(PathParam([.. node, "type"]));

        // Where a [key] path starts: the json of a JsonProperty, the languageMap of a LanguageProperty, else the value.
        private string KeyedPath(List<string> node, IReadOnlyList<string> keys)
        {
            var type = TypeOf(node);
            return $"(CASE WHEN {type} IS NULL THEN {PathParam([.. node, .. keys])}"
                + $" WHEN {type} = 'JsonProperty' THEN {PathParam([.. node, "json", .. keys])}"
                + $" WHEN {type} = 'LanguageProperty' THEN {PathParam([.. node, "languageMap", .. keys])}"
                + $" ELSE {PathParam([.. node, "value", .. keys])} END)";
        }

        private string? TargetExists(AttrPath path)
        {
            if (path.SubAttributes.Count == 0 && path.ValuePath.Count == 0)
                return null;
            var node = Segments(path);
            var target = path.ValuePath.Count == 0 ? PathParam(node) : KeyedPath(node, path.ValuePath);
            return $"{JsonAt(target)} IS NOT NULL";
        }

        // ---- one instance -------------------------------------------------------------------------

        private string Instance(ComparisonNode c)
        {
            var positive = Positive(c);
            if (!c.Op.IsNegative())
                return positive;
            var exists = TargetExists(c.Path);
            return (exists is null ? "" : exists + " AND ") + $"NOT ({positive})";
        }

        private string Positive(ComparisonNode c)
        {
            var path = c.Path;
            if (path.SubAttributes.Count == 0 && path.ValuePath.Count == 0)
            {
                var typed = Condition(c, new Operands("a.num", "a.text", "a.bool"), "a.kind = 'VocabProperty'");
                // Typed columns hold scalar values; arrays, language maps and lists are only in the JSON, and their
                // rows have no typed value (AttrValues fills num/text/bool for Property, Relationship and VocabProperty only).
                return $"(COALESCE({typed}, FALSE) OR ({Untyped} AND {JsonCandidates(c, [])}))";
            }
            if (path is { SubAttributes: ["observedAt"], ValuePath.Count: 0 } && IsDateTime(c.Value))
            {
                var instant = postgres ? "a.observed_at" : "julianday(a.observed_at)";
                return $"COALESCE({Condition(c, new Operands("NULL", "NULL", "NULL", instant), null)}, FALSE)";
            }
            return JsonCandidates(c, Segments(path));
        }

        public const string Untyped = "a.num IS NULL AND a.text IS NULL AND a.bool IS NULL";

        private static bool IsDateTime(QueryValue value) => value switch
        {
            QueryScalar s => s.Kind == QueryValueKind.DateTime,
            QueryRange r => r.Low.Kind == QueryValueKind.DateTime,
            QueryList l => l.Items[0].Kind == QueryValueKind.DateTime,
            _ => false,
        };

        // Some candidate value of the node (see QueryEvaluator.Values) satisfies the positive condition.
        private string JsonCandidates(ComparisonNode c, List<string> node)
        {
            if (c.Path.ValuePath.Count > 0)
                return Elements(c, KeyedPath(node, c.Path.ValuePath), vocab: null);

            var type = TypeOf(node);
            var none = postgres ? "CAST(NULL AS text[])" : Param("$.\"#none\"");
            var direct = $"(CASE WHEN {type} = 'Relationship' THEN {PathParam([.. node, "object"])}"
                + $" WHEN {type} = 'VocabProperty' THEN {PathParam([.. node, "vocab"])}"
                + $" WHEN {type} = 'ListProperty' THEN {PathParam([.. node, "valueList"])}"
                + $" WHEN {type} = 'JsonProperty' THEN {PathParam([.. node, "json"])}"
                + $" WHEN {type} IN ('LanguageProperty', 'ListRelationship') THEN {none}"
                + $" WHEN {type} IS NOT NULL THEN {PathParam([.. node, "value"])}"
                + $" ELSE {PathParam(node)} END)";
            var nested = $"(CASE WHEN {type} = 'LanguageProperty' THEN {PathParam([.. node, "languageMap"])}"
                + $" WHEN {type} = 'ListRelationship' THEN {PathParam([.. node, "objectList"])} ELSE {none} END)";
            return $"({Elements(c, direct, $"{type} = 'VocabProperty'")} OR {Leaves(c, nested)})";
        }

        // The value at a path (a typed {"@value": …} literal unwrapped), or each element when it is an array.
        private string Elements(ComparisonNode c, string pathExpr, string? vocab)
        {
            if (postgres)
            {
                var at = $"COALESCE(a.json #> ({pathExpr} || CAST('{{@value}}' AS text[])), a.json #> {pathExpr})";
                return $"EXISTS (SELECT 1 FROM (SELECT {at} AS x) s, jsonb_array_elements(CASE jsonb_typeof(s.x)"
                    + " WHEN 'array' THEN s.x WHEN 'object' THEN CAST('[]' AS jsonb) ELSE jsonb_build_array(s.x) END) j(v)"
                    + $" WHERE {Condition(c, PostgresJson, vocab)})";
            }
            var unwrapped = $"(CASE WHEN json_type(a.json, {pathExpr} || '.\"@value\"') IS NOT NULL THEN {pathExpr} || '.\"@value\"' ELSE {pathExpr} END)";
            return $"EXISTS (SELECT 1 FROM json_each(a.json, {unwrapped}) j WHERE json_type(a.json, {unwrapped}) <> 'object'"
                + $" AND {Condition(c, SqliteJson, vocab)})";
        }

        // Every scalar below a path, at any depth (languageMap strings, objectList objects).
        private string Leaves(ComparisonNode c, string pathExpr) => postgres
            ? $"EXISTS (SELECT 1 FROM jsonb_path_query(a.json #> {pathExpr}, 'strict $.**') j(v)"
                + $" WHERE jsonb_typeof(j.v) NOT IN ('object', 'array') AND {Condition(c, PostgresJson, null)})"
            : $"EXISTS (SELECT 1 FROM json_tree(a.json, {pathExpr}) j WHERE j.type NOT IN ('object', 'array')"
                + $" AND {Condition(c, SqliteJson, null)})";

        private static readonly Operands SqliteJson = new(
            "(CASE WHEN j.type IN ('integer', 'real') THEN j.value END)",
            "(CASE WHEN j.type = 'text' THEN j.value END)",
            "(CASE WHEN j.type IN ('true', 'false') THEN j.value END)");

        private static readonly Operands PostgresJson = new(
            "(CASE WHEN jsonb_typeof(j.v) = 'number' THEN CAST(j.v #>> '{}' AS double precision) END)",
            "(CASE WHEN jsonb_typeof(j.v) = 'string' THEN j.v #>> '{}' END)",
            "(CASE WHEN jsonb_typeof(j.v) = 'boolean' THEN CAST(j.v #>> '{}' AS boolean) END)");

        // ---- the comparison itself ----------------------------------------------------------------

        // The positive condition (== for ==/!=, ~= for ~=/!~=) on one candidate; may be NULL where the kinds differ.
        private string Condition(ComparisonNode c, Operands x, string? vocab)
        {
            var op = c.Op switch
            {
                QueryOp.Greater => ">",
                QueryOp.GreaterOrEqual => ">=",
                QueryOp.Less => "<",
                QueryOp.LessOrEqual => "<=",
                _ => "=",
            };
            return c.Value switch
            {
                QueryPattern p => postgres ? $"{x.Str} ~ {Param(p.Pattern)}" : $"regexp({Param(p.Pattern)}, {x.Str})",
                QueryScalar s => Scalar(s, op, x, op == "=" ? vocab : null),
                QueryList l => "(" + string.Join(" OR ", l.Items.Select(i => Scalar(i, "=", x, vocab))) + ")",
                QueryRange r => $"({Scalar(r.Low, ">=", x, null)} AND {Scalar(r.High, "<=", x, null)})",
                _ => throw new UntranslatableException(),
            };
        }

        private string Scalar(QueryScalar s, string op, Operands x, string? vocab)
        {
            switch (s.Kind)
            {
                case QueryValueKind.Number:
                    return $"{x.Num} {op} {Param(s.Number)}";
                case QueryValueKind.Boolean:
                    return $"{x.Bool} = {Param(postgres ? s.Text == "true" : s.Text == "true" ? 1L : 0L)}";
                case QueryValueKind.DateTime:
                    var instant = x.Instant ?? (postgres
                        ? $"(CASE WHEN {x.Str} ~ {DateTimeRegex} THEN CAST({x.Str} AS timestamptz) END)"
                        : $"julianday(CASE WHEN {x.Str} GLOB {DateTimeGlob} THEN {x.Str} END)");
                    var value = postgres
                        ? Param(s.Instant.UtcDateTime)
                        : $"julianday({Param(s.Instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))})";
                    return $"{instant} {op} {value}";
                default:
                    // Ordinal comparison, as the evaluator's string.CompareOrdinal (PostgreSQL would otherwise use the database collation).
                    var text = postgres ? $"{x.Str} COLLATE \"C\"" : x.Str;
                    var condition = $"{text} {op} {Param(s.Text)}";
                    var expanded = expandTerm(s.Text);
                    return vocab is null || expanded == s.Text
                        ? condition
                        : $"({condition} OR ({vocab} AND {x.Str} = {Param(expanded)}))";
            }
        }
    }
}
