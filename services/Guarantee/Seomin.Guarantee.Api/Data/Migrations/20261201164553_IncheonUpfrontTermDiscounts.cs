using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class IncheonUpfrontTermDiscounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "special_guarantee",
                schema: "guarantee",
                table: "product_versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "upfront_term_discounts",
                schema: "guarantee",
                table: "product_versions",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            // Existing rows (databases seeded before this change): the foundation's budgeted programmes are 특례보증, and
            // INCHEON-BASE fees get the up-front term discounts of ReferenceData.IncheonTermDiscounts (seed 003 20-4, ADR 0021).
            migrationBuilder.Sql("""
                UPDATE guarantee.product_versions SET special_guarantee = true WHERE fund_code = 'INCHEON-BASE' AND budget IS NOT NULL;
                UPDATE guarantee.product_versions
                   SET upfront_term_discounts = '[{"minTermMonths":24,"discount":0.05},{"minTermMonths":36,"discount":0.10},{"minTermMonths":60,"discount":0.15}]'::jsonb
                 WHERE fund_code = 'INCHEON-BASE';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "special_guarantee",
                schema: "guarantee",
                table: "product_versions");

            migrationBuilder.DropColumn(
                name: "upfront_term_discounts",
                schema: "guarantee",
                table: "product_versions");
        }
    }
}
