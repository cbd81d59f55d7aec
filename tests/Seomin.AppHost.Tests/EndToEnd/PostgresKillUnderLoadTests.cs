using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// Issue 18 item 2, the part that fits CI: a steady stream through the gateway — guarantee submissions taken to a
/// paid fee, a subrogation payment, contribution payments and dormant claims — while PostgreSQL's postmaster is
/// killed with SIGKILL. The restart policy brings it back without an operator, the stream runs on, and then the
/// reconciliation must find no new real difference, every accepted request must have exactly one effect (looked up
/// by the ids collected), and the clients must have seen only 2xx, 429, 503 or 504, every non-2xx with Problem Details.
/// The rest of the faults run as <c>bench/fault-suite.sh</c> (docs/fault-suite.md).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PostgresKillUnderLoadTests(PlatformFixture platform)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    /// <summary>How long one request is retried (same body, same Idempotency-Key) while the platform answers 429/503/504.</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(75);

    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private static DateOnly SeoulToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Seoul).DateTime);

    private Uri Gateway => platform.App.GetEndpoint(ResourceNames.Gateway);

    /// <summary>
    /// A check after the stream: the verification reads are many (two per guarantee) and the gateway's per-client quota
    /// answers 429 with Retry-After when they come faster than it allows; such an answer (or a 503/504) is waited out,
    /// up to a minute, so the check sees the service's answer.
    /// </summary>
    private static async Task<GatewayResponse> AnsweredAsync(Func<Task<GatewayResponse>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var response = await send();
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                || DateTime.UtcNow > deadline)
            {
                return response;
            }

            var wait = int.TryParse(response.Header("Retry-After"), out var seconds) ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 10)) : TimeSpan.FromSeconds(1);
            await Task.Delay(wait, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task SigKill_PostmasterUnderASteadyStream_RestartsAlone_AndEveryAcceptedRequestHasOneEffect_ReconciliationClean()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = new StatusLog();
        using var staff = await GatewayClient.ForClientAsync(Gateway, "dev-guarantee-officer");
        using var recourse = await GatewayClient.ForClientAsync(Gateway, "dev-recourse-officer");
        using var contributions = await GatewayClient.ForClientAsync(Gateway, "dev-contributions-officer");
        using var institution = await GatewayClient.ForClientAsync(Gateway, "dev-institution-004");
        using var dormant = await GatewayClient.ForClientAsync(Gateway, "dev-dormant-asset-officer");
        using var operatorClient = await GatewayClient.ForClientAsync(Gateway, "dev-operator");
        var checkerTokens = await StaffSignIn.SignInAsync(Gateway, "S1002", "openid subrogation", "pg-kill-approval-checker");
        using var checker = GatewayClient.ForToken(Gateway, checkerTokens.AccessToken);
        var today = SeoulToday;
        var suffix = Guid.NewGuid().ToString("N")[..8];

        // Before the stream: the differences already in today's books (another test plants one on purpose) are not ours.
        var baseline = RealDifferenceKeys(await RunReconciliationAsync(operatorClient, today));
        var institutions = await contributions.GetAsync("/api/contributions/institutions?page=1&pageSize=5");
        Assert.True(institutions.StatusCode == HttpStatusCode.OK, institutions.ToString());
        var institutionCode = institutions.Json.GetProperty("items")[0].GetProperty("code").GetString()!;
        var owners = Enumerable.Range(0, 12)
            .Select(i => (Name: "정휴면", Rrn: SyntheticRrn.Adult(), Amount: 100_000L + (i * 10_000), Account: $"440-{suffix}-{i:D2}")).ToList();
        var batch = await institution.PostAsync("/api/dormant-assets/transfers/batches", new
        {
            batchReference = $"pg-kill-{suffix}", institutionName = "국민은행", sector = "Bank",
            lines = owners.Select(o => new
            {
                name = o.Name, rrn = o.Rrn, address = "인천광역시 남동구 1", amount = o.Amount, assetType = "Deposit",
                accountNumber = o.Account, limitationCompletedOn = "2020-01-31",
            }).ToList(),
        }, $"pg-kill-batch-{suffix}");
        Assert.True(batch.StatusCode == HttpStatusCode.Created, batch.ToString());

        var guarantees = new ConcurrentBag<(string GuaranteeId, long Fee)>();
        var payments = new ConcurrentBag<(string Reference, string PaymentId, long Amount)>();
        var dormantClaims = new ConcurrentBag<string>();
        var subrogated = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var stream = new List<Task>
        {
            GuaranteesAsync(staff, log, guarantees, stop.Token),
            GuaranteesAsync(staff, log, guarantees, stop.Token),
            SubrogationAsync(staff, recourse, checker, log, subrogated, today),
            ContributionPaymentsAsync(contributions, log, institutionCode, suffix, payments, today, stop.Token),
            DormantClaimsAsync(dormant, log, owners.Select(o => (o.Name, o.Rrn)).ToList(), suffix, dormantClaims, stop.Token),
        };

        // The fault, once the stream is flowing: SIGKILL of our cluster's postmaster (its children die with it).
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        var restartsBefore = platform.App.Restarts(ResourceNames.Postgres);
        var postmaster = Postmaster();
        var killedAt = Stopwatch.StartNew();
        Process.GetProcessById(postmaster).Kill();
        await Probe.UntilAsync(
            () => Task.FromResult(platform.App.Restarts(ResourceNames.Postgres) > restartsBefore && platform.App.IsHealthy(ResourceNames.Postgres)),
            "PostgreSQL restarted by the restart policy and healthy", Recovery);
        var recoveredAfter = killedAt.Elapsed;
        Assert.NotEqual(postmaster, Postmaster());
        Assert.False(ProcessTable.IsAlive(postmaster));

        // The stream runs on against the restarted server, then stops (each worker finishes the unit it is in).
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        await stop.CancelAsync();
        await Task.WhenAll(stream);

        var summary = $"postgres back after {recoveredAfter.TotalSeconds:F1} s; {guarantees.Count} guarantees to a paid fee, {payments.Count} contribution payments, {dormantClaims.Count} dormant claims, {subrogated.Count} subrogation payment; {log}; 409s while a key's release waited for the database: {log.StuckKeys.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(guarantees.Count >= 6, $"too few guarantees went through: {guarantees.Count}. {summary}");
        Assert.NotEmpty(payments);
        Assert.NotEmpty(dormantClaims);
        Assert.Single(subrogated);

        // Clients saw only 2xx, 429, 503 or 504, every non-2xx with Problem Details, and always an answer.
        Assert.True(log.Unexpected.IsEmpty, $"unexpected answers: {string.Join(" | ", log.Unexpected)}. {summary}");
        Assert.True(log.WithoutProblemDetails.IsEmpty, $"non-2xx without Problem Details: {string.Join(" | ", log.WithoutProblemDetails)}");
        Assert.True(log.NoAnswer.IsEmpty, $"requests without an answer: {string.Join(" | ", log.NoAnswer)}");

        // Every accepted request has exactly one effect.
        foreach (var (guaranteeId, fee) in guarantees)
        {
            var guarantee = await AnsweredAsync(() => staff.GetAsync($"/api/guarantees/{guaranteeId}"));
            Assert.True(guarantee.StatusCode == HttpStatusCode.OK, $"guarantee {guaranteeId}: {guarantee}");
            var fees = await AnsweredAsync(() => staff.GetAsync($"/api/guarantees/{guaranteeId}/fees"));
            Assert.True(fees.StatusCode == HttpStatusCode.OK, $"fees of {guaranteeId}: {fees}");
            var ledger = fees.Json.GetProperty("ledger").EnumerateArray().ToList();
            var paid = Assert.Single(ledger, e => e.GetProperty("kind").GetString() == "payment");
            Assert.Equal(fee, paid.GetProperty("amount").GetInt64());
        }

        foreach (var (reference, paymentId, amount) in payments)
        {
            // The bank reference is the payment's identity: sending it again answers the one payment already recorded.
            var again = await AnsweredAsync(() => contributions.PostAsync("/api/contributions/payments", new { bankReference = reference, amount, receivedOn = today, institutionCode }));
            Assert.True(again.StatusCode == HttpStatusCode.OK, again.ToString());
            Assert.True(again.Json.GetProperty("alreadyRecorded").GetBoolean(), $"payment {reference} was not recorded before: {again}");
            Assert.Equal(paymentId, again.Json.GetProperty("id").GetString());
        }

        foreach (var claimId in dormantClaims)
        {
            var claim = await AnsweredAsync(() => dormant.GetAsync($"/api/dormant-assets/claims/{claimId}"));
            Assert.True(claim.StatusCode == HttpStatusCode.OK && claim.Json.GetProperty("status").GetString() == "paid", $"dormant claim {claimId}: {claim}");
        }

        var claimIdPaid = subrogated.Single();
        var subrogation = await AnsweredAsync(() => recourse.GetAsync($"/api/subrogation/claims/{claimIdPaid}"));
        Assert.True(subrogation.StatusCode == HttpStatusCode.OK && subrogation.Json.GetProperty("status").GetString() == "paid", subrogation.ToString());

        // The books agree: no real difference that was not there before the stream; in-flight ones may settle first.
        var clean = await Probe.UntilAsync(
            () => RunReconciliationAsync(operatorClient, today),
            run => run.GetProperty("inFlight").GetInt32() == 0 && RealDifferenceKeys(run).Except(baseline).Any() is false,
            "a reconciliation run without new differences", TimeSpan.FromSeconds(60));
        Assert.Empty(clean.GetProperty("unreachable").EnumerateArray());
    }

    /// <summary>Guarantees from submission to a paid up-front fee, one after another until stopped.</summary>
    private static async Task GuaranteesAsync(GatewayClient staff, StatusLog log, ConcurrentBag<(string, long)> done, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var rrn = SyntheticRrn.Adult();
            var submitted = await SendAsync(log, "guarantee.submit", () => staff.PostAsync("/api/guarantees/applications",
                Applications.WorkerSunshine(rrn, 3_000_000, 36), $"pg-kill-{Guid.NewGuid():N}"), r => r.StatusCode == HttpStatusCode.Created);
            if (submitted is null)
            {
                continue;
            }

            var guaranteeId = submitted.Json.GetProperty("guaranteeId").GetString()!;
            var issued = await SendAsync(log, "guarantee.agreement", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/agreement", new { }))
                is null ? null : await SendAsync(log, "guarantee.issuance", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/issuance", new { }));
            if (issued is null)
            {
                continue;
            }

            var loanAmount = issued.Json.GetProperty("approvedLoanAmount").GetInt64();
            if (await SendAsync(log, "guarantee.loan-executed", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/notices/loan-executed", new { loanAmount })) is null
                || await SendAsync(log, "guarantee.fees", () => staff.GetAsync($"/api/guarantees/{guaranteeId}/fees")) is not { } fees)
            {
                continue;
            }

            var owed = fees.Json.GetProperty("feesOutstanding").GetInt64();
            if (await SendAsync(log, "guarantee.fee-payment", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/fees/payments", new { paidOn = SeoulToday, amount = owed })) is not null)
            {
                done.Add((guaranteeId, owed));
            }
        }
    }

    /// <summary>One guarantee through accident, the lender's claim, review, approval by S1002 and payment.</summary>
    private static async Task SubrogationAsync(
        GatewayClient staff, GatewayClient recourse, GatewayClient checker, StatusLog log, ConcurrentBag<string> paid, DateOnly today)
    {
        var rrn = SyntheticRrn.Adult();
        var submitted = await SendAsync(log, "guarantee.submit", () => staff.PostAsync("/api/guarantees/applications",
            Applications.WorkerSunshine(rrn, 4_000_000, 36), $"pg-kill-{Guid.NewGuid():N}"), r => r.StatusCode == HttpStatusCode.Created);
        var guaranteeId = submitted!.Json.GetProperty("guaranteeId").GetString()!;
        await SendAsync(log, "guarantee.agreement", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/agreement", new { }));
        var issued = await SendAsync(log, "guarantee.issuance", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/issuance", new { }));
        var loanAmount = issued!.Json.GetProperty("approvedLoanAmount").GetInt64();
        await SendAsync(log, "guarantee.loan-executed", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/notices/loan-executed", new { loanAmount }));
        await SendAsync(log, "guarantee.accident", () => staff.PostAsync($"/api/guarantees/{guaranteeId}/notices/accidents", new { occurredOn = today, kind = "Default" }));
        await Probe.UntilAsync(
            async () =>
            {
                var cover = await SendAsync(log, "subrogation.cover", () => recourse.GetAsync($"/api/subrogation/guarantees/{guaranteeId}"), r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound);
                return cover is { StatusCode: HttpStatusCode.OK } && cover.Json.GetProperty("inAccident").GetBoolean() && cover.Json.GetProperty("guaranteeRatio").GetDecimal() > 0;
            },
            "the issue and the accident projected into subrogation", TimeSpan.FromSeconds(120));
        var filed = await SendAsync(log, "subrogation.claim", () => recourse.PostAsync("/api/subrogation/claims", new
        {
            guaranteeId, trigger = "Bankruptcy", principal = loanAmount, contractAnnualRate = 0.05m, interestPaidTo = today,
            claimedCosts = 0, payeeBankCode = "011", payeeAccount = "301-1234-5678-91", debtorRrn = rrn, debtorName = "최하늘",
        }), r => r.StatusCode == HttpStatusCode.Created);
        var claimId = filed!.Json.GetProperty("id").GetString()!;
        await SendAsync(log, "subrogation.review", () => recourse.PostAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = today, approvedCosts = 0 }));
        await SendAsync(log, "subrogation.approval", () => checker.PostAsync($"/api/subrogation/claims/{claimId}/approval", null));
        if (await SendAsync(log, "subrogation.payment", () => recourse.PostAsync($"/api/subrogation/claims/{claimId}/payment", null)) is not null)
        {
            paid.Add(claimId);
        }
    }

    /// <summary>A contribution payment naming only the institution every two seconds (held as unapplied cash).</summary>
    private static async Task ContributionPaymentsAsync(
        GatewayClient officer, StatusLog log, string institutionCode, string suffix, ConcurrentBag<(string, string, long)> done, DateOnly today, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var reference = $"pg-kill-{suffix}-{i}";
            var amount = 1_000_000L + i;
            var paid = await SendAsync(log, "contributions.payment", () => officer.PostAsync("/api/contributions/payments",
                new { bankReference = reference, amount, receivedOn = today, institutionCode }));
            if (paid is not null)
            {
                done.Add((reference, paid.Json.GetProperty("id").GetString()!, amount));
            }

            await Pause(TimeSpan.FromSeconds(2), stop);
        }
    }

    /// <summary>The owners of the transferred batch verify themselves, look their asset up and claim it, one by one.</summary>
    private static async Task DormantClaimsAsync(
        GatewayClient app, StatusLog log, List<(string Name, string Rrn)> owners, string suffix, ConcurrentBag<string> done, CancellationToken stop)
    {
        for (var i = 0; i < owners.Count && !stop.IsCancellationRequested; i++)
        {
            var (name, rrn) = owners[i];
            var account = $"31{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
            if (await SendAsync(log, "dormant.dev-bank-account", () => app.PostAsync("/api/dormant-assets/dev/bank-accounts", new { bankCode = "004", account, holderName = name })) is null
                || await SendAsync(log, "dormant.dev-verification", () => app.PostAsync("/api/dormant-assets/dev/identity-verifications", new { name, rrn })) is not { } verified)
            {
                continue;
            }

            var verificationId = verified.Json.GetProperty("verificationId").GetString();
            var lookup = await SendAsync(log, "dormant.lookup", () => app.PostAsync("/api/dormant-assets/self-service/lookups", new { verificationId, purpose = "찾아줌 조회" }));
            var asset = lookup?.Json.GetProperty("assets").EnumerateArray().FirstOrDefault();
            if (asset is not { ValueKind: JsonValueKind.Object } found
                || await SendAsync(log, "dormant.dev-verification", () => app.PostAsync("/api/dormant-assets/dev/identity-verifications", new { name, rrn })) is not { } again)
            {
                continue;
            }

            var key = $"pg-kill-claim-{suffix}-{i}";
            var body = new { verificationId = again.Json.GetProperty("verificationId").GetString(), assetId = found.GetProperty("assetId").GetString(), payeeBankCode = "004", payeeAccount = account };
            var claim = await SendAsync(log, "dormant.claim", () => app.PostAsync("/api/dormant-assets/self-service/claims", body, key));
            if (claim is not null)
            {
                done.Add(claim.Json.GetProperty("id").GetString()!);
            }

            await Pause(TimeSpan.FromSeconds(2), stop);
        }
    }

    /// <summary>
    /// Sends one request until it is accepted, retrying the same request (same body and Idempotency-Key) while the
    /// platform says "not now" (429/503/504, waiting its Retry-After up to 2 s). Every answer is logged; a 4xx/5xx
    /// other than those, or no answer at all, ends the attempt and is kept for the assertions. Null when not accepted.
    /// </summary>
    private static async Task<GatewayResponse?> SendAsync(StatusLog log, string name, Func<Task<GatewayResponse>> send, Func<GatewayResponse, bool>? accepted = null)
    {
        accepted ??= r => (int)r.StatusCode is >= 200 and < 300;
        var deadline = DateTime.UtcNow + RetryFor;
        while (true)
        {
            GatewayResponse response;
            try
            {
                response = await send();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                log.NoAnswer.Enqueue($"{name}: {e.GetType().Name} {e.Message}");
                return null;
            }

            log.Record(name, response);
            if (accepted(response))
            {
                return response;
            }

            // A key whose release waits for the database (see StatusLog.StuckKeys) is freed once it answers: retried
            // like a 503.
            if (!StatusLog.IsStuckIdempotencyKey(response)
                && response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                || DateTime.UtcNow > deadline)
            {
                return null;
            }

            var wait = response.Headers.RetryAfter?.Delta is { } delta && delta < TimeSpan.FromSeconds(2) ? delta : TimeSpan.FromSeconds(1);
            await Task.Delay(wait, TestContext.Current.CancellationToken);
        }
    }

    private static async Task Pause(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // stopped: the loop ends
        }
    }

    private static async Task<JsonElement> RunReconciliationAsync(GatewayClient operatorClient, DateOnly day)
    {
        var run = await operatorClient.PostAsync("/api/contributions/reconciliation/runs", new { from = day, to = day });
        Assert.True(run.StatusCode == HttpStatusCode.Created, $"reconciliation run: {run}");
        return run.Json;
    }

    /// <summary>Rule, fund and business key of every real (not in-flight) difference of a run.</summary>
    private static HashSet<string> RealDifferenceKeys(JsonElement run) =>
    [
        .. run.GetProperty("rules").EnumerateArray().SelectMany(r => r.GetProperty("differences").EnumerateArray()
            .Where(d => !d.GetProperty("inFlight").GetBoolean())
            .Select(d => $"{r.GetProperty("rule").GetString()}/{r.GetProperty("fundCode")}/{d.GetProperty("key").GetString()}")),
    ];

    /// <summary>Our cluster's postmaster: the postgres process below the resource whose parent is not a postgres.</summary>
    private int Postmaster()
    {
        var tree = ProcessTable.Tree(platform.App.ProcessId(ResourceNames.Postgres));
        return tree.Single(p => p.Name == "postgres" && !tree.Any(q => q.Pid == p.Parent && q.Name == "postgres")).Pid;
    }

    /// <summary>What the clients saw: statuses per request, and the answers the fault suite does not allow.</summary>
    private sealed class StatusLog
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Unexpected { get; } = new();

        public ConcurrentQueue<string> WithoutProblemDetails { get; } = new();

        public ConcurrentQueue<string> NoAnswer { get; } = new();

        /// <summary>
        /// The idempotency filter reserves a key in its own commit before the handler runs; when the handler fails
        /// because the database is gone, releasing the reservation fails too, and until the background release
        /// succeeds (IdempotencyReleases, ADR 0023) a retry with that key is answered 409 "still being processed" (with
        /// Problem Details). Nothing was done for it, so no effect is lost or doubled; the stream retries it like a
        /// 503 and the test keeps these answers apart from the 2xx/429/503/504 it holds the platform to.
        /// </summary>
        public ConcurrentQueue<string> StuckKeys { get; } = new();

        public static bool IsStuckIdempotencyKey(GatewayResponse response) =>
            response.StatusCode == HttpStatusCode.Conflict && response.ContentType == "application/problem+json"
            && response.Body.Contains("Idempotency-Key is still being processed", StringComparison.Ordinal);

        public void Record(string name, GatewayResponse response)
        {
            var status = (int)response.StatusCode;
            _counts.AddOrUpdate($"{name} {status}", 1, (_, n) => n + 1);
            if (status is >= 200 and < 300 || name == "subrogation.cover" && status == 404)
            {
                return; // the cover is polled until the events have been projected
            }

            if (IsStuckIdempotencyKey(response))
            {
                StuckKeys.Enqueue($"{name} → {response}");
            }
            else if (status is not (429 or 503 or 504))
            {
                Unexpected.Enqueue($"{name} → {response}");
            }

            if (response.ContentType != "application/problem+json" || !HasProblemFields(response.Body))
            {
                WithoutProblemDetails.Enqueue($"{name} → {status} {response.ContentType} {response.Body}");
            }
        }

        private static bool HasProblemFields(string body)
        {
            try
            {
                var json = JsonDocument.Parse(body).RootElement;
                return json.TryGetProperty("status", out _) && json.TryGetProperty("title", out _);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        public override string ToString() => "statuses: " + string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}×{c.Value}")));
    }
}
