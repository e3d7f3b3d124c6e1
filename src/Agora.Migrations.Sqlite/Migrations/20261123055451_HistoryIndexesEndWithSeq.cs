using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HistoryIndexesEndWithSeq : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing to do on SQLite: every index ends with the rowid, which seq is, and the observed_at index already
            // holds seq right after observed_at (HistoryCoveringIndex). The model now names seq for PostgreSQL's sake.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
