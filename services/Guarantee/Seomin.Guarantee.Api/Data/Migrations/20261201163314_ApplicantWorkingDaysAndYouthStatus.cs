using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApplicantWorkingDaysAndYouthStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "working_days_last_three_months",
                schema: "guarantee",
                table: "applications",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "youth_status",
                schema: "guarantee",
                table: "applications",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "working_days_last_three_months",
                schema: "guarantee",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "youth_status",
                schema: "guarantee",
                table: "applications");
        }
    }
}
