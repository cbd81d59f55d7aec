using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Seomin.PersonalData.Audit;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Seomin.Contributions.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "contributions");

            migrationBuilder.CreateTable(
                name: "assessments",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    FilingId = table.Column<Guid>(type: "uuid", nullable: false),
                    AverageLoanBalance = table.Column<long>(type: "bigint", nullable: false),
                    AverageGuaranteedBalance = table.Column<long>(type: "bigint", nullable: false),
                    Common = table.Column<long>(type: "bigint", nullable: false),
                    Differential = table.Column<long>(type: "bigint", nullable: false),
                    CommonRate = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    TierRate = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    SubrogationIndex = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    ReliefDeduction = table.Column<long>(type: "bigint", nullable: false),
                    Citations = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Adjustments = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PrincipalPaid = table.Column<long>(type: "bigint", nullable: false),
                    InterestCharged = table.Column<long>(type: "bigint", nullable: false),
                    InterestPaid = table.Column<long>(type: "bigint", nullable: false),
                    InterestAccruedTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OverdueNotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LastReminderOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AssessedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "contributions",
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
                name: "collection_notices",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Outstanding = table.Column<long>(type: "bigint", nullable: false),
                    DaysOverdue = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collection_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "contribution_plans",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PlanLine = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Programme = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contribution_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federations",
                schema: "contributions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federations", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "filings",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CorrectsFilingId = table.Column<Guid>(type: "uuid", nullable: true),
                    CorrectionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AverageLoanBalance = table.Column<long>(type: "bigint", nullable: false),
                    AverageGuaranteedBalance = table.Column<long>(type: "bigint", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SourceRow = table.Column<int>(type: "integer", nullable: true),
                    FiledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NettedIntoAssessmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    evidence = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_filings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "funds",
                schema: "contributions",
                columns: table => new
                {
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_funds", x => x.FundCode);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                schema: "contributions",
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
                name: "institutions",
                schema: "contributions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sector = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RateGroup = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Route = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FederationCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_institutions", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "journal_entries",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SourceType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ContributorGroup = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ContributorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Programme = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PlanLine = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BalanceAfter = table.Column<long>(type: "bigint", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "messaging_audit",
                schema: "contributions",
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
                schema: "contributions",
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
                name: "payments",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BankReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    AssessmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ToInterest = table.Column<long>(type: "bigint", nullable: false),
                    ToPrincipal = table.Column<long>(type: "bigint", nullable: false),
                    Unapplied = table.Column<long>(type: "bigint", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subrogation_payments",
                schema: "contributions",
                columns: table => new
                {
                    ClaimId = table.Column<Guid>(type: "uuid", nullable: false),
                    LenderCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subrogation_payments", x => x.ClaimId);
                });

            migrationBuilder.CreateTable(
                name: "unapplied_cash",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: true),
                    SourceAssessmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Remaining = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unapplied_cash", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assessment_adjustments",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CorrectionFilingId = table.Column<Guid>(type: "uuid", nullable: false),
                    ForMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    PreviouslyCharged = table.Column<long>(type: "bigint", nullable: false),
                    Recomputed = table.Column<long>(type: "bigint", nullable: false),
                    Delta = table.Column<long>(type: "bigint", nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_adjustments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_adjustments_assessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalSchema: "contributions",
                        principalTable: "assessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_lines",
                schema: "contributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    FundCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Account = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Debit = table.Column<long>(type: "bigint", nullable: false),
                    Credit = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ledger_lines_journal_entries_EntryId",
                        column: x => x.EntryId,
                        principalSchema: "contributions",
                        principalTable: "journal_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                schema: "contributions",
                table: "federations",
                columns: new[] { "Code", "Name" },
                values: new object[,]
                {
                    { "050", "상호저축은행중앙회" },
                    { "901", "농협중앙회(상호금융)" },
                    { "902", "수협중앙회(상호금융)" },
                    { "903", "신협중앙회" },
                    { "904", "새마을금고중앙회" },
                    { "905", "산림조합중앙회" }
                });

            migrationBuilder.InsertData(
                schema: "contributions",
                table: "funds",
                columns: new[] { "FundCode", "Name", "Sequence" },
                values: new object[,]
                {
                    { "INCHEON-BASE", "인천신용보증재단 기본재산", 0L },
                    { "KINFA-SELF-SUFFICIENCY", "서민금융진흥원 자활지원계정", 0L },
                    { "KINFA-SUPPLEMENTARY", "서민금융진흥원 서민금융보완계정", 0L }
                });

            migrationBuilder.InsertData(
                schema: "contributions",
                table: "institutions",
                columns: new[] { "Code", "Category", "FederationCode", "Name", "RateGroup", "Route", "Sector" },
                values: new object[,]
                {
                    { "002", "Bank", null, "한국산업은행", "Banks", "Direct", "Banking" },
                    { "003", "Bank", null, "중소기업은행", "Banks", "Direct", "Banking" },
                    { "004", "Bank", null, "KB국민은행", "Banks", "Direct", "Banking" },
                    { "007", "Bank", null, "수협은행", "Banks", "Direct", "Banking" },
                    { "011", "Bank", null, "NH농협은행", "Banks", "Direct", "Banking" },
                    { "020", "Bank", null, "우리은행", "Banks", "Direct", "Banking" },
                    { "023", "Bank", null, "SC제일은행", "Banks", "Direct", "Banking" },
                    { "027", "Bank", null, "한국씨티은행", "Banks", "Direct", "Banking" },
                    { "031", "Bank", null, "iM뱅크", "Banks", "Direct", "Banking" },
                    { "032", "Bank", null, "부산은행", "Banks", "Direct", "Banking" },
                    { "034", "Bank", null, "광주은행", "Banks", "Direct", "Banking" },
                    { "035", "Bank", null, "제주은행", "Banks", "Direct", "Banking" },
                    { "037", "Bank", null, "전북은행", "Banks", "Direct", "Banking" },
                    { "039", "Bank", null, "경남은행", "Banks", "Direct", "Banking" },
                    { "081", "Bank", null, "하나은행", "Banks", "Direct", "Banking" },
                    { "088", "Bank", null, "신한은행", "Banks", "Direct", "Banking" },
                    { "089", "Bank", null, "케이뱅크", "Banks", "Direct", "Banking" },
                    { "090", "Bank", null, "카카오뱅크", "Banks", "Direct", "Banking" },
                    { "092", "Bank", null, "토스뱅크", "Banks", "Direct", "Banking" },
                    { "101", "Insurer", null, "보험회사 01", "Others", "Direct", "NonBank" },
                    { "102", "Insurer", null, "보험회사 02", "Others", "Direct", "NonBank" },
                    { "103", "Insurer", null, "보험회사 03", "Others", "Direct", "NonBank" },
                    { "104", "Insurer", null, "보험회사 04", "Others", "Direct", "NonBank" },
                    { "105", "Insurer", null, "보험회사 05", "Others", "Direct", "NonBank" },
                    { "106", "Insurer", null, "보험회사 06", "Others", "Direct", "NonBank" },
                    { "107", "Insurer", null, "보험회사 07", "Others", "Direct", "NonBank" },
                    { "108", "Insurer", null, "보험회사 08", "Others", "Direct", "NonBank" },
                    { "109", "Insurer", null, "보험회사 09", "Others", "Direct", "NonBank" },
                    { "110", "Insurer", null, "보험회사 10", "Others", "Direct", "NonBank" },
                    { "111", "Insurer", null, "보험회사 11", "Others", "Direct", "NonBank" },
                    { "112", "Insurer", null, "보험회사 12", "Others", "Direct", "NonBank" },
                    { "113", "Insurer", null, "보험회사 13", "Others", "Direct", "NonBank" },
                    { "114", "Insurer", null, "보험회사 14", "Others", "Direct", "NonBank" },
                    { "115", "Insurer", null, "보험회사 15", "Others", "Direct", "NonBank" },
                    { "116", "Insurer", null, "보험회사 16", "Others", "Direct", "NonBank" },
                    { "117", "Insurer", null, "보험회사 17", "Others", "Direct", "NonBank" },
                    { "118", "Insurer", null, "보험회사 18", "Others", "Direct", "NonBank" },
                    { "119", "Insurer", null, "보험회사 19", "Others", "Direct", "NonBank" },
                    { "120", "Insurer", null, "보험회사 20", "Others", "Direct", "NonBank" },
                    { "121", "Insurer", null, "보험회사 21", "Others", "Direct", "NonBank" },
                    { "122", "Insurer", null, "보험회사 22", "Others", "Direct", "NonBank" },
                    { "123", "Insurer", null, "보험회사 23", "Others", "Direct", "NonBank" },
                    { "124", "Insurer", null, "보험회사 24", "Others", "Direct", "NonBank" },
                    { "125", "Insurer", null, "보험회사 25", "Others", "Direct", "NonBank" },
                    { "126", "Insurer", null, "보험회사 26", "Others", "Direct", "NonBank" },
                    { "201", "SavingsBank", "050", "상호저축은행 01", "Others", "Federation", "NonBank" },
                    { "202", "SavingsBank", "050", "상호저축은행 02", "Others", "Federation", "NonBank" },
                    { "203", "SavingsBank", "050", "상호저축은행 03", "Others", "Federation", "NonBank" },
                    { "204", "SavingsBank", "050", "상호저축은행 04", "Others", "Federation", "NonBank" },
                    { "205", "SavingsBank", "050", "상호저축은행 05", "Others", "Federation", "NonBank" },
                    { "206", "SavingsBank", "050", "상호저축은행 06", "Others", "Federation", "NonBank" },
                    { "207", "SavingsBank", "050", "상호저축은행 07", "Others", "Federation", "NonBank" },
                    { "208", "SavingsBank", "050", "상호저축은행 08", "Others", "Federation", "NonBank" },
                    { "209", "SavingsBank", "050", "상호저축은행 09", "Others", "Federation", "NonBank" },
                    { "210", "SavingsBank", "050", "상호저축은행 10", "Others", "Federation", "NonBank" },
                    { "211", "SavingsBank", "050", "상호저축은행 11", "Others", "Federation", "NonBank" },
                    { "212", "SavingsBank", "050", "상호저축은행 12", "Others", "Federation", "NonBank" },
                    { "213", "SavingsBank", "050", "상호저축은행 13", "Others", "Federation", "NonBank" },
                    { "214", "SavingsBank", "050", "상호저축은행 14", "Others", "Federation", "NonBank" },
                    { "215", "SavingsBank", "050", "상호저축은행 15", "Others", "Federation", "NonBank" },
                    { "216", "SavingsBank", "050", "상호저축은행 16", "Others", "Federation", "NonBank" },
                    { "217", "SavingsBank", "050", "상호저축은행 17", "Others", "Federation", "NonBank" },
                    { "218", "SavingsBank", "050", "상호저축은행 18", "Others", "Federation", "NonBank" },
                    { "219", "SavingsBank", "050", "상호저축은행 19", "Others", "Federation", "NonBank" },
                    { "220", "SavingsBank", "050", "상호저축은행 20", "Others", "Federation", "NonBank" },
                    { "301", "CreditSpecialized", null, "여신전문금융회사 01", "Others", "Direct", "NonBank" },
                    { "302", "CreditSpecialized", null, "여신전문금융회사 02", "Others", "Direct", "NonBank" },
                    { "303", "CreditSpecialized", null, "여신전문금융회사 03", "Others", "Direct", "NonBank" },
                    { "304", "CreditSpecialized", null, "여신전문금융회사 04", "Others", "Direct", "NonBank" },
                    { "305", "CreditSpecialized", null, "여신전문금융회사 05", "Others", "Direct", "NonBank" },
                    { "306", "CreditSpecialized", null, "여신전문금융회사 06", "Others", "Direct", "NonBank" },
                    { "307", "CreditSpecialized", null, "여신전문금융회사 07", "Others", "Direct", "NonBank" },
                    { "308", "CreditSpecialized", null, "여신전문금융회사 08", "Others", "Direct", "NonBank" },
                    { "309", "CreditSpecialized", null, "여신전문금융회사 09", "Others", "Direct", "NonBank" },
                    { "310", "CreditSpecialized", null, "여신전문금융회사 10", "Others", "Direct", "NonBank" },
                    { "311", "CreditSpecialized", null, "여신전문금융회사 11", "Others", "Direct", "NonBank" },
                    { "312", "CreditSpecialized", null, "여신전문금융회사 12", "Others", "Direct", "NonBank" },
                    { "313", "CreditSpecialized", null, "여신전문금융회사 13", "Others", "Direct", "NonBank" },
                    { "314", "CreditSpecialized", null, "여신전문금융회사 14", "Others", "Direct", "NonBank" },
                    { "315", "CreditSpecialized", null, "여신전문금융회사 15", "Others", "Direct", "NonBank" },
                    { "316", "CreditSpecialized", null, "여신전문금융회사 16", "Others", "Direct", "NonBank" },
                    { "317", "CreditSpecialized", null, "여신전문금융회사 17", "Others", "Direct", "NonBank" },
                    { "318", "CreditSpecialized", null, "여신전문금융회사 18", "Others", "Direct", "NonBank" },
                    { "401", "MutualFinance", "901", "지역 농·축협", "Others", "Federation", "MutualFinance" },
                    { "402", "MutualFinance", "902", "지구별 수협", "Others", "Federation", "MutualFinance" },
                    { "403", "MutualFinance", "903", "신용협동조합", "Others", "Federation", "MutualFinance" },
                    { "404", "MutualFinance", "904", "새마을금고", "Others", "Federation", "MutualFinance" },
                    { "405", "MutualFinance", "905", "지역 산림조합", "Others", "Federation", "MutualFinance" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_adjustments_AssessmentId",
                schema: "contributions",
                table: "assessment_adjustments",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_assessment_adjustments_CorrectionFilingId",
                schema: "contributions",
                table: "assessment_adjustments",
                column: "CorrectionFilingId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessments_InstitutionCode_Month",
                schema: "contributions",
                table: "assessments",
                columns: new[] { "InstitutionCode", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessments_Status_DueOn",
                schema: "contributions",
                table: "assessments",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_occurred_at",
                schema: "contributions",
                table: "audit_log",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_occurred_at",
                schema: "contributions",
                table: "audit_log",
                columns: new[] { "subject", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_collection_notices_AssessmentId_Kind_On",
                schema: "contributions",
                table: "collection_notices",
                columns: new[] { "AssessmentId", "Kind", "On" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contribution_plans_FundCode_Year_PlanLine_Programme",
                schema: "contributions",
                table: "contribution_plans",
                columns: new[] { "FundCode", "Year", "PlanLine", "Programme" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_filings_InstitutionCode_Month",
                schema: "contributions",
                table: "filings",
                columns: new[] { "InstitutionCode", "Month" },
                unique: true,
                filter: "\"Kind\" = 'Original'");

            migrationBuilder.CreateIndex(
                name: "IX_filings_InstitutionCode_Month_FiledAt",
                schema: "contributions",
                table: "filings",
                columns: new[] { "InstitutionCode", "Month", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_received_at",
                schema: "contributions",
                table: "inbox_messages",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_FundCode_Sequence",
                schema: "contributions",
                table: "journal_entries",
                columns: new[] { "FundCode", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_SourceType_SourceId",
                schema: "contributions",
                table: "journal_entries",
                columns: new[] { "SourceType", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_EntryId",
                schema: "contributions",
                table: "ledger_lines",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_lines_FundCode_Account",
                schema: "contributions",
                table: "ledger_lines",
                columns: new[] { "FundCode", "Account" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                schema: "contributions",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_undelivered",
                schema: "contributions",
                table: "outbox_messages",
                columns: new[] { "transaction_id", "sequence" },
                filter: "delivered_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_payments_AssessmentId",
                schema: "contributions",
                table: "payments",
                column: "AssessmentId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_BankReference",
                schema: "contributions",
                table: "payments",
                column: "BankReference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subrogation_payments_LenderCode_PaidOn",
                schema: "contributions",
                table: "subrogation_payments",
                columns: new[] { "LenderCode", "PaidOn" });
            // The audit trail is append-only and hash-chained by its triggers (building-blocks/Seomin.PersonalData).
            migrationBuilder.Sql(AuditTrailSql.CreateTriggers(ContributionsDbContext.Schema));

            // The fund ledgers are append-only (docs/adr/0018): a correction is a new posting, never an edit.
            migrationBuilder.Sql("""
                CREATE FUNCTION contributions.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the fund ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME;
                END $$;
                CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON contributions.journal_entries
                    FOR EACH ROW EXECUTE FUNCTION contributions.refuse_ledger_change();
                CREATE TRIGGER ledger_lines_append_only BEFORE UPDATE OR DELETE ON contributions.ledger_lines
                    FOR EACH ROW EXECUTE FUNCTION contributions.refuse_ledger_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS contributions.refuse_ledger_change() CASCADE;");

            migrationBuilder.DropTable(
                name: "assessment_adjustments",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "collection_notices",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "contribution_plans",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "federations",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "filings",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "funds",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "inbox_messages",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "institutions",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "ledger_lines",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "messaging_audit",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "payments",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "subrogation_payments",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "unapplied_cash",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "assessments",
                schema: "contributions");

            migrationBuilder.DropTable(
                name: "journal_entries",
                schema: "contributions");
        }
    }
}
