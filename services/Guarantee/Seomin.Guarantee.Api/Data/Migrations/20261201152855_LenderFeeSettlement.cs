using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class LenderFeeSettlement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "settled_by",
                schema: "guarantee",
                table: "fee_ledger_entries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "lender_remittances",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lender_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lender_remittances", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_fee_ledger_entries_settled_by_occurred_on",
                schema: "guarantee",
                table: "fee_ledger_entries",
                columns: new[] { "settled_by", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_lender_remittances_lender_code_month",
                schema: "guarantee",
                table: "lender_remittances",
                columns: new[] { "lender_code", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_lender_remittances_reference",
                schema: "guarantee",
                table: "lender_remittances",
                column: "reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lender_remittances",
                schema: "guarantee");

            migrationBuilder.DropIndex(
                name: "ix_fee_ledger_entries_settled_by_occurred_on",
                schema: "guarantee",
                table: "fee_ledger_entries");

            migrationBuilder.DropColumn(
                name: "settled_by",
                schema: "guarantee",
                table: "fee_ledger_entries");
        }
    }
}
