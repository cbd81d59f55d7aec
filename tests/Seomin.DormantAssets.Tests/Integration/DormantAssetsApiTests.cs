using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Transfers;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.Testing;

namespace Seomin.DormantAssets.Tests.Integration;

/// <summary>The dormant-assets service on real PostgreSQL and RabbitMQ: transfers, lookups, claims, internal control, disclosure.</summary>
public sealed class DormantAssetsApiTests(PlatformServers servers) : IAsyncLifetime
{
    private const string BankCode = "004";
    private DormantApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await DormantApp.SharedAsync(servers);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private static string Line(string name, string rrn, long amount, string type = "Deposit", string? account = null, string limitation = "2020-01-31", string address = "\"인천광역시 남동구, 1\"") =>
        $"{name},{rrn},{address},{amount},{type},{account ?? Unique("110-")},{limitation}";

    private static StringContent Csv(params string[] lines) =>
        new(TransferLines.Header + "\n" + string.Join("\n", lines) + "\n", Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        return problem.GetProperty("errorCode").GetString()!;
    }

    private async Task<JsonElement> UploadAsync(string institution, string reference, InstitutionSector sector, params string[] lines) =>
        await JsonAsync(
            await _app.Institution(institution).PostAsync($"/api/dormant-assets/transfers/batches/file?batchReference={reference}&institutionName=테스트은행&sector={sector}", Csv(lines)),
            HttpStatusCode.Created);

    /// <summary>A person with assets at one institution; returns their asset ids in line order.</summary>
    private async Task<(string Name, string Rrn, List<Guid> Assets)> PersonWithAssetsAsync(params (long Amount, string Type)[] assets)
    {
        var name = "김" + Unique("")[..2] + "수";
        var rrn = SyntheticRrn.Adult();
        var institution = Unique("B");
        await UploadAsync(institution, Unique("R"), InstitutionSector.Bank, [.. assets.Select(a => Line(name, rrn, a.Amount, a.Type))]);
        var customerId = _app.CustomerIdOf(rrn);
        var ids = await _app.QueryAsync(db => db.Assets.Where(a => a.CustomerId == customerId && a.InstitutionCode == institution).OrderBy(a => a.LineNumber).Select(a => a.Id).ToListAsync());
        return (name, rrn, ids);
    }

    private async Task<string> AccountOfAsync(string holder)
    {
        var account = Unique("3021");
        await _app.OpenAccountAsync(BankCode, account, holder);
        return account;
    }

