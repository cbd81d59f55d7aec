using System.Globalization;
using Seomin.Testing;

namespace Seomin.Bench.Platform.Flows;

/// <summary>
/// Contributions through the gateway as the contributions officer: every institution's monthly filing, the month's
/// assessment run, and each assessment paid to the won with its bank reference (payments post to the fund ledger).
/// </summary>
internal static class ContributionsFlow
{
    public static async Task<IReadOnlyList<string>> InstitutionsAsync(Actors actors, CancellationToken ct)
    {
        var answer = await actors.Contributions.GetAsync("contributions.institutions", "/api/contributions/institutions?page=1&pageSize=100", ct);
        return answer.Ok ? [.. answer.Json!.Value.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!)] : [];
    }

    public static async Task FileAsync(Actors actors, string institution, string month, int salt, Totals totals, CancellationToken ct)
    {
        // Balances in the institutions' range (₩ billions), different per institution and month, deterministic.
        var loans = 1_000_000_000L * (5 + ((salt * 7919) % 400));
        var guaranteed = loans / 20;
        var filed = await actors.Contributions.PostAsync("contributions.filing", "/api/contributions/filings", new
        {
            institutionCode = institution,
            month,
            averageLoanBalance = loans,
            averageGuaranteedBalance = guaranteed,
            evidence = new[] { new { fileName = $"잔액증명-{institution}-{month}.pdf" } },
        }, ct);
        if (filed.Ok)
        {
            totals.Add("contributions.filings");
        }
    }

    /// <summary>
    /// The foundation's 2020 contributions, actual, in millions of won (docs/reference-figures.md, seed 003): 인천시 by
    /// programme, the districts, the obligatory contributions and the banks and the SME ministry — 62,905 in all.
    /// </summary>
    public static readonly (string Group, string Name, string? Programme, long Millions)[] Incheon2020 =
    [
        ("인천시", "인천광역시", null, 1_000), ("인천시", "인천광역시", "일자리창출", 1_600), ("인천시", "인천광역시", "청년스타트업", 800),
        ("인천시", "인천광역시", "골목상권", 1_000), ("인천시", "인천광역시", "수출규제", 800), ("인천시", "인천광역시", "희망드림", 1_000),
        ("인천시", "인천광역시", "코로나19", 18_600),
        ("기초단체", "계양구", null, 100), ("기초단체", "미추홀구", null, 50), ("기초단체", "부평구", null, 100), ("기초단체", "연수구", null, 150),
        ("기초단체", "옹진군", null, 700), ("기초단체", "중구", null, 100),
        ("의무출연", "의무출연 금융회사", null, 3_627),
        ("기타", "기업은행", null, 18_136), ("기타", "농협은행", null, 2_416), ("기타", "신한은행", null, 3_000), ("기타", "국민은행", null, 2_000),
        ("기타", "우리은행", null, 1_080), ("기타", "하나은행", null, 2_700), ("기타", "중소벤처기업부", null, 3_928), ("기타", "기타", null, 18),
    ];

    /// <summary>Each 2020 contribution to INCHEON-BASE through the fund ledger API, dated in the year (month by position).</summary>
    public static async Task FundContributionsAsync(Actors actors, int year, string runId, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        for (var i = 0; i < Incheon2020.Length; i++)
        {
            var (group, name, programme, millions) = Incheon2020[i];
            var amount = millions * 1_000_000;
            var answer = await actors.Contributions.PostAsync("contributions.fund-contribution", "/api/contributions/funds/INCHEON-BASE/contributions", new
            {
                reference = $"{runId}-c{i}",
                kind = programme is null ? "BaseCapital" : "Special",
                contributorGroup = group,
                contributorName = name,
                programme,
                amount,
                receivedOn = new DateOnly(year, 1 + (i % 12), 15),
            }, ct);
            if (answer.Ok)
            {
                totals.Add("contributions.fund-contributions");
                totals.Add("fund.INCHEON-BASE.contributions.won", amount);
                accepted.Write("fund-contribution", $"{runId}-c{i}", amount.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>A bank payment that names only the institution: held as unapplied cash in the fund ledger until applied.</summary>
    public static async Task PayUnappliedAsync(Actors actors, string institution, long amount, string reference, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var paid = await actors.Contributions.PostAsync("contributions.payment", "/api/contributions/payments", new
        {
            bankReference = reference,
            amount,
            receivedOn = Modes.ReplayMode.SeoulToday(),
            institutionCode = institution,
        }, ct);
        if (paid.Ok)
        {
            totals.Add("contributions.unapplied-payments");
            totals.Add("contributions.unapplied.won", amount);
            totals.Add("fund.KINFA-SUPPLEMENTARY.unapplied.won", amount);
            accepted.Write("contribution-unapplied", reference, amount.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static async Task AssessAndPayAsync(Actors actors, string month, DateOnly receivedOn, string runId, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var run = await actors.Contributions.PostAsync("contributions.assessment-run", "/api/contributions/assessments/runs", new { month }, ct);
        if (!run.Ok)
        {
            return;
        }

        for (var page = 1; ; page++)
        {
            var list = await actors.Contributions.GetAsync("contributions.assessments", $"/api/contributions/assessments?month={month}&status=Open&page={page}&pageSize=100", ct);
            if (!list.Ok)
            {
                return;
            }

            var items = list.Json!.Value.GetProperty("items").EnumerateArray().ToList();
            foreach (var item in items)
            {
                var id = item.GetProperty("id").GetString()!;
                var amount = item.GetProperty("outstanding").GetInt64();
                var institution = item.GetProperty("institutionCode").GetString()!;
                totals.Add("contributions.assessed");
                totals.Add("contributions.assessed.won", item.GetProperty("total").GetInt64());
                if (amount <= 0)
                {
                    continue;
                }

                var paid = await actors.Contributions.PostAsync("contributions.payment", "/api/contributions/payments", new
                {
                    bankReference = $"{runId}-{month}-{institution}",
                    amount,
                    receivedOn,
                    institutionCode = institution,
                    assessmentId = id,
                }, ct);
                if (paid.Ok)
                {
                    totals.Add("contributions.payments");
                    totals.Add("contributions.paid.won", amount);
                    totals.Add("fund.KINFA-SUPPLEMENTARY.contributions.won", amount);
                    accepted.Write("contribution-payment", id, amount.ToString(CultureInfo.InvariantCulture));
                }
            }

            if (items.Count < 100)
            {
                return;
            }
        }
    }
}

/// <summary>
/// Dormant assets: an institution transfers a batch (JSON lines, synthetic RRNs); owners verify themselves (the
/// development fake provider), look their assets up through the 찾아줌 front end's client and claim to an account in
/// their name (the fake bank) with an Idempotency-Key.
/// </summary>
internal static class DormantFlow
{
    public sealed record Owner(string Name, string Rrn, long Amount, string Account);

    public static async Task<bool> TransferAsync(Actors actors, string reference, IReadOnlyList<Owner> owners, Totals totals, CancellationToken ct)
    {
        var batch = await actors.Institution.PostAsync("dormant.transfer", "/api/dormant-assets/transfers/batches", new
        {
            batchReference = reference,
            institutionName = "리플레이은행",
            sector = "Bank",
            lines = owners.Select(o => new
            {
                name = o.Name,
                rrn = o.Rrn,
                address = "인천 남동구 1",
                amount = o.Amount,
                assetType = "Deposit",
                accountNumber = o.Account,
                limitationCompletedOn = "2020-01-31",
            }).ToList(),
        }, ct);
        if (!batch.Ok)
        {
            return false;
        }

        totals.Add("dormant.transferred", batch.Long("acceptedLines"));
        totals.Add("dormant.transferred.won", batch.Long("acceptedAmount"));
        return true;
    }

    public static async Task ClaimAsync(Actors actors, Owner owner, string runId, int index, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var app = actors.Dormant;
        var account = $"30{index:D10}";
        if (!(await app.PostAsync("dormant.dev-bank-account", "/api/dormant-assets/dev/bank-accounts", new { bankCode = "004", account, holderName = owner.Name }, ct)).Ok)
        {
            return;
        }

        var verified = await app.PostAsync("dormant.dev-verification", "/api/dormant-assets/dev/identity-verifications", new { name = owner.Name, rrn = owner.Rrn }, ct);
        if (!verified.Ok)
        {
            return;
        }

        var lookup = await app.PostAsync("dormant.lookup", "/api/dormant-assets/self-service/lookups", new { verificationId = verified.Str("verificationId"), purpose = "찾아줌 조회" }, ct);
        if (!lookup.Ok)
        {
            return;
        }

        totals.Add("dormant.lookups");
        var asset = lookup.Json!.Value.GetProperty("assets").EnumerateArray().FirstOrDefault();
        if (asset.ValueKind == System.Text.Json.JsonValueKind.Undefined)
        {
            totals.Add("dormant.lookup-empty");
            return;
        }

        var again = await app.PostAsync("dormant.dev-verification", "/api/dormant-assets/dev/identity-verifications", new { name = owner.Name, rrn = owner.Rrn }, ct);
        if (!again.Ok)
        {
            return;
        }

        var claim = await app.PostAsync("dormant.claim", "/api/dormant-assets/self-service/claims", new
        {
            verificationId = again.Str("verificationId"),
            assetId = asset.GetProperty("assetId").GetString(),
            payeeBankCode = "004",
            payeeAccount = account,
        }, ct, $"{runId}-d{index}");
        if (!claim.Ok)
        {
            return;
        }

        var status = claim.Str("status");
        totals.Add($"dormant.claims.{status}");
        if (status == "paid")
        {
            totals.Add("dormant.paid.principal.won", owner.Amount);
            accepted.Write("dormant-claim", claim.Str("id"), owner.Amount.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static List<Owner> Owners(int count, Random random, HashSet<string> taken)
    {
        var owners = new List<Owner>(count);
        while (owners.Count < count)
        {
            var rrn = SyntheticRrn.Adult(random: random);
            if (taken.Add(rrn))
            {
                owners.Add(new Owner("홍길동", rrn, 10_000L * random.Next(5, 500), $"110-{random.Next(100, 999)}-{random.Next(100000, 999999)}"));
            }
        }

        return owners;
    }
}
