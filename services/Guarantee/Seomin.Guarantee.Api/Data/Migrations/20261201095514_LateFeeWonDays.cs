using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class LateFeeWonDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "late_fee_won_days",
                schema: "guarantee",
                table: "fee_instalments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "late_fee_won_days",
                schema: "guarantee",
                table: "fee_instalments");
        }
    }
}
