using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Context.Query;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Agora.Tests.Context;

/// <summary>
/// QuerySql against real databases: the rows SQL selects must be the entities QueryEvaluator accepts, for every q of
/// the evaluator's table and a few more. SQLite always runs (in memory); PostgreSQL when AGORA_TEST_POSTGRES holds
/// an Npgsql connection string.
/// </summary>
public class QuerySqlTests
{
    private static readonly JsonObject[] Entities = [QueryFixtures.Vehicle(), QueryFixtures.Building(), QueryFixtures.Empty()];

    public static TheoryData<string> Queries()
    {
        var data = new TheoryData<string>();
        foreach (var row in QueryEvaluatorTests.Cases)
            data.Add((string)row[0]);
        foreach (var q in Extra)
            data.Add(q);
        return data;
    }

    private static readonly string[] Extra =
    [
        "speed==55;speed==54.5",
        "speed.source!=\"GPS\"",
        "speed.source~=^Sp",
        "speed.source!~=^Sp",
        "isParked.providedBy!=urn:ngsi-ld:Person:Bob",
        "name.observedAt>=2017-07-29T12:00:04Z",
        "name.observedAt!=2017-07-29T12:00:04Z",
        "isParked.observedAt==2017-07-29T12:00:04Z,2020-01-01T00:00:00Z",
        "name.observedAt==\"2017-07-29T12:00:04Z\"",
        "address[geo][floor]!=3",
        "address[geo]",
        "extra[n]==1..10",
        "street[fr]~=Place",
        "category!=\"commercial\"",
        "fleet!=urn:f:3",
        "route!=2",
        "tags~=^f",
        "serviced==2023-06-01T08:00:00Z",
        "!speed;(speed>100|electric==true)",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Sqlite_selects_what_the_evaluator_accepts(string q)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.CreateFunction("regexp", (string pattern, string? text) =>
            text is not null && Regex.IsMatch(text, pattern, RegexOptions.None, QueryParser.RegexTimeout));
        Load(connection, postgres: false);
        Assert.Equal(Expected(q), Select(connection, q, postgres: false));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Postgres_selects_what_the_evaluator_accepts(string q)
    {
        var connectionString = Environment.GetEnvironmentVariable("AGORA_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connectionString))
            return; // no PostgreSQL here; the SQL text is still checked below
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var tx = connection.BeginTransaction())
        {
            Load(connection, postgres: true);
            Assert.Equal(Expected(q), Select(connection, q, postgres: true));
            tx.Rollback();
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Sqlite_term_sets_hold_the_entities_their_conditions_select(string q)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.CreateFunction("regexp", (string pattern, string? text) =>
            text is not null && Regex.IsMatch(text, pattern, RegexOptions.None, QueryParser.RegexTimeout));
        Load(connection, postgres: false);
        var parameters = new Dictionary<string, object?>();
        var terms = QuerySql.Terms(QueryParser.Parse(q), QueryFixtures.Expand, postgres: false, parameters);
        Assert.NotNull(terms);
        foreach (var term in terms.Where(t => t.Set is not null))
            Assert.Equal(Ids(connection, term.Filter, parameters), Ids(connection, $"e.key IN (SELECT entity_key FROM ({term.Set}))", parameters));
        // Together the terms say what the whole translation says.
        Assert.Equal(Expected(q), Ids(connection, string.Join(" AND ", terms.Select(t => t.Filter)), parameters));
    }

    [Fact]
    public void Sqlite_term_sets_read_a_value_range_for_typed_comparisons()
    {
        var parameters = new Dictionary<string, object?>();
        var terms = QuerySql.Terms(QueryParser.Parse("speed>50;name==\"x\";speed.source==\"GPS\";!speed"), QueryFixtures.Expand, postgres: false, parameters);
        Assert.NotNull(terms);
        Assert.Equal([true, true, false, false], terms.Select(t => t.Ranged));
        Assert.Contains("a.num > @", terms[0].Set);
        Assert.Contains("a.text IN (@", terms[1].Set);
        Assert.NotNull(terms[2].Set);
        Assert.Null(terms[3].Set);
    }

    private static string[] Ids(DbConnection connection, string condition, Dictionary<string, object?> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT e.id FROM ngsi_entities e WHERE {condition}";
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Postgres_text_uses_jsonb_and_parameters_only()
    {
        var parameters = new Dictionary<string, object?>();
        var sql = QuerySql.Translate(QueryParser.Parse("speed>50;address[city]==\"Paris\"|name~=\"(?i)x\""), QueryFixtures.Expand, postgres: true, parameters);
        Assert.NotNull(sql);
        Assert.Contains("a.num > @q", sql);
        Assert.Contains("a.json #>", sql);
        Assert.Contains(" ~ @q", sql);
        Assert.DoesNotContain("Paris", sql);
        Assert.DoesNotContain("speed", sql);
        Assert.Contains(parameters.Values, v => v is string[] path && path.SequenceEqual(["value", "city"]));
        Assert.Contains(QueryFixtures.Ns + "speed", parameters.Values);
    }

    [Fact]
    public void Parameter_names_skip_those_already_taken()
    {
        var parameters = new Dictionary<string, object?> { ["@q0"] = "tenant" };
        var sql = QuerySql.Translate(QueryParser.Parse("speed"), QueryFixtures.Expand, postgres: false, parameters);
        Assert.Equal("EXISTS (SELECT 1 FROM ngsi_attrs a WHERE a.entity_key = e.key AND +a.name = @q1)", sql);
        Assert.Equal("tenant", parameters["@q0"]);
    }

    [Fact]
    public void Untranslatable_paths_give_null_and_leave_no_parameters()
    {
        var parameters = new Dictionary<string, object?>();
        var sql = QuerySql.Translate(QueryParser.Parse("speed>1;a.b==1"), t => t == "b" ? "x\"y" : t, postgres: false, parameters);
        Assert.Null(sql);
        Assert.Empty(parameters);
    }

    private static string[] Expected(string q)
    {
        var node = QueryParser.Parse(q);
        return [.. Entities.Where(e => QueryEvaluator.Matches(node, e, QueryFixtures.Expand)).Select(e => (string)e["id"]!).Order(StringComparer.Ordinal)];
    }

    private static string[] Select(DbConnection connection, string q, bool postgres)
    {
        var parameters = new Dictionary<string, object?>();
        var condition = QuerySql.Translate(QueryParser.Parse(q), QueryFixtures.Expand, postgres, parameters);
        Assert.NotNull(condition);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT e.id FROM ngsi_entities e WHERE {condition} ORDER BY e.id";
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    // Rows as the broker's writer lays them down: typed columns for scalar values, the whole instance as JSON.
    private static void Load(DbConnection connection, bool postgres)
    {
        var ddl = postgres
            ? """
              CREATE TEMP TABLE ngsi_entities (key bigint PRIMARY KEY, tenant text NOT NULL, id text NOT NULL, types jsonb, doc jsonb,
                  created_at timestamptz, modified_at timestamptz);
              CREATE TEMP TABLE ngsi_attrs (entity_key bigint NOT NULL, name text NOT NULL, dataset_id text NOT NULL, kind text NOT NULL,
                  num double precision, text text, bool boolean, json jsonb NOT NULL, observed_at timestamptz,
                  min_x double precision, min_y double precision, max_x double precision, max_y double precision,
                  PRIMARY KEY (entity_key, name, dataset_id));
              """
            : """
              CREATE TABLE ngsi_entities (key INTEGER PRIMARY KEY, tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT, doc TEXT,
                  created_at TEXT, modified_at TEXT);
              CREATE TABLE ngsi_attrs (entity_key INTEGER NOT NULL, name TEXT NOT NULL, dataset_id TEXT NOT NULL, kind TEXT NOT NULL,
                  num REAL, text TEXT, bool INTEGER, json TEXT NOT NULL, observed_at TEXT,
                  min_x REAL, min_y REAL, max_x REAL, max_y REAL,
                  PRIMARY KEY (entity_key, name, dataset_id));
              """;
        Execute(connection, ddl);
        var json = postgres ? "CAST(@json AS jsonb)" : "@json";
        for (var key = 1; key <= Entities.Length; key++)
        {
            var entity = Entities[key - 1];
            Execute(connection, $"INSERT INTO ngsi_entities (key, tenant, id, types, doc) VALUES (@key, '', @id, {json.Replace("@json", "@types")}, {json.Replace("@json", "@doc")})",
                ("@key", (long)key), ("@id", (string)entity["id"]!), ("@types", entity["type"]!.ToJsonString()), ("@doc", entity.ToJsonString()));
            foreach (var (name, attribute) in entity)
            {
                if (name is "id" or "type")
                    continue;
                var instances = attribute is JsonArray array ? array.OfType<JsonObject>() : [(JsonObject)attribute!];
                foreach (var instance in instances)
                {
                    var kind = (string)instance["type"]!;
                    var scalar = kind switch
                    {
                        "Relationship" => instance["object"],
                        "VocabProperty" => instance["vocab"],
                        "Property" => instance["value"] is JsonObject o && o.ContainsKey("@value") ? o["@value"] : instance["value"],
                        _ => null,
                    };
                    var valueKind = scalar?.GetValueKind();
                    object? observedAt = instance["observedAt"] is { } at
                        ? DateTime.Parse((string)at!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                        : null;
                    if (!postgres && observedAt is DateTime t)
                        observedAt = t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                    Execute(connection,
                        $"INSERT INTO ngsi_attrs (entity_key, name, dataset_id, kind, num, text, bool, json, observed_at) VALUES (@key, @name, @ds, @kind, @num, @text, @bool, {json}, @obs)",
                        ("@key", (long)key), ("@name", name), ("@ds", (string?)instance["datasetId"] ?? ""), ("@kind", kind),
                        ("@num", valueKind == JsonValueKind.Number ? scalar!.GetValue<double>() : null),
                        ("@text", valueKind == JsonValueKind.String ? scalar!.GetValue<string>() : null),
                        ("@bool", valueKind is JsonValueKind.True or JsonValueKind.False ? (postgres ? scalar!.GetValue<bool>() : scalar!.GetValue<bool>() ? 1L : 0L) : null),
                        ("@json", instance.ToJsonString()), ("@obs", observedAt));
                }
            }
        }
    }

    private static void Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        command.ExecuteNonQuery();
    }
}
