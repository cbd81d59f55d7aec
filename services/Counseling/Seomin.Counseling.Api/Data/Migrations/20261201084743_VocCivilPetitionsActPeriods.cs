using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Counseling.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class VocCivilPetitionsActPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpectedCompletionAt",
                schema: "counseling",
                table: "voc_notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResponsibleOfficer",
                schema: "counseling",
                table: "voc_notices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastStatusCheckOn",
                schema: "counseling",
                table: "voc_cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SiteInvestigationDays",
                schema: "counseling",
                table: "voc_cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SiteInvestigationEndsOn",
                schema: "counseling",
                table: "voc_cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SiteInvestigationExtended",
                schema: "counseling",
                table: "voc_cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SiteInvestigationStartsOn",
                schema: "counseling",
                table: "voc_cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TransferCount",
                schema: "counseling",
                table: "voc_cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TransferredAt",
                schema: "counseling",
                table: "voc_cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TransferredLate",
                schema: "counseling",
                table: "voc_cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "TransferredToAgency",
                schema: "counseling",
                table: "voc_cases",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpectedCompletionAt",
                schema: "counseling",
                table: "voc_notices");

            migrationBuilder.DropColumn(
                name: "ResponsibleOfficer",
                schema: "counseling",
                table: "voc_notices");

            migrationBuilder.DropColumn(
                name: "LastStatusCheckOn",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "SiteInvestigationDays",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "SiteInvestigationEndsOn",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "SiteInvestigationExtended",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "SiteInvestigationStartsOn",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "TransferCount",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "TransferredAt",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "TransferredLate",
                schema: "counseling",
                table: "voc_cases");

            migrationBuilder.DropColumn(
                name: "TransferredToAgency",
                schema: "counseling",
                table: "voc_cases");
        }
    }
}
