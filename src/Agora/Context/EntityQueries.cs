using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Context.JsonLd;
using Agora.Context.Query;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context;

/// <summary>What <c>GET /entities</c> (and subscriptions, and the temporal API) select: types, ids,
/// an id pattern, attributes, <c>q</c> and a geo-query, all with names expanded.</summary>
public sealed record EntitySelection(
    IReadOnlyList<string>? Types, IReadOnlyList<string>? Ids, string? IdPattern, IReadOnlyList<string>? Attrs,
    QueryNode? Q, GeoQuery? Geo, Func<string, string> Expand)
{
    public const int MaxLimit = 1000;

    /// <summary>Reads the selection parameters of a query request; bad ones are 400 BadRequestData.</summary>
    public static EntitySelection From(IQueryCollection query, LdContext context)
    {
        var types = ViewOptions.List(query["type"])?.SelectMany(t => t.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(t => { NgsiLdInput.CheckName(t.Trim('(', ')'), "Entity type"); return context.ExpandTerm(t.Trim('(', ')')); }).Distinct().ToList();
        var ids = ViewOptions.List(query["id"])?.ToList();
        if (ids is not null) foreach (var id in ids) NgsiLdInput.RequireUri(JsonValue.Create(id), "Each id");
        var idPattern = query["idPattern"].ToString() is { Length: > 0 } p ? p : null;
        if (idPattern is not null)
        {
            try { _ = new Regex(idPattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException) { throw NgsiLdException.BadData($"idPattern '{idPattern}' is not a valid regular expression."); }
        }
        var attrs = ViewOptions.List(query["attrs"])?.Select(context.ExpandTerm).ToList();
        var q = query["q"].ToString() is { Length: > 0 } qs ? QueryParser.Parse(qs) : null;
        var geo = query["georel"].Count + query["geometry"].Count + query["coordinates"].Count > 0
            ? GeoQuery.Parse(query["georel"], query["geometry"], query["coordinates"], query["geoproperty"])
            : null;
        return new(types, ids, idPattern, attrs, q, geo, context.ExpandTerm);
    }

    public bool IsEmpty => Types is null && Ids is null && IdPattern is null && Attrs is null && Q is null && Geo is null;

    /// <summary>Whether an expanded entity is selected: the in-memory twin of the SQL, used for what
    /// SQL cannot say (exact geometry tests) and by subscriptions.</summary>
    public bool Matches(JsonObject doc)
    {
        var id = doc["id"]?.GetValue<string>() ?? "";
        if (Types is not null && !EntityDoc.Types(doc).Intersect(Types).Any()) return false;
        if (Ids is not null && !Ids.Contains(id)) return false;
        if (IdPattern is not null && !RegexCache.IsMatch(IdPattern, id)) return false;
        if (Attrs is not null && !Attrs.Any(doc.ContainsKey)) return false;
        if (Q is not null && !QueryEvaluator.Matches(Q, doc, Expand)) return false;
        return Geo is null || MatchesGeo(doc);
    }

    bool MatchesGeo(JsonObject doc) =>
        EntityDoc.Instances(doc[Expand(Geo!.GeoProperty)]).Any(i =>
            i["type"]?.GetValue<string>() == "GeoProperty" && i["value"] is { } g && Geo.Matches(GeoQuery.ReadGeoJson(g)));
}

/// <summary><c>GET /entities</c>, <c>/types</c> and <c>/attributes</c>.</summary>
public static class EntityQueries
{
    public static void MapEntityQueries(this RouteGroupBuilder group)
    {
        group.MapGet("/entities", QueryEntities);
        group.MapPost("/entityOperations/query", QueryEntitiesByPost);
        group.MapGet("/types", TypeList);
        group.MapGet("/types/{type}", TypeInfo);
        group.MapGet("/attributes", AttributeList);
        group.MapGet("/attributes/{attr}", AttributeInfo);
    }

    static async Task<IResult> QueryEntities(HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var media = NgsiLdHttp.Negotiate(http, geoJson: true);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        return await AnswerQueryAsync(http, db, http.Request.Query, context, media);
    }

    // POST /entityOperations/query (§6.23): the query in the body, as a Query object, for queries too long or too
    // structured for a URL; paging and options stay in the URL.
    static async Task<IResult> QueryEntitiesByPost(HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var media = NgsiLdHttp.Negotiate(http, geoJson: true);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        return await AnswerQueryAsync(http, db, QueryParameters(body, http.Request.Query), context, media);
    }

    /// <summary>A Query object (type, entities, attrs, pick, omit, q, geoQ) as the GET parameters it stands for,
    /// added to those of the URL.</summary>
    static QueryCollection QueryParameters(JsonNode body, IQueryCollection url)
    {
        if (body is not JsonObject o) throw NgsiLdException.BadData("The query must be a JSON object of type Query.");
        if (o["type"] is { } type && type.ToString() != "Query") throw NgsiLdException.BadData("The query's type must be \"Query\".");
        if (!new[] { "entities", "attrs", "pick", "omit", "q", "geoQ" }.Any(o.ContainsKey))
            throw NgsiLdException.BadData("A query needs entities, attrs, q or geoQ.");
        var parameters = url.ToDictionary(kv => kv.Key, kv => kv.Value);
        string Text(JsonNode? node, string what) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text
            : throw NgsiLdException.BadData($"{what} must be a string.");
        string List(JsonNode node, string what) => node is JsonArray a ? string.Join(',', a.Select(x => Text(x, $"Each of {what}"))) : Text(node, what);
        if (o["entities"] is { } entities)
        {
            if (entities is not JsonArray { Count: > 0 } selectors || selectors.Any(x => x is not JsonObject))
                throw NgsiLdException.BadData("entities must be a list of entity selectors ({ \"type\": …, \"id\": …, \"idPattern\": … }).");
            var all = selectors.Cast<JsonObject>().ToList();
            // One GET query holds a list of types, a list of ids and one pattern: selectors that need more are refused.
            if (all.Any(x => x["id"] is not null) && all.Any(x => x["id"] is null))
                throw new NgsiLdException(NgsiLdError.OperationNotSupported, "Entity selectors with an id cannot be mixed with selectors without one.");
            var patterns = all.Where(x => x["idPattern"] is not null).Select(x => Text(x["idPattern"], "idPattern")).Distinct().ToList();
            if (patterns.Count > 1) throw new NgsiLdException(NgsiLdError.OperationNotSupported, "At most one idPattern can be given.");
            var types = all.Where(x => x["type"] is not null).Select(x => Text(x["type"], "An entity selector's type")).Distinct().ToList();
            if (types.Count > 0) parameters["type"] = string.Join(',', types);
            var ids = all.Where(x => x["id"] is not null).Select(x => Text(x["id"], "An entity selector's id")).Distinct().ToList();
            if (ids.Count > 0) parameters["id"] = string.Join(',', ids);
            if (patterns.Count == 1) parameters["idPattern"] = patterns[0];
        }
        foreach (var member in new[] { "attrs", "pick", "omit" })
            if (o[member] is { } value) parameters[member] = List(value, member);
        if (o["q"] is { } q) parameters["q"] = Text(q, "q");
        if (o["geoQ"] is { } geoQ)
        {
            if (geoQ is not JsonObject g) throw NgsiLdException.BadData("geoQ must be an object with georel, geometry and coordinates.");
            if (g["georel"] is { } georel) parameters["georel"] = Text(georel, "georel");
            if (g["geometry"] is { } geometry) parameters["geometry"] = Text(geometry, "geometry");
            if (g["coordinates"] is { } coordinates) parameters["coordinates"] = coordinates is JsonValue cv && cv.TryGetValue<string>(out var c) ? c : coordinates.ToJsonString();
            if (g["geoproperty"] is { } geoproperty) parameters["geoproperty"] = Text(geoproperty, "geoproperty");
        }
        return new QueryCollection(parameters);
    }

    static async Task<IResult> AnswerQueryAsync(HttpContext http, AgoraDbContext db, IQueryCollection query, LdContext context, string media)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var view = ViewOptions.From(query, context);
        var selection = EntitySelection.From(query, context);
        var (limit, offset) = Paging(query);
        var count = query["count"].ToString() == "true";

        var (docs, total) = await SelectAsync(db, tenant, selection, limit, offset, count, http.RequestAborted);
        if (total is { } n) http.Response.Headers["NGSILD-Results-Count"] = n.ToString();
        var entities = docs.Select(d => EntityView.Render(d, context, view)).ToList();
        if (media == NgsiLdHttp.GeoJson)
            return NgsiLdHttp.Answer(http, GeoJsonView.Collection(entities, GeoJsonView.GeometryProperty(http, context), context), context, media);
        return NgsiLdHttp.Answer(http, new JsonArray(entities.Select(e => (JsonNode?)e).ToArray()), context, media);
    }

    public static (int Limit, int Offset) Paging(IQueryCollection query)
    {
        var limit = 20;
        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, out limit) || limit < 0))
            throw NgsiLdException.BadData("limit must be a whole number of 0 or more.");
        if (limit > EntitySelection.MaxLimit)
            throw new NgsiLdException(NgsiLdError.TooManyResults, $"limit may be at most {EntitySelection.MaxLimit}.");
        var offset = 0;
        if (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, out offset) || offset < 0))
            throw NgsiLdException.BadData("offset must be a whole number of 0 or more.");
        return (limit, offset);
    }

    // On SQLite, a page starts from the smallest ranged set of a q term (QuerySql.Terms) when it holds fewer rows than
    // this; otherwise it walks the type's entities in key order and tests each, which stops after a page unless matches
    // are rare. A count intersects the terms' sets, which read indexes only, instead of testing every entity.
    const int DriveBelow = 2000;

    /// <summary>Runs a selection: the conditions SQL can state run in the database (tenant, type, id,
    /// attributes, <c>q</c>, the geo-query's bounding box); the exact geometry test and any part of
    /// <c>q</c> SQL cannot state run on the candidates, and then paging is done here.</summary>
    public static async Task<(List<JsonObject> Docs, long? Count)> SelectAsync(AgoraDbContext db, string tenant, EntitySelection selection,
        int limit, int offset, bool count, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = new Dictionary<string, object?> { ["@tenant"] = tenant };
        // Conditions on the entity e besides its tenant, type and q, each tested per candidate entity.
        var where = new StringBuilder();
        var readsEntity = false; // whether a condition reads more of e than its key
        // One type (the common query) walks the (tenant, type, entity) index in key order, so a page of
        // 20 stops after 20 matches; several types go through a set.
        var from = "ngsi_entities e";
        var order = "e.key";
        string? typeTest = null; // the one type, tested by key
        if (selection.Types is [var single])
        {
            parameters["@ty0"] = single;
            from = "ngsi_entity_types t JOIN ngsi_entities e ON e.key = t.entity_key";
            order = "t.entity_key";
            typeTest = "EXISTS (SELECT 1 FROM ngsi_entity_types t WHERE t.tenant = @tenant AND t.type = @ty0 AND t.entity_key = e.key)";
        }
        else if (selection.Types is { } types)
            where.Append($" AND e.key IN (SELECT t.entity_key FROM ngsi_entity_types t WHERE t.tenant = @tenant AND t.type IN ({ContextSql.List(types, "ty", parameters)}))");
        if (selection.Ids is { } ids)
        {
            where.Append($" AND e.id IN ({ContextSql.List(ids, "id", parameters)})");
            readsEntity = true;
        }
        if (selection.IdPattern is { } pattern)
        {
            parameters["@idPattern"] = pattern;
            where.Append(postgres ? " AND e.id ~ @idPattern" : " AND regexp(@idPattern, e.id)");
            readsEntity = true;
        }
        // On SQLite a probe by key (the unary + keeps it on the primary key (entity_key, name)); PostgreSQL plans the set.
        if (selection.Attrs is { } attrs)
            where.Append(postgres
                ? $" AND e.key IN (SELECT a.entity_key FROM ngsi_attrs a WHERE a.name IN ({ContextSql.List(attrs, "at", parameters)}))"
                : $" AND EXISTS (SELECT 1 FROM ngsi_attrs a WHERE a.entity_key = e.key AND +a.name IN ({ContextSql.List(attrs, "at", parameters)}))");
        var exactInMemory = false;
        List<QuerySql.QueryTerm> terms = [];
        if (selection.Q is { } q)
        {
            if (QuerySql.Terms(q, selection.Expand, postgres, parameters) is { } translated) terms = translated;
            else exactInMemory = true;
        }
        // A geo-query with a search box takes its candidates from the spatial index (migration SpatialIndex): on
        // PostgreSQL the GiST index of the instances' boxes, on SQLite the R*Tree of the entities' boxes and then each
        // instance's own box. The exact geometry is tested on the candidates, here.
        var geoWhere = "";
        string? geoSet = null;
        if (selection.Geo is { } geo)
        {
            parameters["@geoProperty"] = selection.Expand(geo.GeoProperty);
            if (geo.SearchBox is { } sb)
            {
                (parameters["@gMinX"], parameters["@gMinY"], parameters["@gMaxX"], parameters["@gMaxY"]) = (sb.MinX, sb.MinY, sb.MaxX, sb.MaxY);
                geoSet = GeoCandidates(postgres);
            }
            geoWhere = $" AND e.key IN ({geoSet ?? "SELECT g.entity_key FROM ngsi_attrs g WHERE g.name = @geoProperty AND g.kind = 'GeoProperty'"})";
            exactInMemory = true;
        }
        string Tests(IEnumerable<QuerySql.QueryTerm> qTerms) => where + string.Concat(qTerms.Select(t => $" AND {t.Filter}"));
        var walkWhere = (typeTest is null ? "" : "t.tenant = @tenant AND t.type = @ty0 AND ") + "e.tenant = @tenant" + Tests(terms);

        // SQLite's CROSS JOIN keeps the set first; PostgreSQL has no CROSS JOIN … ON and plans the order itself.
        var keyJoin = postgres ? "JOIN" : "CROSS JOIN";
        // The entities of a set of keys, each looked up by key and tested, in key order.
        string FromSet(string set) => $"SELECT e.doc FROM (SELECT DISTINCT c.entity_key AS key FROM ({set}) c) d {keyJoin} ngsi_entities e ON e.key = d.key"
            + $" WHERE e.tenant = @tenant{(typeTest is null ? "" : " AND " + typeTest)}{Tests(terms)} ORDER BY e.key";

        if (exactInMemory)
        {
            // SQLite starts from the spatial index's candidates (it would otherwise walk every entity of the type and
            // look each up in them); PostgreSQL plans the set from its statistics.
            var sql = geoSet is not null && !postgres ? FromSet(geoSet) : $"SELECT e.doc FROM {from} WHERE {walkWhere}{geoWhere} ORDER BY {order}";
            var all = (await ReadDocsAsync(db, sql, parameters, ct)).Where(selection.Matches).ToList();
            return (all.Skip(offset).Take(limit).ToList(), count ? all.Count : null);
        }

        // The page: from the smallest ranged set if it is small (each entity looked up by key and tested), else the walk.
        (QuerySql.QueryTerm Term, long Size)? smallest = null;
        foreach (var term in terms.Where(t => t.Ranged))
        {
            var size = await SizeAsync(db, term.Set!, DriveBelow, parameters, ct);
            if (size < DriveBelow && (smallest is null || size < smallest.Value.Size)) smallest = (term, size);
        }
        var pageSql = smallest is { Term.Set: { } driving } ? FromSet(driving) : $"SELECT e.doc FROM {from} WHERE {walkWhere} ORDER BY {order}";
        var page = await ReadDocsAsync(db, $"{pageSql} LIMIT {limit} OFFSET {offset}", parameters, ct);
        if (!count) return (page, null);

        // The count: the entities in every set (the ranged ones if any, as the others read all of an attribute's rows),
        // tested for what the sets do not say; with one type and no test of the id, without reading the entities' rows.
        var sets = terms.Where(t => t.Ranged).ToList() is { Count: > 0 } ranged ? ranged : terms.Where(t => t.Set is not null).ToList();
        string countSql;
        if (sets.Count == 0)
            // With one type and nothing read from the entity but its key, the count reads the type's index alone: the
            // entity rows (each with its whole document) cost PostgreSQL a second per 100,000 to visit.
            countSql = typeTest is not null && !readsEntity
                ? $"SELECT COUNT(*) FROM (SELECT t.entity_key AS key FROM ngsi_entity_types t WHERE t.tenant = @tenant AND t.type = @ty0) e WHERE 1 = 1{Tests(terms)}"
                : $"SELECT COUNT(*) FROM {from} WHERE {walkWhere}";
        else
        {
            var keys = string.Join(" INTERSECT ", sets.Select(t => $"SELECT s.entity_key AS key FROM ({t.Set}) s"));
            var rest = Tests(terms.Except(sets));
            countSql = typeTest is not null && !readsEntity
                ? $"SELECT COUNT(*) FROM ({keys}) e WHERE {typeTest}{rest}"
                : $"SELECT COUNT(*) FROM ({keys}) d {keyJoin} ngsi_entities e ON e.key = d.key WHERE e.tenant = @tenant{(typeTest is null ? "" : " AND " + typeTest)}{rest}";
        }
        return (page, await CountAsync(db, countSql, parameters, ct));
    }

    /// <summary>The keys of the entities whose <c>@geoProperty</c> has an instance whose bounding box meets the box
    /// <c>@gMinX … @gMaxY</c>, from the spatial index. PostgreSQL's expression must stay the one the GiST index of the
    /// migration SpatialIndex is built on, or the index goes unused.</summary>
    internal static string GeoCandidates(bool postgres) => postgres
        ? "SELECT g.entity_key FROM ngsi_attrs g WHERE g.min_x IS NOT NULL"
            + " AND box(point(g.min_x, g.min_y), point(g.max_x, g.max_y)) && box(point(@gMinX, @gMinY), point(@gMaxX, @gMaxY))"
            + " AND g.name = @geoProperty AND g.kind = 'GeoProperty'"
        : "SELECT g.entity_key FROM ngsi_geo r CROSS JOIN ngsi_attrs g ON g.entity_key = r.id AND g.name = @geoProperty"
            + " WHERE r.max_x >= @gMinX AND r.min_x <= @gMaxX AND r.max_y >= @gMinY AND r.min_y <= @gMaxY"
            + " AND g.kind = 'GeoProperty' AND g.max_x >= @gMinX AND g.min_x <= @gMaxX AND g.max_y >= @gMinY AND g.min_y <= @gMaxY";

    static async Task<long> SizeAsync(AgoraDbContext db, string set, long bound, Dictionary<string, object?> parameters, CancellationToken ct) =>
        await CountAsync(db, $"SELECT COUNT(*) FROM (SELECT 1 FROM ({set}) s LIMIT {bound}) n", parameters, ct);

    static async Task<List<JsonObject>> ReadDocsAsync(AgoraDbContext db, string sql, Dictionary<string, object?> parameters, CancellationToken ct)
    {
        await using var command = await ContextSql.CommandAsync(db, sql, parameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var docs = new List<JsonObject>();
        while (await reader.ReadAsync(ct)) docs.Add(EntityStore.Parse(reader.GetString(0)));
        return docs;
    }

    static async Task<long> CountAsync(AgoraDbContext db, string sql, Dictionary<string, object?> parameters, CancellationToken ct)
    {
        await using var command = await ContextSql.CommandAsync(db, sql, parameters, ct);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    // GET /types: the entity types of the tenant (§5.7.5); details=true gives EntityTypeInfo-like entries.
    static async Task<IResult> TypeList(HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var types = await db.NgsiEntityTypes.Where(t => t.Tenant == tenant).Select(t => t.Type).Distinct().OrderBy(t => t).ToListAsync(http.RequestAborted);
        if (http.Request.Query["details"].ToString() == "true")
        {
            // Every type's attribute names in one query, not one query per type.
            var names = (await (from t in db.NgsiEntityTypes
                                join a in db.NgsiAttrs on t.EntityKey equals a.EntityKey
                                where t.Tenant == tenant
                                select new { t.Type, a.Name }).Distinct().ToListAsync(http.RequestAborted))
                .ToLookup(r => r.Type, r => r.Name);
            var details = new JsonArray();
            foreach (var type in types)
                details.Add(new JsonObject
                {
                    ["id"] = type, ["type"] = "EntityType", ["typeName"] = context.CompactIri(type),
                    ["attributeNames"] = new JsonArray(names[type].Order().Select(a => (JsonNode?)context.CompactIri(a)).ToArray()),
                });
            return NgsiLdHttp.Answer(http, details, context, media);
        }
        var list = new JsonObject
        {
            ["id"] = $"urn:ngsi-ld:EntityTypeList:{Guid.NewGuid()}", ["type"] = "EntityTypeList",
            ["typeList"] = new JsonArray(types.Select(t => (JsonNode?)context.CompactIri(t)).ToArray()),
        };
        return NgsiLdHttp.Answer(http, list, context, media);
    }

    static async Task<IResult> TypeInfo(string type, HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        NgsiLdInput.CheckName(type, "Entity type");
        var expanded = context.ExpandTerm(type);
        var count = await db.NgsiEntityTypes.CountAsync(t => t.Tenant == tenant && t.Type == expanded, http.RequestAborted);
        if (count == 0) throw NgsiLdException.NotFound($"There are no entities of type {type}.");
        // Every attribute of the type with its kinds, in one query.
        var kinds = (await db.NgsiAttrs
            .Where(a => db.NgsiEntityTypes.Any(t => t.Tenant == tenant && t.Type == expanded && t.EntityKey == a.EntityKey))
            .Select(a => new { a.Name, a.Kind }).Distinct().ToListAsync(http.RequestAborted))
            .ToLookup(r => r.Name, r => r.Kind);
        var attributes = new JsonArray();
        foreach (var name in kinds.Select(g => g.Key).Order(StringComparer.Ordinal))
            attributes.Add(new JsonObject
            {
                ["id"] = name, ["type"] = "Attribute", ["attributeName"] = context.CompactIri(name),
                ["attributeTypes"] = new JsonArray(kinds[name].Select(k => (JsonNode?)k).ToArray()),
            });
        var info = new JsonObject
        {
            ["id"] = expanded, ["type"] = "EntityTypeInfo", ["typeName"] = context.CompactIri(expanded),
            ["entityCount"] = count, ["attributeDetails"] = attributes,
        };
        return NgsiLdHttp.Answer(http, info, context, media);
    }

    // GET /attributes (§5.7.8): the attribute names in use.
    static async Task<IResult> AttributeList(HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var names = await db.NgsiAttrs.Where(a => db.NgsiEntities.Any(e => e.Key == a.EntityKey && e.Tenant == tenant))
            .Select(a => a.Name).Distinct().OrderBy(n => n).ToListAsync(http.RequestAborted);
        var list = new JsonObject
        {
            ["id"] = $"urn:ngsi-ld:AttributeList:{Guid.NewGuid()}", ["type"] = "AttributeList",
            ["attributeList"] = new JsonArray(names.Select(n => (JsonNode?)context.CompactIri(n)).ToArray()),
        };
        return NgsiLdHttp.Answer(http, list, context, media);
    }

    static async Task<IResult> AttributeInfo(string attr, HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        NgsiLdInput.CheckName(attr, "Attribute name");
        var name = context.ExpandTerm(attr);
        var rows = await db.NgsiAttrs.Where(a => a.Name == name && db.NgsiEntities.Any(e => e.Key == a.EntityKey && e.Tenant == tenant))
            .Select(a => new { a.Kind, a.EntityKey }).ToListAsync(http.RequestAborted);
        if (rows.Count == 0) throw NgsiLdException.NotFound($"No entity has an attribute {attr}.");
        var keys = rows.Select(r => r.EntityKey).Distinct().ToList();
        var types = await db.NgsiEntityTypes.Where(t => keys.Contains(t.EntityKey)).Select(t => t.Type).Distinct().ToListAsync(http.RequestAborted);
        var info = new JsonObject
        {
            ["id"] = name, ["type"] = "Attribute", ["attributeName"] = context.CompactIri(name),
            ["attributeCount"] = keys.Count,
            ["attributeTypes"] = new JsonArray(rows.Select(r => r.Kind).Distinct().Select(k => (JsonNode?)k).ToArray()),
            ["typeNames"] = new JsonArray(types.Select(t => (JsonNode?)context.CompactIri(t)).ToArray()),
        };
        return NgsiLdHttp.Answer(http, info, context, media);
    }
}
