using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeeRateCapPerAccount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing products run on 서민금융보완계정 and existing guarantees were validated against its 15% ceiling (법 55의4).
            migrationBuilder.AddColumn<string>(
                name: "account",
                schema: "guarantee",
                table: "product_versions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "SupplementaryAccount");

            migrationBuilder.AddColumn<decimal>(
                name: "fee_rate_cap",
                schema: "guarantee",
                table: "guarantees",
                type: "numeric(9,6)",
                precision: 9,
                scale: 6,
                nullable: false,
                defaultValue: 0.15m);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "account",
                schema: "guarantee",
                table: "product_versions");

            migrationBuilder.DropColumn(
                name: "fee_rate_cap",
                schema: "guarantee",
                table: "guarantees");
        }
    }
}
