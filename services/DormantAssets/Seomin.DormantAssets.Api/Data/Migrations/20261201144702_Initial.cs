using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Seomin.DormantAssets.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "dormant");

            migrationBuilder.CreateTable(
                name: "assets",
                schema: "dormant",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    institution_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    institution_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sector = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    owner_name = table.Column<string>(type: "text", nullable: false),
                    account_number = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    limitation_completed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    transferred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    paid_by_claim_id = table.Column<Guid>(type: "uuid", nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    account_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    address = table.Column<string>(type: "text", nullable: true),
                    rrn = table.Column<string>(type: "text", nullable: false),
                    rrn_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "dormant",
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
                name: "automatic_lookup_notices",
                schema: "dormant",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    asset_count = table.Column<int>(type: "integer", nullable: false),
                    total_amount = table.Column<long>(type: "bigint", nullable: false),
                    trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automatic_lookup_notices", x => new { x.customer_id, x.period });
                });

            migrationBuilder.CreateTable(
                name: "claims",
                schema: "dormant",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    claimant = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    partner_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    consent_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    principal = table.Column<long>(type: "bigint", nullable: false),
                    interest = table.Column<long>(type: "bigint", nullable: false),
                    payout = table.Column<long>(type: "bigint", nullable: false),
                    payee_bank_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    payee_account = table.Column<string>(type: "text", nullable: false),
                    payee_holder_name = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    hold_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    hold_notes = table.Column<List<string>>(type: "text[]", nullable: false),
                    documents = table.Column<List<string>>(type: "text[]", nullable: false),
                    claimed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reviewed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    review_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    decided_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    transfer_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    failed_transfers = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "dormant",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: false),
                    location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "dormant",
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
                schema: "dormant",
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
                schema: "dormant",
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
                name: "partner_consents",
                schema: "dormant",
                columns: table => new
                {
                    partner_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    consent_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_partner_consents", x => new { x.partner_code, x.consent_id });
                });

            migrationBuilder.CreateTable(
                name: "transfer_batches",
                schema: "dormant",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    institution_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    institution_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sector = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    batch_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    total_lines = table.Column<int>(type: "integer", nullable: false),
                    accepted_lines = table.Column<int>(type: "integer", nullable: false),
                    rejected_lines = table.Column<int>(type: "integer", nullable: false),
                    accepted_amount = table.Column<long>(type: "bigint", nullable: false),
                    transferred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "transfer_rejections",
                schema: "dormant",
                columns: table => new
                {
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_rejections", x => new { x.batch_id, x.line_number });
                });

            migrationBuilder.CreateTable(
                name: "verification_uses",
                schema: "dormant",
                columns: table => new
                {
                    verification_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    partner_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_verification_uses", x => x.verification_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assets_batch_id",
                schema: "dormant",
                table: "assets",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_assets_customer_id",
                schema: "dormant",
                table: "assets",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_assets_institution_code_account_index",
                schema: "dormant",
                table: "assets",
                columns: new[] { "institution_code", "account_index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assets_rrn_index",
                schema: "dormant",
                table: "assets",
                column: "rrn_index");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_occurred_at",
                schema: "dormant",
                table: "audit_log",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_occurred_at",
                schema: "dormant",
                table: "audit_log",
                columns: new[] { "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_customer_id_claimed_at",
                schema: "dormant",
                table: "claims",
                columns: new[] { "customer_id", "claimed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_partner_code_claimed_at",
                schema: "dormant",
                table: "claims",
                columns: new[] { "partner_code", "claimed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_status",
                schema: "dormant",
                table: "claims",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ux_claims_one_open_per_asset",
                schema: "dormant",
                table: "claims",
                column: "asset_id",
                unique: true,
                filter: "status IN ('Held','Approved')");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                schema: "dormant",
                table: "inbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                schema: "dormant",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                schema: "dormant",
                table: "outbox_messages",
                columns: new[] { "transaction_id", "sequence" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_transfer_batches_institution_code_batch_reference",
                schema: "dormant",
                table: "transfer_batches",
                columns: new[] { "institution_code", "batch_reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transfer_batches_institution_code_content_hash",
                schema: "dormant",
                table: "transfer_batches",
                columns: new[] { "institution_code", "content_hash" },
                unique: true);

            // The audit trail is append-only and hash-chained by its triggers (building-blocks/Seomin.PersonalData).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(DormantAssetsDbContext.Schema));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assets",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "automatic_lookup_notices",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "claims",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "messaging_audit",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "partner_consents",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "transfer_batches",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "transfer_rejections",
                schema: "dormant");

            migrationBuilder.DropTable(
                name: "verification_uses",
                schema: "dormant");
        }
    }
}
