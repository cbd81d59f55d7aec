using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Subrogation.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class LegalStepsDebtorsCertificatesGrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssignedOfficer",
                schema: "subrogation",
                table: "recourse_claims",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grade",
                schema: "subrogation",
                table: "recourse_claims",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GradeRule",
                schema: "subrogation",
                table: "recourse_claims",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "GradedOn",
                schema: "subrogation",
                table: "recourse_claims",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<bool>(
                name: "HasKnownAssets",
                schema: "subrogation",
                table: "recourse_claims",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LimitationExpiresOn",
                schema: "subrogation",
                table: "recourse_claims",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "LimitationInterruptedBy",
                schema: "subrogation",
                table: "recourse_claims",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            // Claims opened before this migration: the limitation expires ten years after it last started to run
            // (서민금융법 제54조제5항); the grade is computed again by the next save or the nightly job.
            migrationBuilder.Sql("""
                UPDATE subrogation.recourse_claims
                SET "LimitationExpiresOn" = ("LimitationRunsFrom" + INTERVAL '10 years')::date, "GradedOn" = "OpenedOn", "Grade" = 'D'
                """);

            migrationBuilder.CreateTable(
                name: "balance_certificates",
                schema: "subrogation",
                columns: table => new
                {
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RecourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DebtorNameMasked = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DebtorRrnMasked = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Principal = table.Column<long>(type: "bigint", nullable: false),
                    LateCharge = table.Column<long>(type: "bigint", nullable: false),
                    Costs = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_balance_certificates", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "debtor_identities",
                schema: "subrogation",
                columns: table => new
                {
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rrn = table.Column<string>(type: "text", nullable: false),
                    RrnBlindIndex = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debtor_identities", x => x.ClaimId);
                });

            migrationBuilder.CreateTable(
                name: "legal_steps",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TakenOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ServedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FinalOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NextAction = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextCitation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_legal_steps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relief_cases",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    RegisteredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EndedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relief_cases", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_recourse_claims_AssignedOfficer_LimitationExpiresOn",
                schema: "subrogation",
                table: "recourse_claims",
                columns: new[] { "AssignedOfficer", "LimitationExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_balance_certificates_RecourseId",
                schema: "subrogation",
                table: "balance_certificates",
                column: "RecourseId");

            migrationBuilder.CreateIndex(
                name: "IX_debtor_identities_RrnBlindIndex",
                schema: "subrogation",
                table: "debtor_identities",
                column: "RrnBlindIndex");

            migrationBuilder.CreateIndex(
                name: "IX_legal_steps_NextDueOn",
                schema: "subrogation",
                table: "legal_steps",
                column: "NextDueOn");

            migrationBuilder.CreateIndex(
                name: "IX_legal_steps_RecourseId",
                schema: "subrogation",
                table: "legal_steps",
                column: "RecourseId");

            migrationBuilder.CreateIndex(
                name: "IX_relief_cases_RecourseId",
                schema: "subrogation",
                table: "relief_cases",
                column: "RecourseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "balance_certificates",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "debtor_identities",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "legal_steps",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "relief_cases",
                schema: "subrogation");

            migrationBuilder.DropIndex(
                name: "IX_recourse_claims_AssignedOfficer_LimitationExpiresOn",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "AssignedOfficer",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "Grade",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "GradeRule",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "GradedOn",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "HasKnownAssets",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "LimitationExpiresOn",
                schema: "subrogation",
                table: "recourse_claims");

            migrationBuilder.DropColumn(
                name: "LimitationInterruptedBy",
                schema: "subrogation",
                table: "recourse_claims");
        }
    }
}
