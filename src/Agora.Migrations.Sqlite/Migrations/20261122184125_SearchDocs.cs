using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
{
    /// <summary>SQLite's search table: one narrow row per dataset whose rowid is also its full-text
    /// row's, holding what searches filter, sort and facet on. Matches from FTS5 reach it by integer
    /// key instead of through the datasets table's text ids and the terms table, which made broad
    /// searches and their facets slow as the catalogue grew.</summary>
    public partial class SearchDocs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE search_docs (
                    "Id" TEXT NOT NULL UNIQUE REFERENCES datasets ("Id") ON DELETE CASCADE,
                    "Name" TEXT NOT NULL,
                    "Title" TEXT NULL,
                    "State" TEXT NOT NULL,
                    "Visibility" TEXT NOT NULL,
                    "OwnerOrgId" TEXT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "ModifiedAt" TEXT NOT NULL,
                    facet_organization TEXT NULL,
                    facet_license_id TEXT NULL,
                    facet_visibility TEXT NOT NULL,
                    facet_tags TEXT NOT NULL,
                    facet_groups TEXT NOT NULL,
                    facet_res_format TEXT NOT NULL)
                """);
            migrationBuilder.Sql("""
                INSERT INTO search_docs (rowid, "Id", "Name", "Title", "State", "Visibility", "OwnerOrgId", "CreatedAt", "ModifiedAt",
                    facet_organization, facet_license_id, facet_visibility, facet_tags, facet_groups, facet_res_format)
                SELECT r.fts_rowid, d."Id", d."Name", d."Title", d."State", d."Visibility", d."OwnerOrgId", d."CreatedAt", d."ModifiedAt",
                    (SELECT t."Value" FROM dataset_search_terms t WHERE t."DatasetId" = d."Id" AND t."Field" = 'organization'),
                    d."LicenseId", lower(d."Visibility"),
                    (SELECT json_group_array(t."Value") FROM dataset_search_terms t WHERE t."DatasetId" = d."Id" AND t."Field" = 'tags'),
                    (SELECT json_group_array(t."Value") FROM dataset_search_terms t WHERE t."DatasetId" = d."Id" AND t."Field" = 'groups'),
                    (SELECT json_group_array(t."Value") FROM dataset_search_terms t WHERE t."DatasetId" = d."Id" AND t."Field" = 'res_format')
                FROM datasets d JOIN dataset_fts_rows r ON r.dataset_id = d."Id"
                """);
            migrationBuilder.Sql("""CREATE INDEX search_docs_modified ON search_docs ("ModifiedAt")""");
            // Each dataset's (field, value) pairs — tags:air, organization:…, extras_… — under its
            // integer key, for fq filters and the facets search_docs does not keep.
            migrationBuilder.Sql("""
                CREATE TABLE search_postings (
                    "Field" TEXT NOT NULL, "Value" TEXT NOT NULL, k INTEGER NOT NULL,
                    PRIMARY KEY ("Field", "Value", k)) WITHOUT ROWID
                """);
            migrationBuilder.Sql("""CREATE INDEX search_postings_k ON search_postings (k)""");
            migrationBuilder.Sql("""
                INSERT INTO search_postings ("Field", "Value", k)
                SELECT t."Field", t."Value", s.rowid FROM dataset_search_terms t JOIN search_docs s ON s."Id" = t."DatasetId"
                """);
            // SQLite keeps its terms in search_postings from now on.
            migrationBuilder.Sql("DELETE FROM dataset_search_terms");
            migrationBuilder.Sql("DROP TABLE dataset_fts_rows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE dataset_fts_rows (
                    dataset_id TEXT NOT NULL PRIMARY KEY REFERENCES datasets ("Id") ON DELETE CASCADE,
                    fts_rowid INTEGER NOT NULL)
                """);
            migrationBuilder.Sql("""INSERT INTO dataset_fts_rows (dataset_id, fts_rowid) SELECT "Id", rowid FROM search_docs""");
            migrationBuilder.Sql("""
                INSERT INTO dataset_search_terms ("DatasetId", "Field", "Value")
                SELECT s."Id", p."Field", p."Value" FROM search_postings p JOIN search_docs s ON s.rowid = p.k
                """);
            migrationBuilder.Sql("DROP TABLE search_postings");
            migrationBuilder.Sql("DROP TABLE search_docs");
        }
    }
}
