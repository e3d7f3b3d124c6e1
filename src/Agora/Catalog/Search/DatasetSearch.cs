using System.Data.Common;
using System.Globalization;
using System.Text;
using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Search;

public sealed record SearchRequest(
    SearchQuery Query, IReadOnlyList<SearchQuery> Filters, int Rows, int Start, string Sort,
    IReadOnlyList<string> FacetFields, int FacetLimit, int FacetMinCount,
    bool IncludePrivate, bool IncludeDrafts, bool IncludeDeleted);

public sealed record SearchResult(int Count, IReadOnlyList<Guid> Ids, IReadOnlyDictionary<string, IReadOnlyList<(string Value, int Count)>> Facets);

/// <summary>Runs a dataset search in the database itself: the query becomes one SQL statement per
/// provider — full text through FTS5 (SQLite) or a tsvector with a GIN index (PostgreSQL), fields
/// through the indexed search terms — and facet counts are GROUP BYs over the same matches.</summary>
public sealed class DatasetSearch(AgoraDbContext db, SearchCache cache)
{
    /// <summary>The active datasets under one field value (an organisation's, a group's) that the
    /// reader may see, private ones included for their organisations' members.</summary>
    public static SearchRequest Listing(string field, string value, int rows, int start, string sort) =>
        new(SearchQuery.Parse(null), [new SearchQuery.Field(field, value, false)], rows, start, sort, [], 0, 1,
            IncludePrivate: true, IncludeDrafts: false, IncludeDeleted: false);

    static readonly string[] SortFields = ["score", "metadata_modified", "metadata_created", "name", "title_string", "id"];

