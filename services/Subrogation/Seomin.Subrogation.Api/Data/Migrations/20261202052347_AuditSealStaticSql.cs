using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;

#nullable disable

namespace Seomin.Subrogation.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditSealStaticSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit seal's statements become static (table, sequence and lock key resolved once, here), so each
            // session plans them once instead of re-planning dynamic SQL per row. Same chain, same hashes.
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(SubrogationDbContext.Schema));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the seal computes the same chain either way, and the current version stays installed.
        }
    }
}