    [Fact]
    public async Task Upload_WhenSomeLinesAreBad_RejectsThemWithLineNumbersAndImportsTheRestEncrypted()
    {
        var rrn = SyntheticRrn.Adult();
        var institution = Unique("B");
        var duplicate = Unique("110-");

        var batch = await UploadAsync(institution, Unique("R"), InstitutionSector.Bank,
            Line("홍길동", rrn, 150_000, account: duplicate),
            Line("홍길동", string.Concat(rrn.AsSpan(0, 2), "13", rrn.AsSpan(4)), 10_000), // month 13: not a valid number
            Line("홍길동", rrn, -500),
            Line("홍길동", rrn, 20_000, limitation: ""),
            Line("홍길동", rrn, 30_000, account: duplicate),
            Line("홍길동", rrn, 2_500_000, "Insurance"),
            Line("홍길동", rrn, 40_000, "Stocks"));

        Assert.Equal(7, batch.GetProperty("totalLines").GetInt32());
        Assert.Equal(2, batch.GetProperty("acceptedLines").GetInt32());
        Assert.Equal(5, batch.GetProperty("rejectedLines").GetInt32());
        Assert.Equal(2_650_000, batch.GetProperty("acceptedAmount").GetInt64());
        var batchId = batch.GetProperty("id").GetGuid();
        var rejections = await JsonAsync(await _app.Institution(institution).GetAsync($"/api/dormant-assets/transfers/batches/{batchId}/rejections"), HttpStatusCode.OK);
        var byLine = rejections.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("lineNumber").GetInt32(), r => r.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<int, string?>
        {
            [2] = "RrnInvalid", [3] = "AmountMustBePositive", [4] = "LimitationDateRequired", [5] = "DuplicateAccount", [7] = "AssetTypeUnknown",
        }, byLine);
        var stored = await _app.QueryAsync(db => db.Database.SqlQuery<string>($"SELECT rrn AS \"Value\" FROM dormant.assets WHERE batch_id = {batchId}").ToListAsync());
        Assert.All(stored, s => Assert.StartsWith("sm1:", s));
        Assert.All(stored, s => Assert.DoesNotContain(rrn.Replace("-", "", StringComparison.Ordinal)[..6], s, StringComparison.Ordinal));
        var customerIds = await _app.QueryAsync(db => db.Assets.Where(a => a.BatchId == batchId).Select(a => a.CustomerId).Distinct().ToListAsync());
        Assert.Equal([_app.CustomerIdOf(rrn)], customerIds);
        Assert.Equal(1, await _app.OutboxCountAsync("dormantassets.transferred", batchId.ToString()));
    }

    [Fact]
    public async Task Upload_OverSeveralParallelChunks_KeepsEveryLineNumberAndAmountInOrder()
    {
        // 9,000 lines = chunks of 4,096 + 4,096 + 808 prepared in parallel; bad lines at both edges of a chunk boundary.
        var rrn = SyntheticRrn.Adult();
        var invalidRrn = string.Concat(rrn.AsSpan(0, 2), "13", rrn.AsSpan(4));
        var institution = Unique("B");
        var lines = Enumerable.Range(1, 9_000).Select(i => i switch
        {
            1 => Line("박청크", rrn, -1),
            4_096 => Line("박청크", rrn, 0),
            4_097 => Line("박청크", invalidRrn, 1_000 + i),
            9_000 => Line("박청크", rrn, 1_000 + i, limitation: ""),
            _ => Line("박청크", rrn, 1_000 + i, account: $"ACC-{i:D6}-{institution}"),
        }).ToArray();

        var batch = await UploadAsync(institution, Unique("R"), InstitutionSector.Bank, lines);

        Assert.Equal(9_000, batch.GetProperty("totalLines").GetInt32());
        Assert.Equal(8_996, batch.GetProperty("acceptedLines").GetInt32());
        // Σ(1,000 + i) for i = 1..9,000 without lines 1, 4,096, 4,097 and 9,000 (hand-computed).
        Assert.Equal(49_483_306, batch.GetProperty("acceptedAmount").GetInt64());
        var batchId = batch.GetProperty("id").GetGuid();
        var rejections = await JsonAsync(await _app.Institution(institution).GetAsync($"/api/dormant-assets/transfers/batches/{batchId}/rejections"), HttpStatusCode.OK);
        var byLine = rejections.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("lineNumber").GetInt32(), r => r.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<int, string?>
        {
            [1] = "AmountMustBePositive", [4_096] = "AmountMustBePositive", [4_097] = "RrnInvalid", [9_000] = "LimitationDateRequired",
        }, byLine);
        // Each row kept its own line's values: amount − 1,000 is the line number on every stored row.
        var misplaced = await _app.QueryAsync(db => db.Assets.CountAsync(a => a.BatchId == batchId && a.Amount - 1_000 != a.LineNumber));
        Assert.Equal(0, misplaced);
    }

    [Fact]
    public async Task Upload_WhenTheSameBatchComesAgain_IsRefusedByReferenceAndByContent()
    {
        var institution = Unique("B");
        var reference = Unique("R");
        var lines = new[] { Line("이영희", SyntheticRrn.Adult(), 80_000), Line("박철수", SyntheticRrn.Adult(), 90_000) };
        await UploadAsync(institution, reference, InstitutionSector.Bank, lines);

        var sameReference = await _app.Institution(institution).PostAsync($"/api/dormant-assets/transfers/batches/file?batchReference={reference}&institutionName=x&sector=Bank", Csv(lines));
        var sameContent = await _app.Institution(institution).PostAsync($"/api/dormant-assets/transfers/batches/file?batchReference={Unique("R")}&institutionName=x&sector=Bank", Csv(lines));

        Assert.Equal("BatchAlreadyImported", await ErrorCodeAsync(sameReference, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("BatchAlreadyImported", await ErrorCodeAsync(sameContent, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(1, await _app.QueryAsync(db => db.Batches.CountAsync(b => b.InstitutionCode == institution)));
        Assert.Equal(2, await _app.QueryAsync(db => db.Assets.CountAsync(a => a.InstitutionCode == institution)));
    }

    [Fact]
    public async Task Import_WhenItCrashesMidway_LeavesNothingAndTheResubmissionImportsOnce()
    {
        var institution = Unique("B");
        var reference = Unique("R");
        var lines = Enumerable.Range(1, 200).Select(i => new RawLine(i, ["최민수", SyntheticRrn.Adult(), "", (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "Deposit", $"ACC-{i}", "2019-12-31"])).ToList();
        var header = new BatchHeader(institution, "크래시은행", InstitutionSector.Bank, reference, "test");

        await Assert.ThrowsAsync<IOException>(() => _app.InScopeAsync(sp => sp.GetRequiredService<TransferImport>().ImportAsync(header, Crashing(lines, after: 120), CancellationToken.None)));
        var afterCrash = await _app.QueryAsync(async db => (await db.Batches.CountAsync(b => b.InstitutionCode == institution), await db.Assets.CountAsync(a => a.InstitutionCode == institution)));
        var batch = await _app.InScopeAsync(sp => sp.GetRequiredService<TransferImport>().ImportAsync(header, Crashing(lines, after: int.MaxValue), CancellationToken.None));

        Assert.Equal((0, 0), afterCrash);
        Assert.Equal(200, batch.AcceptedLines);
        Assert.Equal(Enumerable.Range(1, 200).Sum(i => 1000L + i), batch.AcceptedAmount);
        Assert.Equal(200, await _app.QueryAsync(db => db.Assets.CountAsync(a => a.InstitutionCode == institution)));
    }

    private static async IAsyncEnumerable<RawLine> Crashing(IEnumerable<RawLine> lines, int after)
    {
        foreach (var line in lines)
        {
            if (line.LineNumber > after)
            {
                throw new IOException("The connection to the institution dropped.");
            }

            await Task.Yield();
            yield return line;
        }
    }

    [Fact]
    public async Task SubmitJson_AcceptsGoodLinesAndNamesTheBadOnes()
    {
        var institution = Unique("I");
        var rrn = SyntheticRrn.Adult();
        var body = new
        {
            batchReference = Unique("J"), institutionName = "테스트생명", sector = "Insurance",
            lines = new object[]
            {
                new { name = "정수빈", rrn, address = "서울", amount = 310_000, assetType = "Insurance", accountNumber = "POL-1", limitationCompletedOn = "2021-03-01" },
                new { name = "정수빈", rrn, address = "서울", amount = 0, assetType = "Insurance", accountNumber = "POL-2", limitationCompletedOn = "2021-03-01" },
            },
        };

        var batch = await JsonAsync(await _app.Institution(institution).PostAsJsonAsync("/api/dormant-assets/transfers/batches", body), HttpStatusCode.Created);

        Assert.Equal(1, batch.GetProperty("acceptedLines").GetInt32());
        var rejection = await _app.QueryAsync(db => db.Rejections.SingleAsync(r => r.BatchId == batch.GetProperty("id").GetGuid()));
        Assert.Equal((2, "AmountMustBePositive"), (rejection.LineNumber, rejection.Code));
    }

    [Fact]
    public async Task Upload_ByAPartnerOrStaff_IsForbidden()
    {
        var partner = await _app.Partner("P1").PostAsync("/api/dormant-assets/transfers/batches/file?batchReference=x&institutionName=x&sector=Bank", Csv(Line("a", SyntheticRrn.Adult(), 1)));

        Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
    }

    [Fact]
    public async Task OwnerLookup_ShowsDepositsAndInsuranceMaskedHidesChequesAndIsSingleUse()
    {
        var (name, rrn, _) = await PersonWithAssetsAsync((120_000, "Deposit"), (50_000, "Cheque"), (200_000, "Insurance"), (7_000, "UnclaimedStockProceeds"));
        var verification = _app.Verify(name, rrn);

        var lookup = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification }), HttpStatusCode.OK);
        var again = await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification });

        var assets = lookup.GetProperty("assets").EnumerateArray().ToList();
        Assert.Equal(["deposit", "insurance"], assets.Select(a => a.GetProperty("assetType").GetString()!).Order().ToArray());
        Assert.Equal(320_000, lookup.GetProperty("outstandingTotal").GetInt64());
        Assert.All(assets, a => Assert.Contains("*", a.GetProperty("accountMasked").GetString()!, StringComparison.Ordinal));
        Assert.Equal("VerificationAlreadyUsed", await ErrorCodeAsync(again, HttpStatusCode.UnprocessableEntity));
        var customerId = _app.CustomerIdOf(rrn);
        var audited = await _app.QueryAsync(db => db.Database.SqlQuery<string>($"SELECT reason AS \"Value\" FROM dormant.audit_log WHERE resource_type = 'DormantAssetLookup' AND subject = {customerId}").ToListAsync());
        Assert.Contains(audited, r => r.Contains("purpose: owner lookup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OwnerLookup_SameVerificationTwiceAtOnce_ServesAndAuditsExactlyOne()
    {
        // The single-use check is the primary key of verification_uses (no read before the insert): two racing
        // lookups with one verification id get one result and one refusal, and only the served one is audited.
        var (name, rrn, _) = await PersonWithAssetsAsync((64_000, "Deposit"));
        var verification = _app.Verify(name, rrn);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification })));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity], responses.Select(r => r.StatusCode).Order().ToArray());
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.UnprocessableEntity);
        Assert.Equal("VerificationAlreadyUsed", await ErrorCodeAsync(refused, HttpStatusCode.UnprocessableEntity));
        var served = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK), HttpStatusCode.OK);
        Assert.Equal(64_000, served.GetProperty("outstandingTotal").GetInt64());
        var customerId = _app.CustomerIdOf(rrn);
        var audited = await _app.QueryAsync(db => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM dormant.audit_log WHERE resource_type = 'DormantAssetLookup' AND subject = {customerId}").SingleAsync());
        Assert.Equal(1, audited);
        Assert.Equal(1, await _app.QueryAsync(db => db.VerificationUses.CountAsync(v => v.CustomerId == customerId)));
    }

    [Fact]
    public async Task OnlineClaim_WithAVerificationAlreadyUsedByALookup_IsRefusedAndMakesNoClaim()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((75_000, "Deposit"));
        var account = await AccountOfAsync(name);
        var verification = _app.Verify(name, rrn);
        await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/lookups", new { verificationId = verification }), HttpStatusCode.OK);

        var claim = await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = verification, assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account });

        Assert.Equal("VerificationAlreadyUsed", await ErrorCodeAsync(claim, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0, await _app.QueryAsync(db => db.Claims.CountAsync(c => c.AssetId == assets[0])));
        Assert.Equal(AssetStatus.Outstanding, await _app.QueryAsync(db => db.Assets.Where(a => a.Id == assets[0]).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task OnlineClaim_WhenNothingHoldsIt_IsPaidExactlyOnce()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((420_000, "Deposit"));
        var account = await AccountOfAsync(name);

        var claim = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account }), HttpStatusCode.Created);
        var claimId = claim.GetProperty("id").GetGuid();
        var retried = await JsonAsync(await _app.Officer("S5001").PostAsync($"/api/dormant-assets/claims/{claimId}/payment", null), HttpStatusCode.OK);

        Assert.Equal("paid", claim.GetProperty("status").GetString());
        Assert.Equal(420_000, claim.GetProperty("payout").GetInt64());
        Assert.Equal("paid", retried.GetProperty("status").GetString());
        Assert.Equal((1, 420_000L), await _app.TransfersAsync(claimId));
        Assert.Equal(AssetStatus.Paid, await _app.QueryAsync(db => db.Assets.Where(a => a.Id == assets[0]).Select(a => a.Status).SingleAsync()));
        Assert.Equal(1, await _app.OutboxCountAsync("dormantassets.refund-paid", claimId.ToString()));
    }

    [Fact]
    public async Task Claim_ForSomeoneElsesAsset_IsForbiddenWithTheRule()
    {
        var (_, _, assets) = await PersonWithAssetsAsync((90_000, "Deposit"));
        var intruder = ("남궁민", SyntheticRrn.Adult());
        var account = await AccountOfAsync(intruder.Item1);

        var response = await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(intruder.Item1, intruder.Item2), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account });

        Assert.Equal("AssetMustBelongToClaimant", await ErrorCodeAsync(response, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task OnlineClaim_AboveTheCap_IsRefusedAndAnInPersonClaimIsHeldForASecondEmployee()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((10_000_001, "Deposit"));
        var account = await AccountOfAsync(name);

        var online = await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account });
        var inPerson = await JsonAsync(await _app.Officer("S5001").PostAsJsonAsync("/api/dormant-assets/claims/in-person", new
        {
            assetId = assets[0], claimant = "Owner", claimantName = name, ownerRrn = rrn, payeeBankCode = BankCode, payeeAccount = account,
            documents = new[] { new { kind = "IdCard", reference = "주민등록증 진위확인 2026-001" } },
        }), HttpStatusCode.Created);
        var claimId = inPerson.GetProperty("id").GetGuid();
        await JsonAsync(await _app.Officer("S5002").PostAsJsonAsync($"/api/dormant-assets/claims/{claimId}/review", new { note = "신분증 확인" }), HttpStatusCode.OK);
        var byMaker = await _app.Officer("S5001").PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null);
        var paid = await JsonAsync(await _app.Officer("S5003").PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null), HttpStatusCode.OK);

        Assert.Equal("OnlineClaimAboveCap", await ErrorCodeAsync(online, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("held", inPerson.GetProperty("status").GetString());
        Assert.Equal(["AmountAboveThreshold", "InPersonReview"], inPerson.GetProperty("holdReasons").EnumerateArray().Select(h => h.GetProperty("code").GetString()!).ToArray());
        Assert.Equal("self_approval_forbidden", await ErrorCodeAsync(byMaker, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal((1, 10_000_001L), await _app.TransfersAsync(claimId));
    }

    [Fact]
    public async Task Claim_WhileAnotherIsOpenForTheAsset_IsRefused()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((6_000_000, "Deposit"));
        var account = await AccountOfAsync(name);
        var first = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account }), HttpStatusCode.Created);

        var second = await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account });

        Assert.Equal("held", first.GetProperty("status").GetString());
        Assert.Equal("AnotherClaimOpenForAsset", await ErrorCodeAsync(second, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Claim_ToAnAccountInAnotherName_IsHeldWithTheReason_AndRejectionFreesTheAsset()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((300_000, "Deposit"), (1_000, "Deposit"));
        var account = await AccountOfAsync("김철수");
        var contactChanged = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);

        var held = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account, contactChangedOn = contactChanged }), HttpStatusCode.Created);
        var claimId = held.GetProperty("id").GetGuid();
        await JsonAsync(await _app.Officer("S5001").PostAsJsonAsync($"/api/dormant-assets/claims/{claimId}/rejection", new { reason = "예금주 불일치" }), HttpStatusCode.OK);
        var own = await AccountOfAsync(name);
        var retry = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = own }), HttpStatusCode.Created);

        Assert.Equal(["HolderNameMismatch", "RecentlyChangedContact"], held.GetProperty("holdReasons").EnumerateArray().Select(h => h.GetProperty("code").GetString()!).ToArray());
        Assert.Equal((0, 0L), await _app.TransfersAsync(claimId));
        Assert.Equal("paid", retry.GetProperty("status").GetString());
        Assert.Equal(1, await _app.OutboxCountAsync("dormantassets.refund-held", claimId.ToString()));
    }

    [Fact]
    public async Task Payment_WhenTheTransferFails_LeavesTheClaimPayable_AndALostAnswerNeverPaysTwice()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((77_000, "Deposit"));
        var account = await AccountOfAsync(name);
        _app.Bank.RefuseNext(1);

        var claim = await JsonAsync(await _app.SelfServiceApp().PostAsJsonAsync("/api/dormant-assets/self-service/claims",
            new { verificationId = _app.Verify(name, rrn), assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account }), HttpStatusCode.Created);
        var claimId = claim.GetProperty("id").GetGuid();
        _app.Bank.LoseNextAnswers(1);
        var lost = await _app.Officer("S5001").PostAsync($"/api/dormant-assets/claims/{claimId}/payment", null);
        var paid = await JsonAsync(await _app.Officer("S5001").PostAsync($"/api/dormant-assets/claims/{claimId}/payment", null), HttpStatusCode.OK);

        Assert.Equal("approved", claim.GetProperty("status").GetString());
        Assert.Equal(1, claim.GetProperty("failedTransfers").GetInt32());
        Assert.Equal(HttpStatusCode.BadGateway, lost.StatusCode);
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal(2, paid.GetProperty("failedTransfers").GetInt32());
        Assert.Equal((1, 77_000L), await _app.TransfersAsync(claimId));
    }

    [Fact]
    public async Task PartnerFlow_LookupWithConsent_ClaimHeld_ApprovedByASecondPerson_Paid_AndOnlyTheOwningPartnerSeesIt()
    {
        var (name, rrn, assets) = await PersonWithAssetsAsync((7_500_000, "InvestorDeposit"));
        var account = await AccountOfAsync(name);
        var partner = Unique("TOSS");
        var consentId = Unique("CONSENT-");

        var lookup = await JsonAsync(await _app.Partner(partner).PostAsJsonAsync("/api/dormant-assets/partner/lookups",
            new { verificationId = _app.Verify(name, rrn), consentId, purpose = "휴면예금 조회 및 지급청구" }), HttpStatusCode.OK);
        var noConsent = await _app.Partner(partner).PostAsJsonAsync("/api/dormant-assets/partner/claims",
            new { verificationId = _app.Verify(name, rrn), consentId = "unknown", assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account });
        var claim = await JsonAsync(await _app.Partner(partner).PostAsJsonAsync("/api/dormant-assets/partner/claims",
            new { verificationId = _app.Verify(name, rrn), consentId, assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account }), HttpStatusCode.Created);
        var claimId = claim.GetProperty("id").GetGuid();
        var otherPartner = await _app.Partner(Unique("KAKAO")).GetAsync($"/api/dormant-assets/partner/claims/{claimId}");
        await JsonAsync(await _app.Officer("S5001").PostAsJsonAsync($"/api/dormant-assets/claims/{claimId}/review", new { note = "고액: 본인 명의 계좌 확인" }), HttpStatusCode.OK);
        var selfApproval = await _app.Officer("S5001").PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null);
        await JsonAsync(await _app.Officer("S5002").PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null), HttpStatusCode.OK);
        var status = await JsonAsync(await _app.Partner(partner).GetAsync($"/api/dormant-assets/partner/claims/{claimId}"), HttpStatusCode.OK);

        Assert.Equal(7_500_000, lookup.GetProperty("outstandingTotal").GetInt64());
        Assert.Equal("ConsentMustBeRecorded", await ErrorCodeAsync(noConsent, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("held", claim.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherPartner.StatusCode);
        Assert.Equal("self_approval_forbidden", await ErrorCodeAsync(selfApproval, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("paid", status.GetProperty("status").GetString());
        Assert.Equal(consentId, status.GetProperty("consentId").GetString());
        var audited = await _app.QueryAsync(db => db.Database.SqlQuery<string>($"SELECT reason AS \"Value\" FROM dormant.audit_log WHERE resource_type = 'DormantAssetLookup' AND subject = {_app.CustomerIdOf(rrn)}").ToListAsync());
        Assert.Contains(audited, r => r.Contains($"consent: {consentId}", StringComparison.Ordinal) && r.Contains("purpose: 휴면예금 조회 및 지급청구", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PartnerClaims_AboveTheHourlyVelocity_AreHeld()
    {
        var partner = Unique("FAST");
        var statuses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (name, rrn, assets) = await PersonWithAssetsAsync((10_000, "Deposit"));
            var account = await AccountOfAsync(name);
            var consentId = Unique("C");
            await JsonAsync(await _app.Partner(partner).PostAsJsonAsync("/api/dormant-assets/partner/lookups", new { verificationId = _app.Verify(name, rrn), consentId, purpose = "조회" }), HttpStatusCode.OK);
            var claim = await JsonAsync(await _app.Partner(partner).PostAsJsonAsync("/api/dormant-assets/partner/claims",
                new { verificationId = _app.Verify(name, rrn), consentId, assetId = assets[0], payeeBankCode = BankCode, payeeAccount = account }), HttpStatusCode.Created);
            statuses.Add(claim.GetProperty("status").GetString()!);
        }

        Assert.Equal(["paid", "paid", "paid", "held"], statuses);
        var monitoring = await JsonAsync(await _app.Officer("S5001").GetAsync("/api/dormant-assets/control/monitoring"), HttpStatusCode.OK);
        var volume = monitoring.GetProperty("partnersLast30Days").EnumerateArray().Single(p => p.GetProperty("partnerCode").GetString() == partner);
        Assert.Equal((4, 1, 3), (volume.GetProperty("claims").GetInt64(), volume.GetProperty("held").GetInt64(), volume.GetProperty("paid").GetInt64()));
        Assert.Contains(monitoring.GetProperty("holdReasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "PartnerVelocity");
    }

    [Fact]
    public async Task HeirClaim_Online_IsRefused_InPerson_NeedsDocuments()
    {
        var (_, _, assets) = await PersonWithAssetsAsync((500_000, "Deposit"));
        var account = await AccountOfAsync("고아들");

        var withoutDocuments = await _app.Officer("S5001").PostAsJsonAsync("/api/dormant-assets/claims/in-person",
            new { assetId = assets[0], claimant = "Heir", claimantName = "고아들", payeeBankCode = BankCode, payeeAccount = account, documents = Array.Empty<object>() });
        var withDocuments = await JsonAsync(await _app.Officer("S5001").PostAsJsonAsync("/api/dormant-assets/claims/in-person", new
        {
            assetId = assets[0], claimant = "Heir", claimantName = "고아들", payeeBankCode = BankCode, payeeAccount = account,
            documents = new[] { new { kind = "FamilyRelationCertificate", reference = "가족관계증명서 2026-77" }, new { kind = "DeathCertificate", reference = "2026-78" } },
        }), HttpStatusCode.Created);

        Assert.Equal("InPersonClaimNeedsDocuments", await ErrorCodeAsync(withoutDocuments, HttpStatusCode.UnprocessableEntity));
        Assert.Equal("held", withDocuments.GetProperty("status").GetString());
        Assert.Equal(2, withDocuments.GetProperty("documents").GetArrayLength());
    }
}
