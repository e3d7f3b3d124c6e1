using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContextBroker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ngsi_entities",
                columns: table => new
                {
                    key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    id = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    types = table.Column<string>(type: "TEXT", nullable: false),
                    doc = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    modified_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_entities", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "ngsi_history",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    entity_key = table.Column<long>(type: "INTEGER", nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    dataset_id = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    num = table.Column<double>(type: "REAL", nullable: true),
                    text = table.Column<string>(type: "TEXT", nullable: true),
                    @bool = table.Column<bool>(name: "bool", type: "INTEGER", nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    observed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_history", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "ngsi_subscriptions",
                columns: table => new
                {
                    key = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    id = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    doc = table.Column<string>(type: "TEXT", nullable: false),
                    ld_context = table.Column<string>(type: "TEXT", nullable: true),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    times_sent = table.Column<long>(type: "INTEGER", nullable: false),
                    times_failed = table.Column<long>(type: "INTEGER", nullable: false),
                    last_notification = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_success = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_failure = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_failure_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    modified_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_subscriptions", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "ngsi_attrs",
                columns: table => new
                {
                    entity_key = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    dataset_id = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    num = table.Column<double>(type: "REAL", nullable: true),
                    text = table.Column<string>(type: "TEXT", nullable: true),
                    @bool = table.Column<bool>(name: "bool", type: "INTEGER", nullable: true),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    observed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    min_x = table.Column<double>(type: "REAL", nullable: true),
                    min_y = table.Column<double>(type: "REAL", nullable: true),
                    max_x = table.Column<double>(type: "REAL", nullable: true),
                    max_y = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_attrs", x => new { x.entity_key, x.name, x.dataset_id });
                    table.ForeignKey(
                        name: "FK_ngsi_attrs_ngsi_entities_entity_key",
                        column: x => x.entity_key,
                        principalTable: "ngsi_entities",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ngsi_entity_types",
                columns: table => new
                {
                    tenant = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    entity_key = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_entity_types", x => new { x.tenant, x.type, x.entity_key });
                    table.ForeignKey(
                        name: "FK_ngsi_entity_types_ngsi_entities_entity_key",
                        column: x => x.entity_key,
                        principalTable: "ngsi_entities",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ngsi_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    subscription_key = table.Column<long>(type: "INTEGER", nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    locked_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ngsi_outbox", x => x.id);
                    table.ForeignKey(
                        name: "FK_ngsi_outbox_ngsi_subscriptions_subscription_key",
                        column: x => x.subscription_key,
                        principalTable: "ngsi_subscriptions",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_attrs_name_min_x_min_y",
                table: "ngsi_attrs",
                columns: new[] { "name", "min_x", "min_y" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_attrs_name_num_entity_key",
                table: "ngsi_attrs",
                columns: new[] { "name", "num", "entity_key" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_attrs_name_text_entity_key",
                table: "ngsi_attrs",
                columns: new[] { "name", "text", "entity_key" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_entities_tenant_id",
                table: "ngsi_entities",
                columns: new[] { "tenant", "id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_entity_types_entity_key",
                table: "ngsi_entity_types",
                column: "entity_key");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_recorded_at",
                table: "ngsi_history",
                column: "recorded_at");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_observed_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "observed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_history_tenant_entity_id_name_recorded_at",
                table: "ngsi_history",
                columns: new[] { "tenant", "entity_id", "name", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_outbox_due_at",
                table: "ngsi_outbox",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_outbox_subscription_key",
                table: "ngsi_outbox",
                column: "subscription_key");

            migrationBuilder.CreateIndex(
                name: "IX_ngsi_subscriptions_tenant_id",
                table: "ngsi_subscriptions",
                columns: new[] { "tenant", "id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ngsi_attrs");

            migrationBuilder.DropTable(
                name: "ngsi_entity_types");

            migrationBuilder.DropTable(
                name: "ngsi_history");

            migrationBuilder.DropTable(
                name: "ngsi_outbox");

            migrationBuilder.DropTable(
                name: "ngsi_entities");

            migrationBuilder.DropTable(
                name: "ngsi_subscriptions");
        }
    }
}
