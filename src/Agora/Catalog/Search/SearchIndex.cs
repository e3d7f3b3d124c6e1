using System.Text.Json;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Catalog.Search;

/// <summary>One value of a dataset under a search field (tags:air, organization:city-of-aldport…):
/// what fq filters and facet counts read, with an index on (field, value).</summary>
public sealed class DatasetSearchTerm
{
    public Guid DatasetId { get; set; }
    public required string Field { get; set; }
    public required string Value { get; set; }
}

sealed class DatasetSearchTermConfiguration : IEntityTypeConfiguration<DatasetSearchTerm>
{
    public void Configure(EntityTypeBuilder<DatasetSearchTerm> b)
    {
        b.ToTable("dataset_search_terms");
        b.HasKey(t => new { t.DatasetId, t.Field, t.Value });
        b.HasIndex(t => new { t.Field, t.Value });
        b.Property(t => t.Field).HasMaxLength(200);
        b.Property(t => t.Value).HasMaxLength(400);
        b.HasOne<Dataset>().WithMany().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A counter that every change to the search entries moves on, in the same transaction:
/// search results remembered under one version are exact until it moves (on any node).</summary>
public sealed class SearchState
{
    public int Id { get; set; }
    public long Version { get; set; }
}

sealed class SearchStateConfiguration : IEntityTypeConfiguration<SearchState>
{
    public void Configure(EntityTypeBuilder<SearchState> b)
    {
        b.ToTable("search_state");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasData(new SearchState { Id = 1, Version = 0 });
    }
}

/// <summary>Keeps a dataset's search entries — filter terms and the full-text document (FTS5 on
/// SQLite, a weighted tsvector on PostgreSQL) — in step with the dataset, in its transaction.</summary>
public static class SearchIndex
{
    /// <summary>Columns of the full-text document, weighted as CKAN weighs them (name^4 title^4 tags^2 groups^2 text).</summary>
    public const string SqliteWeights = "4.0, 4.0, 2.0, 2.0, 1.0";

    public static async Task UpdateAsync(AgoraDbContext db, Dataset d, CancellationToken ct)
    {
        var terms = Terms(d).Distinct().ToList();
        if (!db.Database.IsSqlite())
        {
            await db.Set<DatasetSearchTerm>().Where(t => t.DatasetId == d.Id).ExecuteDeleteAsync(ct);
            // Terms from an earlier save in the same context (the demo files datasets into groups after
            // creating them) are still tracked; the deleted rows must not clash with their replacements.
            foreach (var stale in db.ChangeTracker.Entries<DatasetSearchTerm>().Where(e => e.Entity.DatasetId == d.Id).ToList())
                stale.State = EntityState.Detached;
            db.Set<DatasetSearchTerm>().AddRange(terms.Select(t => new DatasetSearchTerm { DatasetId = d.Id, Field = t.Field, Value = t.Value }));
            await db.SaveChangesAsync(ct);
        }

        var tags = string.Join(' ', d.Tags.Select(t => t.Name));
        var groups = string.Join(' ', d.Groups.Select(g => $"{g.Group.Name} {g.Group.Title}"));
        var text = string.Join('\n', new[]
        {
            d.Notes, d.Author, d.Maintainer, d.Version, d.OwnerOrg?.Slug, d.OwnerOrg?.Name, d.LicenseId,
            string.Join(' ', d.Resources.Select(r => $"{r.Name} {r.Description} {r.Format}")),
            string.Join(' ', d.Extras.Select(e => e.Value)),
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var title = d.Title ?? "";
        // The name's dashes and underscores split it into words for full-text matching.
        var name = d.Name.Replace('-', ' ').Replace('_', ' ');

        if (db.Database.IsSqlite())
        {
            var key = SqliteKey(d.Id);
            // Replace the dataset's full-text row and its search_docs row, which share a rowid
            // (found through search_docs' unique "Id": FTS5 cannot index dataset_id).
            await DeleteSqliteRowsAsync(db, key, ct);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO datasets_fts (dataset_id, name, title, tags, groups, text) VALUES ({key}, {name}, {title}, {tags}, {groups}, {text})", ct);
            var byField = terms.ToLookup(t => t.Field, t => t.Value);
            string Json(string field) => JsonSerializer.Serialize(byField[field]);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO search_docs (rowid, "Id", "Name", "Title", "State", "Visibility", "OwnerOrgId", "CreatedAt", "ModifiedAt",
                    facet_organization, facet_license_id, facet_visibility, facet_tags, facet_groups, facet_res_format)
                SELECT last_insert_rowid(), d."Id", d."Name", d."Title", d."State", d."Visibility", d."OwnerOrgId", d."CreatedAt", d."ModifiedAt",
                    {d.OwnerOrg?.Slug}, d."LicenseId", {d.Visibility.Name()}, {Json("tags")}, {Json("groups")}, {Json("res_format")}
                FROM datasets d WHERE d."Id" = {key}
                """, ct);
            // The dataset's (field, value) postings under the same integer key, as one statement.
            var rows = string.Join(", ", terms.Select((_, i) => $"(@f{i}, @v{i}, last_insert_rowid())"));
            var values = terms.SelectMany((t, i) => new object[]
            {
                new Microsoft.Data.Sqlite.SqliteParameter($"@f{i}", t.Field), new Microsoft.Data.Sqlite.SqliteParameter($"@v{i}", t.Value),
            });
            // Only parameter names are put into the text; the values travel as parameters.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO search_postings (\"Field\", \"Value\", k) VALUES {rows}", values, ct);
#pragma warning restore EF1002
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO datasets_fts (dataset_id, document) VALUES ({d.Id},
                    setweight(to_tsvector('simple', {name} || ' ' || {title}), 'A') ||
                    setweight(to_tsvector('simple', {tags} || ' ' || {groups}), 'B') ||
                    setweight(to_tsvector('simple', {text}), 'D'))
                ON CONFLICT (dataset_id) DO UPDATE SET document = EXCLUDED.document
                """, ct);
        }
        await BumpVersionAsync(db, ct);
    }

    /// <summary>Last in the transaction: on PostgreSQL the counter's row stays locked until commit.</summary>
    static Task BumpVersionAsync(AgoraDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE search_state SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1", ct);

    public static async Task<long> VersionAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Version\" FROM search_state WHERE \"Id\" = 1";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task RemoveAsync(AgoraDbContext db, Guid datasetId, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) await DeleteSqliteRowsAsync(db, SqliteKey(datasetId), ct);
        // PostgreSQL's datasets_fts and terms go with the dataset row (ON DELETE CASCADE).
        await BumpVersionAsync(db, ct);
    }

    /// <summary>A dataset's full-text row, postings and search_docs row on SQLite, found through
    /// search_docs' unique "Id" (FTS5 cannot index dataset_id); they share one integer key.</summary>
    static async Task DeleteSqliteRowsAsync(AgoraDbContext db, string key, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM datasets_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE \"Id\" = {key})", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM search_postings WHERE k = (SELECT rowid FROM search_docs WHERE \"Id\" = {key})", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM search_docs WHERE \"Id\" = {key}", ct);
    }

    /// <summary>EF Core keeps Guids in SQLite as upper-case text; raw SQL must match that.</summary>
    public static string SqliteKey(Guid id) => id.ToString().ToUpperInvariant();

    static IEnumerable<(string Field, string Value)> Terms(Dataset d)
    {
        yield return ("id", d.Id.ToString());
        yield return ("name", d.Name);
        yield return ("state", d.State.Name());
        yield return ("capacity", d.IsPrivate ? "private" : "public");
        yield return ("visibility", d.Visibility.Name());
        yield return ("dataset_type", d.Type);
        if (d.OwnerOrg is not null)
        {
            yield return ("organization", d.OwnerOrg.Slug);
            yield return ("owner_org", d.OwnerOrg.Id.ToString());
        }
        if (d.LicenseId is not null) yield return ("license_id", d.LicenseId);
        if (d.CreatorUserId is not null) yield return ("creator_user_id", d.CreatorUserId.Value.ToString());
        foreach (var (field, value) in new[] { ("author", d.Author), ("maintainer", d.Maintainer), ("version", d.Version) })
            if (!string.IsNullOrEmpty(value) && value.Length <= 400) yield return (field, value);
        foreach (var tag in d.Tags) yield return ("tags", tag.Name);
        foreach (var group in d.Groups) yield return ("groups", group.Group.Name);
        foreach (var r in d.Resources)
        {
            if (!string.IsNullOrEmpty(r.Format)) yield return ("res_format", r.Format);
            if (!string.IsNullOrEmpty(r.Name) && r.Name.Length <= 400) yield return ("res_name", r.Name);
        }
        foreach (var e in d.Extras)
            if (e.Value.Length <= 400 && e.Key.Length <= 190)
                yield return ($"extras_{e.Key}", e.Value);
    }
}
