using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
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
            // An R*Tree of each entity's box around all its GeoProperty instances, keyed by the entity's integer key
            // (stable, unlike ngsi_attrs' rowids, which VACUUM may renumber). Geo-queries take candidates from it and
            // test each instance's own box, then the exact geometry. Triggers keep it in step with ngsi_attrs, however
            // a row changes (the broker's writes, an entity's cascade delete).
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ngsi_geo USING rtree(id, min_x, max_x, min_y, max_y)");
            const string boxOf = """
                SELECT entity_key, min(min_x), max(max_x), min(min_y), max(max_y) FROM ngsi_attrs
                WHERE entity_key = {0} AND min_x IS NOT NULL GROUP BY entity_key
                """;
            migrationBuilder.Sql($"""
                CREATE TRIGGER ngsi_attrs_geo_insert AFTER INSERT ON ngsi_attrs WHEN NEW.min_x IS NOT NULL BEGIN
                    INSERT OR REPLACE INTO ngsi_geo (id, min_x, max_x, min_y, max_y) {string.Format(boxOf, "NEW.entity_key")};
                END
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER ngsi_attrs_geo_update AFTER UPDATE OF min_x, min_y, max_x, max_y ON ngsi_attrs
                WHEN OLD.min_x IS NOT NEW.min_x OR OLD.min_y IS NOT NEW.min_y OR OLD.max_x IS NOT NEW.max_x OR OLD.max_y IS NOT NEW.max_y BEGIN
                    DELETE FROM ngsi_geo WHERE id = OLD.entity_key;
                    INSERT INTO ngsi_geo (id, min_x, max_x, min_y, max_y) {string.Format(boxOf, "NEW.entity_key")};
                END
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER ngsi_attrs_geo_delete AFTER DELETE ON ngsi_attrs WHEN OLD.min_x IS NOT NULL BEGIN
                    DELETE FROM ngsi_geo WHERE id = OLD.entity_key;
                    INSERT INTO ngsi_geo (id, min_x, max_x, min_y, max_y) {string.Format(boxOf, "OLD.entity_key")};
                END
                """);
            migrationBuilder.Sql("""
                INSERT INTO ngsi_geo (id, min_x, max_x, min_y, max_y)
                SELECT entity_key, min(min_x), max(max_x), min(min_y), max(max_y) FROM ngsi_attrs WHERE min_x IS NOT NULL GROUP BY entity_key
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ngsi_attrs_geo_insert");
            migrationBuilder.Sql("DROP TRIGGER ngsi_attrs_geo_update");
            migrationBuilder.Sql("DROP TRIGGER ngsi_attrs_geo_delete");
            migrationBuilder.Sql("DROP TABLE ngsi_geo");
            migrationBuilder.CreateIndex(
                name: "IX_ngsi_attrs_name_min_x_min_y",
                table: "ngsi_attrs",
                columns: new[] { "name", "min_x", "min_y" });
        }
    }
}
