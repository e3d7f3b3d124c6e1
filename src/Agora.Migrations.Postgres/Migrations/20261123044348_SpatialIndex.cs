using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SpatialIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ngsi_attrs_name_min_x_min_y",
                table: "ngsi_attrs");
            // A GiST (R-tree) index on the bounding boxes of GeoProperty instances, with PostgreSQL's own box type:
            // no PostGIS extension to install (which needs a superuser). Geo-queries ask for boxes that overlap (&&)
            // the query's, then test the exact geometry. The expression must stay the one EntityQueries writes.
            migrationBuilder.Sql("""
                CREATE INDEX ix_ngsi_attrs_geo ON ngsi_attrs USING gist (box(point(min_x, min_y), point(max_x, max_y)))
                WHERE min_x IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_ngsi_attrs_geo");
            migrationBuilder.CreateIndex(
                name: "IX_ngsi_attrs_name_min_x_min_y",
                table: "ngsi_attrs",
                columns: new[] { "name", "min_x", "min_y" });
        }
    }
}
