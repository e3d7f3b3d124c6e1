using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HistoryCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The history index by observedAt, widened (SQLite only; the model names its first four columns) so that
            // aggregations read every value they need from it, range by range, without a lookup per instance. seq
            // follows observed_at, as it did implicitly, so lastN still walks it in (observed_at, seq) order.
            migrationBuilder.Sql("DROP INDEX IX_ngsi_history_tenant_entity_id_name_observed_at");
            migrationBuilder.Sql("""
                CREATE INDEX IX_ngsi_history_tenant_entity_id_name_observed_at ON ngsi_history
                    (tenant, entity_id, name, observed_at, seq, recorded_at, deleted, dataset_id, num, text)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IX_ngsi_history_tenant_entity_id_name_observed_at");
            migrationBuilder.Sql("CREATE INDEX IX_ngsi_history_tenant_entity_id_name_observed_at ON ngsi_history (tenant, entity_id, name, observed_at)");
        }
    }
}
