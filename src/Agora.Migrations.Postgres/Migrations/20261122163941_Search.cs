using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Postgres.Migrations
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
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Value = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
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

            // The full-text document of each dataset: a weighted tsvector (name and title A, tags and
            // groups B, the rest D) behind a GIN index.
            migrationBuilder.Sql("""
                CREATE TABLE datasets_fts (
                    dataset_id uuid PRIMARY KEY REFERENCES datasets ("Id") ON DELETE CASCADE,
                    document tsvector NOT NULL)
                """);
            migrationBuilder.Sql("CREATE INDEX ix_datasets_fts_document ON datasets_fts USING GIN (document)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE datasets_fts");

            migrationBuilder.DropTable(
                name: "dataset_search_terms");
        }
    }
}
