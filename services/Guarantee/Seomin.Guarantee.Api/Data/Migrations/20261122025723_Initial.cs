using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Seomin.Guarantee.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "guarantee");

            migrationBuilder.CreateSequence(
                name: "certificate_number_seq",
                schema: "guarantee");

            migrationBuilder.CreateTable(
                name: "applications",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    product_version = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    employment_months = table.Column<int>(type: "integer", nullable: false),
                    annual_income = table.Column<long>(type: "bigint", nullable: false),
                    credit_score = table.Column<int>(type: "integer", nullable: false),
                    credit_percentile = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    business_age_months = table.Column<int>(type: "integer", nullable: true),
                    protected_group = table.Column<bool>(type: "boolean", nullable: false),
                    requested_amount = table.Column<long>(type: "bigint", nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    lender_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    fee_payment_plan = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    screening_outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    approved_amount = table.Column<long>(type: "bigint", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    guarantee_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rules = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    client_ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
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
                name: "customer_incentives",
                schema: "guarantee",
                columns: table => new
                {
                    completion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_incentives", x => x.completion_id);
                });

            migrationBuilder.CreateTable(
                name: "fund_balance",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fund_balance", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "guarantees",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    product_version = table.Column<int>(type: "integer", nullable: false),
                    lender_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    approved_loan_amount = table.Column<long>(type: "bigint", nullable: false),
                    guarantee_ratio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    guaranteed_amount = table.Column<long>(type: "bigint", nullable: false),
                    fee_rate = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    payment_plan = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: false),
                    agreed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    certificate_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: true),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    loan_executed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    loan_balance = table.Column<long>(type: "bigint", nullable: false),
                    executed_loan_amount = table.Column<long>(type: "bigint", nullable: false),
                    accident_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    accident_date = table.Column<DateOnly>(type: "date", nullable: true),
                    ended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    extensions = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guarantees", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                schema: "guarantee",
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
                    table.PrimaryKey("pk_idempotency_records", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "guarantee",
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
                schema: "guarantee",
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
                schema: "guarantee",
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
                name: "product_versions",
                schema: "guarantee",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    eligibility = table.Column<string>(type: "jsonb", nullable: false),
                    max_amount_per_person = table.Column<long>(type: "bigint", nullable: false),
                    term_months_options = table.Column<string>(type: "jsonb", nullable: false),
                    guarantee_ratio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    annual_fee_rate = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    reductions = table.Column<string>(type: "jsonb", nullable: false),
                    budget = table.Column<long>(type: "bigint", nullable: true),
                    field_survey_waived_up_to_grade = table.Column<int>(type: "integer", nullable: true),
                    allows_yearly_instalments = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_versions", x => new { x.code, x.version });
                });

            migrationBuilder.CreateTable(
                name: "supply_plans",
                schema: "guarantee",
                columns: table => new
                {
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    planned_amount = table.Column<long>(type: "bigint", nullable: false),
                    source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_plans", x => new { x.product_code, x.year });
                });

            migrationBuilder.CreateTable(
                name: "applicant_identities",
                schema: "guarantee",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rrn = table.Column<string>(type: "text", nullable: false),
                    rrn_blind_index = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applicant_identities", x => x.application_id);
                    table.ForeignKey(
                        name: "fk_applicant_identities_applications_application_id",
                        column: x => x.application_id,
                        principalSchema: "guarantee",
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fee_instalments",
                schema: "guarantee",
                columns: table => new
                {
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    guarantee_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    paid = table.Column<long>(type: "bigint", nullable: false),
                    refunded = table.Column<long>(type: "bigint", nullable: false),
                    reduction = table.Column<long>(type: "bigint", nullable: false),
                    late_fee_assessed_through = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fee_instalments", x => new { x.guarantee_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_fee_instalments_guarantees_guarantee_id",
                        column: x => x.guarantee_id,
                        principalSchema: "guarantee",
                        principalTable: "guarantees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fee_ledger_entries",
                schema: "guarantee",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    guarantee_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fee_ledger_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_fee_ledger_entries_guarantees_guarantee_id",
                        column: x => x.guarantee_id,
                        principalSchema: "guarantee",
                        principalTable: "guarantees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applicant_identities_rrn_blind_index",
                schema: "guarantee",
                table: "applicant_identities",
                column: "rrn_blind_index");

            migrationBuilder.CreateIndex(
                name: "ix_applications_customer_id",
                schema: "guarantee",
                table: "applications",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_status_submitted_at",
                schema: "guarantee",
                table: "applications",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_occurred_at",
                schema: "guarantee",
                table: "audit_log",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_occurred_at",
                schema: "guarantee",
                table: "audit_log",
                columns: new[] { "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_incentives_customer_id_kind",
                schema: "guarantee",
                table: "customer_incentives",
                columns: new[] { "customer_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_fee_ledger_entries_guarantee_id_sequence",
                schema: "guarantee",
                table: "fee_ledger_entries",
                columns: new[] { "guarantee_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guarantees_application_id",
                schema: "guarantee",
                table: "guarantees",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guarantees_certificate_number",
                schema: "guarantee",
                table: "guarantees",
                column: "certificate_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_guarantees_customer_id_product_code",
                schema: "guarantee",
                table: "guarantees",
                columns: new[] { "customer_id", "product_code" });

            migrationBuilder.CreateIndex(
                name: "ix_guarantees_status_approved_on",
                schema: "guarantee",
                table: "guarantees",
                columns: new[] { "status", "approved_on" });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                schema: "guarantee",
                table: "inbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                schema: "guarantee",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                schema: "guarantee",
                table: "outbox_messages",
                columns: new[] { "transaction_id", "sequence" },
                filter: "delivered_at IS NULL");

            // The audit trail's hash chain and append-only triggers (personal-data building block).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(GuaranteeDbContext.Schema));

            // The fee ledger is append-only: corrections are new entries, never edits.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION guarantee.fee_ledger_entries_refuse_change() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'guarantee.fee_ledger_entries is append-only';
                END $$;
                CREATE TRIGGER fee_ledger_entries_append_only
                  BEFORE UPDATE OR DELETE ON guarantee.fee_ledger_entries
                  FOR EACH ROW EXECUTE FUNCTION guarantee.fee_ledger_entries_refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "applicant_identities",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "customer_incentives",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "fee_instalments",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "fee_ledger_entries",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "fund_balance",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "idempotency_records",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "messaging_audit",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "product_versions",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "supply_plans",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "applications",
                schema: "guarantee");

            migrationBuilder.DropTable(
                name: "guarantees",
                schema: "guarantee");

            migrationBuilder.DropSequence(
                name: "certificate_number_seq",
                schema: "guarantee");
        }
    }
}
