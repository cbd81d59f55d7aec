using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Seomin.Subrogation.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "subrogation");

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "subrogation",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    client_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    actor_client = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    resource_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    resource_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    changes = table.Column<string>(type: "jsonb", nullable: true),
                    prev_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "book_movements",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Movement = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Won = table.Column<long>(type: "bigint", nullable: false),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_book_movements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    guarantee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    lender_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    fund_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    guarantee_ratio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    guaranteed_amount = table.Column<long>(type: "bigint", nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    terminated_on = table.Column<DateOnly>(type: "date", nullable: true),
                    Trigger = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AccidentOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Principal = table.Column<long>(type: "bigint", nullable: false),
                    ContractAnnualRate = table.Column<decimal>(type: "numeric(7,6)", precision: 7, scale: 6, nullable: false),
                    InterestPaidTo = table.Column<DateOnly>(type: "date", nullable: false),
                    ClaimedCosts = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    payable_principal = table.Column<long>(type: "bigint", nullable: true),
                    payable_interest = table.Column<long>(type: "bigint", nullable: true),
                    payable_costs = table.Column<long>(type: "bigint", nullable: true),
                    payable_ratio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: true),
                    guarantor_share = table.Column<long>(type: "bigint", nullable: true),
                    lender_share = table.Column<long>(type: "bigint", nullable: true),
                    PaymentDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    TransferReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FailedTransfers = table.Column<int>(type: "integer", nullable: false),
                    PayeeBankCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    PayeeAccount = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "guarantees",
                schema: "subrogation",
                columns: table => new
                {
                    GuaranteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProductCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LenderCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    GuaranteedAmount = table.Column<long>(type: "bigint", nullable: false),
                    GuaranteeRatio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LoanAmount = table.Column<long>(type: "bigint", nullable: true),
                    LoanExecutedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AccidentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AccidentKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    OutstandingAtAccident = table.Column<long>(type: "bigint", nullable: true),
                    AccidentReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NormalizedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TerminatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TerminationReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SubrogatedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guarantees", x => x.GuaranteeId);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "subrogation",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer_endpoint = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.message_id, x.consumer_endpoint });
                });

            migrationBuilder.CreateTable(
                name: "messaging_audit",
                schema: "subrogation",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    queue = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    message_count = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messaging_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "subrogation",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    transaction_id = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(pg_current_xact_id()::text)::bigint"),
                    message_type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    headers = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "recourse_claims",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    GuaranteeId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OpeningPrincipal = table.Column<long>(type: "bigint", nullable: false),
                    Principal = table.Column<long>(type: "bigint", nullable: false),
                    Costs = table.Column<long>(type: "bigint", nullable: false),
                    LateChargeAccrued = table.Column<decimal>(type: "numeric(28,8)", precision: 28, scale: 8, nullable: false),
                    AccruedThrough = table.Column<DateOnly>(type: "date", nullable: false),
                    LateChargePaid = table.Column<long>(type: "bigint", nullable: false),
                    LateChargeWaived = table.Column<long>(type: "bigint", nullable: false),
                    LateChargeSuspended = table.Column<bool>(type: "boolean", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LimitationRunsFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    LastRecoveryOn = table.Column<DateOnly>(type: "date", nullable: true),
                    instalment_plan = table.Column<string>(type: "jsonb", nullable: true),
                    SalePrice = table.Column<long>(type: "bigint", nullable: true),
                    Buyer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recourse_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "recoveries",
                schema: "subrogation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecoveredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    ToCosts = table.Column<long>(type: "bigint", nullable: false),
                    ToLateCharge = table.Column<long>(type: "bigint", nullable: false),
                    ToPrincipal = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recoveries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_occurred_at",
                schema: "subrogation",
                table: "audit_log",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_occurred_at",
                schema: "subrogation",
                table: "audit_log",
                columns: new[] { "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_book_movements_Category_Movement_SourceId",
                schema: "subrogation",
                table: "book_movements",
                columns: new[] { "Category", "Movement", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_book_movements_Category_On",
                schema: "subrogation",
                table: "book_movements",
                columns: new[] { "Category", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_guarantee_id",
                schema: "subrogation",
                table: "claims",
                column: "guarantee_id");

            migrationBuilder.CreateIndex(
                name: "IX_claims_Status",
                schema: "subrogation",
                table: "claims",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_guarantees_CustomerId",
                schema: "subrogation",
                table: "guarantees",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                schema: "subrogation",
                table: "inbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                schema: "subrogation",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                schema: "subrogation",
                table: "outbox_messages",
                columns: new[] { "transaction_id", "sequence" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_recourse_claims_ClaimId",
                schema: "subrogation",
                table: "recourse_claims",
                column: "ClaimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recourse_claims_CustomerId",
                schema: "subrogation",
                table: "recourse_claims",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_recourse_claims_Status_Category",
                schema: "subrogation",
                table: "recourse_claims",
                columns: new[] { "Status", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_recoveries_RecourseId",
                schema: "subrogation",
                table: "recoveries",
                column: "RecourseId");

            // The audit trail is append-only and hash-chained by its triggers (building-blocks/Seomin.PersonalData).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(SubrogationDbContext.Schema));

            // One live claim per accident (a rejected one may be filed again); the use case checks first and says so with
            // its rule, this index makes two concurrent filings impossible.
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX ix_claims_one_live_claim_per_accident
                ON subrogation.claims (guarantee_id, "AccidentOn") WHERE "Status" <> 'Rejected';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "book_movements",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "claims",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "guarantees",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "messaging_audit",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "recourse_claims",
                schema: "subrogation");

            migrationBuilder.DropTable(
                name: "recoveries",
                schema: "subrogation");
        }
    }
}
