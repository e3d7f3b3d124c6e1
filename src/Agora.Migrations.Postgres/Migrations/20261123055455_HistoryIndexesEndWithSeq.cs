using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HistoryIndexesEndWithSeq : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_observed_at",
                table: "ngsi_history");

            migrationBuilder.DropIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_recorded_at",
                table: "ngsi_history");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_observed_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "observed_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_recorded_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "recorded_at", "seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_observed_at",
                table: "ngsi_history");

            migrationBuilder.DropIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_recorded_at",
                table: "ngsi_history");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_observed_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "observed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_recorded_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "recorded_at" });
        }
    }
}
