using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupplyCountsExtensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "counts_extensions",
                schema: "guarantee",
                table: "supply_plans",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "guarantee_extensions",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    guarantee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    fund_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    extended_on = table.Column<DateOnly>(type: "date", nullable: false),
                    additional_months = table.Column<int>(type: "integer", nullable: false),
                    loan_balance = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guarantee_extensions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_guarantee_extensions_extended_on",
                schema: "guarantee",
                table: "guarantee_extensions",
                column: "extended_on");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "guarantee_extensions",
                schema: "guarantee");

            migrationBuilder.DropColumn(
                name: "counts_extensions",
                schema: "guarantee",
                table: "supply_plans");
        }
    }
}
