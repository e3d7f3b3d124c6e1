using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dataset_search_terms",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dataset_search_terms", x => new { x.DatasetId, x.Field, x.Value });
                    table.ForeignKey(
                        name: "FK_dataset_search_terms_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dataset_search_terms_Field_Value",
                table: "dataset_search_terms",
                columns: new[] { "Field", "Value" });

            // The full-text document of each dataset, weighted by column when ranked (bm25).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE datasets_fts USING fts5(
                    dataset_id UNINDEXED, name, title, tags, groups, text,
                    tokenize = 'unicode61 remove_diacritics 2')
                """);
            // FTS5 cannot index dataset_id (an UNINDEXED column is scanned), so each dataset's
            // full-text row is found through this map when it changes.
            migrationBuilder.Sql("""
                CREATE TABLE dataset_fts_rows (
                    dataset_id TEXT NOT NULL PRIMARY KEY REFERENCES datasets ("Id") ON DELETE CASCADE,
                    fts_rowid INTEGER NOT NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE dataset_fts_rows");
            migrationBuilder.Sql("DROP TABLE datasets_fts");

            migrationBuilder.DropTable(
                name: "dataset_search_terms");
        }
    }
}
