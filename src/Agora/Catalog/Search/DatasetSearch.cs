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
public sealed class DatasetSearch(AgoraDbContext db)
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

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            var count = Convert.ToInt32(await sql.ScalarAsync(connection, $"SELECT COUNT(*) FROM datasets d WHERE {where}", ct), CultureInfo.InvariantCulture);
            var ids = new List<Guid>();
            if (request.Rows > 0 && count > request.Start)
            {
                var page = $"{with}SELECT d.\"Id\" FROM datasets d{join} WHERE {where} ORDER BY {order} LIMIT {request.Rows} OFFSET {request.Start}";
                await sql.ReadAsync(connection, page, reader => ids.Add(reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0))), ct);
            }
            var facets = new Dictionary<string, IReadOnlyList<(string, int)>>();
            foreach (var field in request.FacetFields.Distinct())
            {
                var f = sql.Param(field);
                var limit = request.FacetLimit < 0 ? "" : $" LIMIT {request.FacetLimit}";
                var facetSql = $"SELECT t.\"Value\", COUNT(*) FROM dataset_search_terms t WHERE t.\"Field\" = {f} AND t.\"DatasetId\" IN " +
                    $"(SELECT d.\"Id\" FROM datasets d WHERE {where}) GROUP BY t.\"Value\" HAVING COUNT(*) >= {Math.Max(request.FacetMinCount, 1)} " +
                    $"ORDER BY COUNT(*) DESC, t.\"Value\"{limit}";
                var items = new List<(string, int)>();
                await sql.ReadAsync(connection, facetSql, reader => items.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))), ct);
                facets[field] = items;
            }
            return new SearchResult(count, ids, facets);
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
            ? $"EXISTS (SELECT 1 FROM dataset_search_terms t WHERE t.\"DatasetId\" = d.\"Id\" AND t.\"Field\" = {sql.Param(f.Name)} AND t.\"Value\" LIKE {sql.Param(EscapeLike(f.Value) + "%")} ESCAPE '\\')"
            : $"d.\"Id\" IN (SELECT t.\"DatasetId\" FROM dataset_search_terms t WHERE t.\"Field\" = {sql.Param(f.Name)} AND t.\"Value\" = {sql.Param(f.Value)})",
        SearchQuery.Exists e => $"EXISTS (SELECT 1 FROM dataset_search_terms t WHERE t.\"DatasetId\" = d.\"Id\" AND t.\"Field\" = {sql.Param(e.Name)})",
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
        var parts = new List<string> { $"t.\"Field\" = {sql.Param(r.Name)}" };
        if (r.From is not null) parts.Add($"t.\"Value\" {(r.Inclusive ? ">=" : ">")} {sql.Param(r.From)}");
        if (r.To is not null) parts.Add($"t.\"Value\" {(r.Inclusive ? "<=" : "<")} {sql.Param(r.To)}");
        return $"EXISTS (SELECT 1 FROM dataset_search_terms t WHERE t.\"DatasetId\" = d.\"Id\" AND {string.Join(" AND ", parts)})";
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
                return $"d.\"Id\" IN (SELECT dataset_id FROM datasets_fts WHERE datasets_fts MATCH {Param(expression)})";
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
            const string join = " LEFT JOIN s ON s.dataset_id = d.\"Id\"";
            if (sqlite)
            {
                var any = string.Join(" OR ", terms.Select(FtsExpression));
                return ($"WITH s AS MATERIALIZED (SELECT dataset_id, -bm25(datasets_fts, 0.0, {SearchIndex.SqliteWeights}) AS score FROM datasets_fts " +
                    $"WHERE datasets_fts MATCH {Param(any)}) ", join);
            }
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
