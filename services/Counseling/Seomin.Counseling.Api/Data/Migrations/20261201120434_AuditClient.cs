using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;

#nullable disable

namespace Seomin.Counseling.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditClient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "actor_client",
                schema: "counseling",
                table: "audit_log",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // The seal now hashes the client when set (rows sealed before keep their hashes and still verify).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(CounselingDbContext.Schema));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "actor_client",
                schema: "counseling",
                table: "audit_log");
        }
    }
}
