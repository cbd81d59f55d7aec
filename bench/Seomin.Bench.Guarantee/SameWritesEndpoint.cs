using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using NpgsqlTypes;
using Seomin.Contracts;
using Seomin.Contracts.Guarantee;
using Seomin.PersonalData;

namespace Seomin.Bench.Guarantee;

/// <summary>
/// The fair baseline (issue 19, figure 1): a bare minimal-API endpoint that writes every row one automatically
/// approved submission writes, in the service's own tables, in one transaction with one raw Npgsql batch (plus
/// COMMIT): the application, the audit row (hash-chained by the audit trigger), the guarantee (the capacity-ledger
/// trigger updates the fund's row), the two outbox rows (submitted, decided) and the applicant identity with the
/// encrypted RRN and its blind index — the column lists and order the service's one <c>SaveChanges</c> sends (see
/// the benchmark's <c>sql</c> mode). It does no screening, no locks and no reads: only the necessary writes and the
/// necessary per-request work on personal data (customer id, blind index, AES-GCM), with the service's own keys.
/// </summary>
internal static class SameWritesEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string SubmittedName = typeof(GuaranteeApplicationSubmitted).GetCustomAttribute<MessageNameAttribute>()!.Name;
    private static readonly string DecidedName = typeof(GuaranteeApplicationDecided).GetCustomAttribute<MessageNameAttribute>()!.Name;

    private static readonly (string Rule, string Reason)[] RuleTexts =
    [
        ("ProductMustBeInForce", "WORKER_SUNSHINE v1 in force from 2021-01-01"),
        ("AmountMustBePositive", "requested {0:N0} won"),
        ("TermMustBeOffered", "term {1} months; offered 36/60"),
        ("EmploymentMustMeetMinimum", "employed {2} months; minimum 3"),
        ("IncomeMustFallInBand", "income {3:N0}, credit percentile {4}; requires income ≤ 35,000,000 or income ≤ 45,000,000 with credit in the bottom 20%"),
        ("WorkingDaysMustMeetMonthlyMinimum", "worked 22/21/22 days in the last three months; at least 10 days required in each"),
        ("AmountMustNotExceedPerPersonLimit", "requested {0:N0} + existing exposure 0 = {0:N0}; limit 20,000,000"),
        ("ReferralPreAudit", "guaranteed amount 9,000,000 at or below the pre-audit threshold"),
        ("ReferralCapacity", "outstanding after approval 9,000,000 within 10× fund = 1,000,000,000,000,000"),
    ];

    public static async Task<WebApplication> StartAsync(string connectionString, IServiceProvider service)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var customerIds = service.GetRequiredService<ICustomerIdFactory>();
        var blindIndex = service.GetRequiredService<IBlindIndex>();
        var cipher = service.GetRequiredService<IFieldCipher>();
        Product product;
        await using (var command = dataSource.CreateCommand(
            "SELECT fund_code, guarantee_ratio, annual_fee_rate, additional_fee_rate FROM guarantee.product_versions WHERE code = 'WORKER_SUNSHINE' ORDER BY version DESC LIMIT 1"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            product = new Product(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.IsDBNull(3) ? 0m : reader.GetDecimal(3));
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/api/guarantees/applications", async (BareRequest request, CancellationToken ct) =>
        {
            var rrn = ResidentRegistrationNumber.Parse(request.Rrn);
            var customerId = customerIds.Create(rrn).Value;
            var rrnIndex = blindIndex.Compute(rrn);
            var encryptedRrn = cipher.Encrypt(request.Rrn.Replace("-", "", StringComparison.Ordinal));
            var now = DateTimeOffset.UtcNow;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var (applicationId, guaranteeId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            var rules = RuleTexts.Select(t => new Rule(t.Rule, true, string.Format(CultureInfo.InvariantCulture, t.Reason,
                request.RequestedAmount, request.TermMonths, request.EmploymentMonths, request.AnnualIncome, request.CreditPercentile))).ToList();
            var guaranteed = (long)Math.Truncate(request.RequestedAmount * product.GuaranteeRatio);
            var submitted = new GuaranteeApplicationSubmitted
            {
                EventId = Guid.CreateVersion7(), ApplicationId = applicationId, CustomerId = customerId, ProductCode = request.ProductCode,
                RequestedAmount = request.RequestedAmount, TermMonths = request.TermMonths, Channel = ApplicationChannel.Mobile, OccurredAt = now,
            };
            var decided = new GuaranteeApplicationDecided
            {
                EventId = Guid.CreateVersion7(), ApplicationId = applicationId, CustomerId = customerId, Approved = true,
                ApprovedAmount = request.RequestedAmount, Reasons = ["automatic approval: all rules passed"], OccurredAt = now,
            };

            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Command("""
                INSERT INTO guarantee.applications (id, approved_amount, branch_code, channel, customer_id, decided_at, decided_by, decision_reason, fee_payment_plan, guarantee_id, lender_code, partner_code, product_code, product_version, requested_amount, screening_outcome, status, submitted_at, submitted_by, submitted_by_client, term_months, rules, annual_income, birth_date, business_age_months, credit_percentile, credit_score, employment_months, protected_group, working_days_last_three_months, youth_status)
                VALUES ($1, $2, NULL, 'Mobile', $3, $4, 'screening', 'automatic approval: all rules passed', 'Upfront', $5, $6, NULL, $7, 1, $2, 'Eligible', 'Approved', $4, 'E1001', 'seomin-staff', $8, $9, $10, $11, NULL, $12, $13, $14, false, $15, NULL)
                """,
                applicationId, request.RequestedAmount, customerId, now, guaranteeId, request.LenderCode, request.ProductCode, request.TermMonths,
                Jsonb(JsonSerializer.Serialize(rules, Json)), request.AnnualIncome, rrn.BirthDate, request.CreditPercentile, request.CreditScore,
                request.EmploymentMonths, request.WorkingDaysLastThreeMonths ?? [22, 21, 22]));
            batch.BatchCommands.Add(Command("""
                INSERT INTO guarantee.audit_log (action, actor, actor_type, changes, actor_client, client_ip, occurred_at, reason, resource_id, resource_type, subject)
                VALUES ('Create', 'E1001', 'User', $1, 'seomin-staff', NULL, $2, NULL, $3, 'GuaranteeApplication', $4)
                """,
                Jsonb(JsonSerializer.Serialize(new object[]
                {
                    new { field = "status", from = (string?)null, to = "Approved" },
                    new { field = "submittedBy", from = (string?)null, to = "E1001" },
                    new { field = "partnerCode", from = (string?)null, to = (string?)null },
                }, Json)),
                now, applicationId.ToString(), customerId));
            batch.BatchCommands.Add(Command("""
                INSERT INTO guarantee.guarantees (id, accident_date, accident_kind, additional_fee_accrued_through, additional_fee_rate, additional_fee_won_days, agreed_on, application_id, approved_loan_amount, approved_on, branch_code, certificate_number, customer_id, end_date, end_reason, ended_on, executed_loan_amount, extensions, fee_rate, fee_rate_cap, fund_code, guarantee_ratio, guaranteed_amount, lender_code, loan_balance, loan_executed_on, payment_plan, product_code, product_version, start_date, status, term_months)
                VALUES ($1, NULL, NULL, NULL, $2, 0, NULL, $3, $4, $5, NULL, NULL, $6, NULL, NULL, NULL, 0, 0, $7, $7, $8, $9, $10, $11, 0, NULL, 'Upfront', $12, 1, NULL, 'Approved', $13)
                """,
                guaranteeId, product.AdditionalFeeRate, applicationId, request.RequestedAmount, today, customerId, product.AnnualFeeRate, product.FundCode,
                product.GuaranteeRatio, guaranteed, request.LenderCode, request.ProductCode, request.TermMonths));
            foreach (var (id, name, body, partition) in new[]
            {
                (submitted.EventId, SubmittedName, JsonSerializer.Serialize(submitted, Json), applicationId),
                (decided.EventId, DecidedName, JsonSerializer.Serialize(decided, Json), applicationId),
            })
            {
                batch.BatchCommands.Add(Command("""
                    INSERT INTO guarantee.outbox_messages (id, body, created_at, delivered_at, headers, message_type) VALUES ($1, $2, $3, NULL, $4, $5)
                    """,
                    id, body, now, JsonSerializer.Serialize(new Dictionary<string, string> { ["seomin-partition"] = partition.ToString("N") }, Json), name));
            }

            batch.BatchCommands.Add(Command(
                "INSERT INTO guarantee.applicant_identities (application_id, customer_id, rrn, rrn_blind_index) VALUES ($1, $2, $3, $4)",
                applicationId, customerId, encryptedRrn, rrnIndex));
            await batch.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return Results.Created($"/api/guarantees/applications/{applicationId}",
                new { id = applicationId, customerId, maskedRrn = rrn.Masked, status = "approved", rules, guaranteeId });
        });
        await app.StartAsync();
        return app;
    }

    private static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private sealed record Product(string FundCode, decimal GuaranteeRatio, decimal AnnualFeeRate, decimal AdditionalFeeRate);

    private sealed record Rule(string Name, bool Passed, string Reason);
}
