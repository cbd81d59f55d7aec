using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Seomin.PersonalData.Audit;

#nullable disable

namespace Seomin.Counseling.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "counseling");

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "counseling",
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
                name: "callback_reservations",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CounselorId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SlotStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CallbackPhone = table.Column<string>(type: "text", nullable: false),
                    Topic = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    BookedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_callback_reservations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "counseling",
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
                schema: "counseling",
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
                schema: "counseling",
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
                name: "program_completions",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CourseCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_completions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "restricted_customers",
                schema: "counseling",
                columns: table => new
                {
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RestrictedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_restricted_customers", x => x.CustomerId);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    IdentifiedByRrn = table.Column<bool>(type: "boolean", nullable: false),
                    CounselorId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CentreCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Notes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReservationId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "timeline_entries",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SourceService = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    SourceRecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceEventId = table.Column<Guid>(type: "uuid", nullable: false),
                    BusinessKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Details = table.Column<string>(type: "jsonb", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_timeline_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "voc_cases",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Channel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Content = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegistrationDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RegisteredLate = table.Column<bool>(type: "boolean", nullable: false),
                    PeriodUnit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PeriodAmount = table.Column<int>(type: "integer", nullable: false),
                    OriginalDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExtensionCount = table.Column<int>(type: "integer", nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RoutedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NextProgressNoticeDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BreachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalationLevel = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    SatisfactionScore = table.Column<int>(type: "integer", nullable: true),
                    SatisfactionComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SurveyedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voc_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "session_follow_ups",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Assignee = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_follow_ups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_session_follow_ups_sessions_SessionId",
                        column: x => x.SessionId,
                        principalSchema: "counseling",
                        principalTable: "sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_identities",
                schema: "counseling",
                columns: table => new
                {
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rrn = table.Column<string>(type: "text", nullable: false),
                    RrnBlindIndex = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_identities", x => x.SessionId);
                    table.ForeignKey(
                        name: "FK_session_identities_sessions_SessionId",
                        column: x => x.SessionId,
                        principalSchema: "counseling",
                        principalTable: "sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_referrals",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Institution = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_session_referrals_sessions_SessionId",
                        column: x => x.SessionId,
                        principalSchema: "counseling",
                        principalTable: "sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "voc_notices",
                schema: "counseling",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VocId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voc_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_voc_notices_voc_cases_VocId",
                        column: x => x.VocId,
                        principalSchema: "counseling",
                        principalTable: "voc_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_occurred_at",
                schema: "counseling",
                table: "audit_log",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_occurred_at",
                schema: "counseling",
                table: "audit_log",
                columns: new[] { "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ux_callback_reservations_live_slot",
                schema: "counseling",
                table: "callback_reservations",
                columns: new[] { "CounselorId", "SlotStart" },
                unique: true,
                filter: "\"Status\" IN ('Booked', 'Completed')");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                schema: "counseling",
                table: "inbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                schema: "counseling",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                schema: "counseling",
                table: "outbox_messages",
                columns: new[] { "transaction_id", "sequence" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_program_completions_CustomerId_Kind_CourseCode_CompletedOn",
                schema: "counseling",
                table: "program_completions",
                columns: new[] { "CustomerId", "Kind", "CourseCode", "CompletedOn" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "IX_session_follow_ups_Assignee_DueOn",
                schema: "counseling",
                table: "session_follow_ups",
                columns: new[] { "Assignee", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_session_follow_ups_SessionId",
                schema: "counseling",
                table: "session_follow_ups",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_session_identities_RrnBlindIndex",
                schema: "counseling",
                table: "session_identities",
                column: "RrnBlindIndex");

            migrationBuilder.CreateIndex(
                name: "IX_session_referrals_SessionId",
                schema: "counseling",
                table: "session_referrals",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_CounselorId_StartedAt",
                schema: "counseling",
                table: "sessions",
                columns: new[] { "CounselorId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sessions_CustomerId",
                schema: "counseling",
                table: "sessions",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_StartedAt",
                schema: "counseling",
                table: "sessions",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_timeline_entries_CustomerId_OccurredAt_Id",
                schema: "counseling",
                table: "timeline_entries",
                columns: new[] { "CustomerId", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_timeline_entries_Kind_BusinessKey",
                schema: "counseling",
                table: "timeline_entries",
                columns: new[] { "Kind", "BusinessKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_timeline_entries_SourceEventId",
                schema: "counseling",
                table: "timeline_entries",
                column: "SourceEventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_voc_cases_CustomerId",
                schema: "counseling",
                table: "voc_cases",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_voc_cases_Status_DueAt",
                schema: "counseling",
                table: "voc_cases",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_voc_cases_SubmittedAt",
                schema: "counseling",
                table: "voc_cases",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_voc_notices_VocId",
                schema: "counseling",
                table: "voc_notices",
                column: "VocId");

            // audit_log is append-only and hash-chained by triggers the model cannot express.
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(CounselingDbContext.Schema));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "callback_reservations",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "messaging_audit",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "program_completions",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "restricted_customers",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "session_follow_ups",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "session_identities",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "session_referrals",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "timeline_entries",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "voc_notices",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "sessions",
                schema: "counseling");

            migrationBuilder.DropTable(
                name: "voc_cases",
                schema: "counseling");
        }
    }
}