    public async Task<SearchResult> RunAsync(SearchRequest request, IReadOnlyList<Guid>? readableOrganisations, CancellationToken ct)
    {
        var sql = new SqlBuilder(db.Database.IsSqlite());
        var where = new StringBuilder();
        where.Append(Access(sql, request, readableOrganisations));
        where.Append(" AND (").Append(Translate(sql, request.Query)).Append(')');
        foreach (var filter in request.Filters) where.Append(" AND (").Append(Translate(sql, filter)).Append(')');

        var rankTerms = request.Query.PositiveText().ToList();
        var (with, join) = rankTerms.Count == 0 ? ("", "") : sql.Rank(rankTerms);
        var order = OrderBy(request.Sort, rankTerms.Count > 0);

        var countSql = $"SELECT COUNT(*) FROM {sql.Datasets} d WHERE {where}";
        var pageSql = $"{with}SELECT d.\"Id\" FROM {sql.Datasets} d{join} WHERE {where} ORDER BY {order} LIMIT {request.Rows} OFFSET {request.Start}";
        var facetSql = request.FacetFields.Distinct().Select(field => (field, sql.Facet(field, where.ToString(), request.FacetMinCount, request.FacetLimit))).ToList();

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            // The statements and their parameters say exactly what is asked, who may see what included.
            string? key = null;
            if (cache.Enabled)
            {
                var version = await SearchIndex.VersionAsync(connection, ct);
                key = $"{version}\n{pageSql}\n{string.Join("\n", facetSql.Select(f => f.Item2))}\n{sql.ParameterText()}";
                if (cache.TryGet(key, out var remembered)) return remembered!;
            }

            var count = Convert.ToInt32(await sql.ScalarAsync(connection, countSql, ct), CultureInfo.InvariantCulture);
            var ids = new List<Guid>();
            if (request.Rows > 0 && count > request.Start)
                await sql.ReadAsync(connection, pageSql, reader => ids.Add(reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0))), ct);
            var facets = new Dictionary<string, IReadOnlyList<(string, int)>>();
            foreach (var (field, text) in facetSql)
            {
                var items = new List<(string, int)>();
                await sql.ReadAsync(connection, text, reader => items.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))), ct);
                facets[field] = items;
            }
            var result = new SearchResult(count, ids, facets);
            if (key is not null) cache.Set(key, result);
            return result;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    /// <summary>Which datasets the caller may find: active public ones, plus — when asked — private,
    /// draft and deleted ones of the organisations they belong to (all of them for a system administrator).</summary>
    static string Access(SqlBuilder sql, SearchRequest request, IReadOnlyList<Guid>? readable)
    {
        var states = new List<string> { "'Active'" };
        if (request.IncludeDrafts) states.Add("'Draft'");
        if (request.IncludeDeleted) states.Add("'Deleted'");
        var members = readable is null ? "1=1" : readable.Count == 0 ? "1=0" : $"d.\"OwnerOrgId\" IN ({string.Join(", ", readable.Select(sql.Key))})";
        var visibility = request.IncludePrivate ? $"(d.\"Visibility\" <> 'Private' OR {members})" : "d.\"Visibility\" <> 'Private'";
        return $"d.\"State\" IN ({string.Join(", ", states)}) AND (d.\"State\" = 'Active' OR {members}) AND {visibility}";
    }

    static string Translate(SqlBuilder sql, SearchQuery query) => query switch
    {
        SearchQuery.All => "1=1",
        SearchQuery.Text t => sql.FullText(t),
        SearchQuery.And a => string.Join(" AND ", a.Parts.Select(p => $"({Translate(sql, p)})")),
        SearchQuery.Or o => string.Join(" OR ", o.Parts.Select(p => $"({Translate(sql, p)})")),
        SearchQuery.Not n => $"NOT ({Translate(sql, n.Part)})",
        SearchQuery.Field { Name: "text" or "q" } f => sql.FullText(new SearchQuery.Text(f.Value, f.Value.Contains(' '), f.Prefix)),
        SearchQuery.Field { Name: "title" or "notes" } f => sql.FullText(new SearchQuery.Text(f.Value, f.Value.Contains(' '), f.Prefix), f.Name),
        SearchQuery.Field { Name: "metadata_modified" or "metadata_created" } f => Translate(sql, new SearchQuery.Range(f.Name, f.Value, f.Value, true)),
        SearchQuery.Field f => f.Prefix
            ? sql.Terms(f.Name, $" AND t.\"Value\" LIKE {sql.Param(EscapeLike(f.Value) + "%")} ESCAPE '\\'")
            : sql.Terms(f.Name, $" AND t.\"Value\" = {sql.Param(f.Value)}"),
        SearchQuery.Exists e => sql.Terms(e.Name, ""),
        SearchQuery.Range { Name: "metadata_modified" or "metadata_created" } r => DateRange(sql, r),
        SearchQuery.Range r => TermRange(sql, r),
        _ => throw CkanException.SearchQuery("Unsupported query"),
    };

    static string DateRange(SqlBuilder sql, SearchQuery.Range r)
    {
        var column = r.Name == "metadata_modified" ? "d.\"ModifiedAt\"" : "d.\"CreatedAt\"";
        var parts = new List<string>();
        if (r.From is not null) parts.Add($"{column} {(r.Inclusive ? ">=" : ">")} {sql.Time(ParseDate(r.From))}");
        if (r.To is not null) parts.Add($"{column} {(r.Inclusive ? "<=" : "<")} {sql.Time(ParseDate(r.To))}");
        return parts.Count == 0 ? "1=1" : string.Join(" AND ", parts);
    }

    static string TermRange(SqlBuilder sql, SearchQuery.Range r)
    {
        var condition = new StringBuilder();
        if (r.From is not null) condition.Append($" AND t.\"Value\" {(r.Inclusive ? ">=" : ">")} {sql.Param(r.From)}");
        if (r.To is not null) condition.Append($" AND t.\"Value\" {(r.Inclusive ? "<=" : "<")} {sql.Param(r.To)}");
        return sql.Terms(r.Name, condition.ToString());
    }

    /// <summary>Solr dates: 2024-01-01T00:00:00Z, 2024-01-01, NOW, NOW-7DAYS, NOW/DAY.</summary>
    static DateTime ParseDate(string text)
    {
        var now = DateTime.UtcNow;
        if (text.StartsWith("NOW", StringComparison.Ordinal))
        {
            var rest = text[3..].Split('/')[0];
            if (rest.Length == 0) return now;
            var match = System.Text.RegularExpressions.Regex.Match(rest, @"^([+-])(\d+)(YEAR|MONTH|DAY|HOUR|MINUTE)S?$");
            if (!match.Success) throw CkanException.SearchQuery($"Invalid date '{text}'");
            var n = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) * (match.Groups[1].Value == "-" ? -1 : 1);
            return match.Groups[3].Value switch
            {
                "YEAR" => now.AddYears(n), "MONTH" => now.AddMonths(n), "DAY" => now.AddDays(n), "HOUR" => now.AddHours(n), _ => now.AddMinutes(n),
            };
        }
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed : throw CkanException.SearchQuery($"Invalid date '{text}'");
    }

    static string OrderBy(string sort, bool ranked)
    {
        var parts = new List<string>();
        foreach (var clause in sort.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var field = words[0];
            var direction = words.Length > 1 ? words[1].ToLowerInvariant() : "asc";
            if (!SortFields.Contains(field) || words.Length > 2 || direction is not ("asc" or "desc"))
                throw CkanException.SearchQuery("Invalid \"sort\" parameter");
            var dir = direction.ToUpperInvariant();
            parts.Add(field switch
            {
                "score" => ranked ? $"COALESCE(s.score, 0) {(dir == "DESC" ? "DESC" : "ASC")}" : null,
                "metadata_modified" => $"d.\"ModifiedAt\" {dir}",
                "metadata_created" => $"d.\"CreatedAt\" {dir}",
                "name" => $"d.\"Name\" {dir}",
                "title_string" => $"LOWER(COALESCE(d.\"Title\", d.\"Name\")) {dir}",
                _ => $"d.\"Id\" {dir}",
            } ?? "");
        }
        parts.RemoveAll(p => p.Length == 0);
        parts.Add("d.\"Id\" ASC"); // a stable order for paging
        return string.Join(", ", parts);
    }

    static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>Parameters and the two dialects of full-text search.</summary>
    sealed class SqlBuilder(bool sqlite)
    {
        readonly List<(string Name, object Value)> parameters = [];

        /// <summary>Fields SQLite's search_docs keeps per dataset, as a JSON array or a single value.</summary>
        static readonly HashSet<string> ListFacets = ["tags", "groups", "res_format"];
        static readonly HashSet<string> ValueFacets = ["organization", "license_id", "visibility"];

        /// <summary>Where searches find datasets: on SQLite the narrow search_docs (same column names as
        /// datasets for what searches filter and sort on), whose rowid is the full-text row's.</summary>
        public string Datasets => sqlite ? "search_docs" : "datasets";

        /// <summary>Counts of a field's values over the matches, most frequent first.</summary>
        public string Facet(string field, string where, int minCount, int limit)
        {
            var having = $"HAVING COUNT(*) >= {Math.Max(minCount, 1)}";
            var top = limit < 0 ? "" : $" LIMIT {limit}";
            if (sqlite && ListFacets.Contains(field))
                return $"SELECT j.value, COUNT(*) FROM search_docs d, json_each(d.facet_{field}) j WHERE {where} " +
                    $"GROUP BY j.value {having} ORDER BY COUNT(*) DESC, j.value{top}";
            if (sqlite && ValueFacets.Contains(field))
                return $"SELECT d.facet_{field}, COUNT(*) FROM search_docs d WHERE {where} AND d.facet_{field} IS NOT NULL " +
                    $"GROUP BY d.facet_{field} {having} ORDER BY COUNT(*) DESC, d.facet_{field}{top}";
            var (terms, key, termKey) = sqlite ? ("search_postings", "d.rowid", "t.k") : ("dataset_search_terms", "d.\"Id\"", "t.\"DatasetId\"");
            return $"SELECT t.\"Value\", COUNT(*) FROM {terms} t WHERE t.\"Field\" = {Param(field)} AND {termKey} IN " +
                $"(SELECT {key} FROM {Datasets} d WHERE {where}) GROUP BY t.\"Value\" {having} ORDER BY COUNT(*) DESC, t.\"Value\"{top}";
        }

        /// <summary>Datasets with a value under a field (tags, organization, extras_…) meeting a condition on t."Value":
        /// SQLite's search_postings by integer key, PostgreSQL's dataset_search_terms.</summary>
        public string Terms(string field, string valueCondition) => sqlite
            ? $"d.rowid IN (SELECT t.k FROM search_postings t WHERE t.\"Field\" = {Param(field)}{valueCondition})"
            : $"d.\"Id\" IN (SELECT t.\"DatasetId\" FROM dataset_search_terms t WHERE t.\"Field\" = {Param(field)}{valueCondition})";

        public string Param(object value)
        {
            var name = $"@p{parameters.Count}";
            parameters.Add((name, value));
            return name;
        }

        public string Key(Guid id) => sqlite ? Param(SearchIndex.SqliteKey(id)) : Param(id);

        /// <summary>A time as the provider stores it: EF Core writes SQLite times as sortable text.</summary>
        public string Time(DateTime utc) => sqlite ? Param(utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)) : Param(utc);

        public string FullText(SearchQuery.Text t, string? column = null)
        {
            if (sqlite)
            {
                var expression = FtsExpression(t);
                if (column == "title") expression = "title : " + expression;
                else if (column == "notes") expression = "text : " + expression;
                return $"d.rowid IN (SELECT rowid FROM datasets_fts WHERE datasets_fts MATCH {Param(expression)})";
            }
            var query = TsQuery(t);
            return column is null
                ? $"d.\"Id\" IN (SELECT dataset_id FROM datasets_fts WHERE document @@ {query})"
                : $"to_tsvector('simple', COALESCE(d.\"{(column == "title" ? "Title" : "Notes")}\", '')) @@ {query}";
        }

        /// <summary>The relevance of each full-text match, computed once (a materialised CTE: joined as a
        /// plain subquery, SQLite would rerun the full-text match for every dataset row).</summary>
        public (string With, string Join) Rank(List<SearchQuery.Text> terms)
        {
            if (sqlite)
            {
                var any = string.Join(" OR ", terms.Select(FtsExpression));
                return ($"WITH s AS MATERIALIZED (SELECT rowid AS k, -bm25(datasets_fts, 0.0, {SearchIndex.SqliteWeights}) AS score FROM datasets_fts " +
                    $"WHERE datasets_fts MATCH {Param(any)}) ", " LEFT JOIN s ON s.k = d.rowid");
            }
            const string join = " LEFT JOIN s ON s.dataset_id = d.\"Id\"";
            var tsquery = string.Join(" || ", terms.Select(TsQuery));
            return ($"WITH s AS MATERIALIZED (SELECT dataset_id, ts_rank(document, {tsquery}) AS score FROM datasets_fts WHERE document @@ ({tsquery})) ", join);
        }

        /// <summary>FTS5 takes each word or phrase quoted, so no input is read as FTS5 syntax.</summary>
        static string FtsExpression(SearchQuery.Text t)
        {
            var quoted = "\"" + t.Value.Replace("\"", "\"\"") + "\"";
            return t.Prefix ? quoted + " *" : quoted;
        }

        string TsQuery(SearchQuery.Text t)
        {
            if (t.Prefix)
            {
                var word = new string(t.Value.Where(char.IsLetterOrDigit).ToArray());
                return word.Length == 0 ? "plainto_tsquery('simple', '')" : $"to_tsquery('simple', {Param(word + ":*")})";
            }
            return t.Phrase ? $"phraseto_tsquery('simple', {Param(t.Value)})" : $"plainto_tsquery('simple', {Param(t.Value)})";
        }

        /// <summary>The parameters' values, for telling two searches apart.</summary>
        public string ParameterText() => string.Join("\u001f", parameters.Select(p => p.Value switch
        {
            DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
            _ => Convert.ToString(p.Value, CultureInfo.InvariantCulture),
        }));

        DbCommand Command(DbConnection connection, string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        public async Task<object?> ScalarAsync(DbConnection connection, string text, CancellationToken ct)
        {
            await using var command = Command(connection, text);
            return await command.ExecuteScalarAsync(ct);
        }

        public async Task ReadAsync(DbConnection connection, string text, Action<DbDataReader> row, CancellationToken ct)
        {
            await using var command = Command(connection, text);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(reader);
        }
    }
}
