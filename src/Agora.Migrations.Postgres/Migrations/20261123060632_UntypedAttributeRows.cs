using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UntypedAttributeRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A q term's rows without a typed value (lists, language maps, geometries) are tested on their JSON
            // (QuerySql.Term). Without this index PostgreSQL, which cannot tell that "no typed value" is rare for
            // one name, reads the whole table to find them: 800 ms of a count over 100,000 entities.
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS ix_ngsi_attrs_untyped ON ngsi_attrs (name, entity_key)
                WHERE num IS NULL AND text IS NULL AND bool IS NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_ngsi_attrs_untyped");
        }
    }
}
