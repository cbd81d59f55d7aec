using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditClientAndSubmitter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "actor_client",
                schema: "guarantee",
                table: "audit_log",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // The seal now hashes the client when set (rows sealed before keep their hashes and still verify).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(GuaranteeDbContext.Schema));

            migrationBuilder.AddColumn<string>(
                name: "partner_code",
                schema: "guarantee",
                table: "applications",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "submitted_by",
                schema: "guarantee",
                table: "applications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "submitted_by_client",
                schema: "guarantee",
                table: "applications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_partner_code",
                schema: "guarantee",
                table: "applications",
                column: "partner_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_applications_partner_code",
                schema: "guarantee",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "actor_client",
                schema: "guarantee",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "partner_code",
                schema: "guarantee",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "submitted_by",
                schema: "guarantee",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "submitted_by_client",
                schema: "guarantee",
                table: "applications");
        }
    }
}
