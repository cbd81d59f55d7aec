using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Seomin.Subrogation.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class GuaranteeStatusEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "guarantee_status_events",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GuaranteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AccidentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    OutstandingBalance = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guarantee_status_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_guarantee_status_events_GuaranteeId_OccurredAt",
                schema: "subrogation",
                table: "guarantee_status_events",
                columns: new[] { "GuaranteeId", "OccurredAt" });

            // The history so far, from the projection: each guarantee's latest accident and latest cure, carrying the
            // ids of the movements booked for them (so they are not booked again; a cure's only when booked after the latest accident's). Then the normalisations the old
            // consumer missed (a cure consumed before its accident: NormalizedAt set, no Normalised movement) are booked.
            migrationBuilder.Sql("""
                INSERT INTO subrogation.guarantee_status_events ("Id", "GuaranteeId", "EventId", "Kind", "OccurredAt", "AccidentOn", "OutstandingBalance", "RecordedAt")
                SELECT gen_random_uuid(), g."GuaranteeId",
                       COALESCE((SELECT m."SourceId" FROM subrogation.book_movements m
                                 WHERE m."SubjectId" = g."GuaranteeId" AND m."Category" = 'Accident' AND m."Movement" = 'New'
                                 ORDER BY m."RecordedAt" DESC LIMIT 1), gen_random_uuid()),
                       'Accident', g."AccidentReportedAt", g."AccidentOn", g."OutstandingAtAccident", now()
                FROM subrogation.guarantees g
                WHERE g."AccidentReportedAt" IS NOT NULL;

                INSERT INTO subrogation.guarantee_status_events ("Id", "GuaranteeId", "EventId", "Kind", "OccurredAt", "AccidentOn", "OutstandingBalance", "RecordedAt")
                SELECT gen_random_uuid(), g."GuaranteeId",
                       COALESCE((SELECT m."SourceId" FROM subrogation.book_movements m
                                 WHERE m."SubjectId" = g."GuaranteeId" AND m."Category" = 'Accident' AND m."Movement" = 'Normalised'
                                   AND m."RecordedAt" >= (SELECT max(a."RecordedAt") FROM subrogation.book_movements a
                                                          WHERE a."SubjectId" = g."GuaranteeId" AND a."Category" = 'Accident' AND a."Movement" = 'New')
                                 ORDER BY m."RecordedAt" DESC LIMIT 1), gen_random_uuid()),
                       'Normalisation', g."NormalizedAt", NULL, NULL, now()
                FROM subrogation.guarantees g
                WHERE g."NormalizedAt" IS NOT NULL;

                INSERT INTO subrogation.book_movements ("Id", "Category", "Movement", "FundCode", "On", "Count", "Won", "SourceId", "SubjectId", "RecordedBy", "RecordedAt")
                SELECT gen_random_uuid(), 'Accident', 'Normalised', n."FundCode", (c."OccurredAt" AT TIME ZONE 'Asia/Seoul')::date, 1, n."Won",
                       c."EventId", g."GuaranteeId", 'migration:guarantee-status-events', now()
                FROM subrogation.guarantees g
                JOIN subrogation.guarantee_status_events c ON c."GuaranteeId" = g."GuaranteeId" AND c."Kind" = 'Normalisation'
                JOIN LATERAL (SELECT m."FundCode", m."Won" FROM subrogation.book_movements m
                              WHERE m."SubjectId" = g."GuaranteeId" AND m."Category" = 'Accident' AND m."Movement" = 'New'
                              ORDER BY m."RecordedAt" DESC LIMIT 1) n ON TRUE
                WHERE g."NormalizedAt" >= g."AccidentReportedAt"
                  AND NOT EXISTS (SELECT 1 FROM subrogation.book_movements m
                                  WHERE m."Category" = 'Accident' AND m."Movement" = 'Normalised' AND m."SourceId" = c."EventId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "guarantee_status_events",
                schema: "subrogation");
        }
    }
}
