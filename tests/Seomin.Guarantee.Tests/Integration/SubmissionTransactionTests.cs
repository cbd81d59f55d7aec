using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.Testing;
using static Seomin.Guarantee.Tests.Integration.WorkerSunshineApplications;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>
/// The submission's transaction (issue 19, figure 1): one transaction, no savepoint round trip between the
/// batch that takes the audit-chain lock and the fund's capacity row and the COMMIT that releases them, and
/// every row of an automatic approval written in it.
/// </summary>
public sealed class SubmissionTransactionTests(PlatformServers servers)
{
    [Fact]
    public async Task Submission_WhenApprovedAutomatically_WritesEveryRowInOneTransactionWithoutASavepoint()
    {
        var recorder = new TransactionRecorder();
        await using var plain = await GuaranteeApiFactory.StartAsync(servers, "gt_submission_tx");
        await using var api = plain.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<GuaranteeDbContext>(options => options.AddInterceptors(recorder))));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = plain.CreateClient().DefaultRequestHeaders.Authorization;
        _ = api.Server;
        recorder.Clear();

        using var response = await client.PostAsJsonAsync("/api/guarantees/applications", Application(SyntheticRrn.Adult(30)));
        var view = await response.ReadAsync<ApplicationView>(HttpStatusCode.Created);

        Assert.Equal(ApplicationStatus.Approved, view.Status);
        Assert.Equal(["begin", "commit"], recorder.Events);
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
        Assert.Equal(1, await db.Applications.CountAsync(a => a.Id == view.Id));
        Assert.Equal(1, await db.ApplicantIdentities.CountAsync(i => i.ApplicationId == view.Id && i.CustomerId == view.CustomerId));
        var guarantee = await db.Guarantees.SingleAsync(g => g.ApplicationId == view.Id);
        Assert.Equal(view.GuaranteeId, guarantee.Id);
        Assert.Equal(9_000_000, guarantee.GuaranteedAmount); // 근로자햇살론 guarantees 90% of ₩10,000,000
        var outbox = await db.Set<OutboxMessage>().Where(m => m.Body.Contains(view.Id.ToString())).Select(m => new { m.MessageType, m.TransactionId }).ToListAsync();
        Assert.Equal(["guarantee.application-decided", "guarantee.application-submitted"], outbox.Select(m => m.MessageType).Order());
        Assert.Single(outbox.Select(m => m.TransactionId).Distinct());
        var audit = await db.Set<AuditLogEntry>().SingleAsync(e => e.ResourceId == view.Id.ToString());
        Assert.Equal(AuditAction.Create, audit.Action);
        Assert.True((await AuditChainVerifier.VerifyAsync(db)).IsIntact);
    }

    [Fact]
    public async Task Submission_WhenTheCapacityTriggerRefusesEveryAttempt_RollsEachBackAndWritesNothing()
    {
        // Screening passes (the fund's balance × 10 leaves room), but the ledger row's limit is lowered under the
        // service to ₩5,000,000: the trigger refuses the ₩9,000,000 guarantee at insert, three attempts in a row.
        var recorder = new TransactionRecorder();
        await using var plain = await GuaranteeApiFactory.StartAsync(servers, "gt_submission_refused");
        await using var api = plain.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<GuaranteeDbContext>(options => options.AddInterceptors(recorder))));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = plain.CreateClient().DefaultRequestHeaders.Authorization;
        _ = api.Server;
        using (var setup = api.Services.CreateScope())
        {
            await setup.ServiceProvider.GetRequiredService<GuaranteeDbContext>().Database
                .ExecuteSqlRawAsync("UPDATE guarantee.fund_capacity SET limit_guaranteed = 5000000 WHERE fund_code = 'KINFA-SUPPLEMENTARY'");
        }

        recorder.Clear();

        using var response = await client.PostAsJsonAsync("/api/guarantees/applications", Application(SyntheticRrn.Adult(30)));
        var body = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("GuaranteesMustStayWithinOperatingMultiple", body, StringComparison.Ordinal);
        Assert.Equal(["begin", "rollback", "begin", "rollback", "begin", "rollback"], recorder.Events.Where(e => e != "commit"));
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
        Assert.Equal(0, await db.Applications.CountAsync());
        Assert.Equal(0, await db.ApplicantIdentities.CountAsync());
        Assert.Equal(0, await db.Guarantees.CountAsync());
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync());
        Assert.Equal(0, await db.Set<AuditLogEntry>().CountAsync(e => e.ResourceType == "GuaranteeApplication"));
        Assert.Equal(0, await db.Database
            .SqlQuery<long>($"SELECT outstanding_guaranteed AS \"Value\" FROM guarantee.fund_capacity WHERE fund_code = 'KINFA-SUPPLEMENTARY'").SingleAsync());
    }

    /// <summary>Records the EF transaction operations of the service's contexts.</summary>
    private sealed class TransactionRecorder : DbTransactionInterceptor
    {
        private readonly List<string> _events = [];

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Clear()
        {
            lock (_events)
            {
                _events.Clear();
            }
        }

        private void Add(string name)
        {
            lock (_events)
            {
                _events.Add(name);
            }
        }

        public override ValueTask<DbTransaction> TransactionStartedAsync(
            DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            Add("begin");
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Add("savepoint");
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> ReleasingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Add("release savepoint");
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Add("commit");
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> TransactionRollingBackAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Add("rollback");
            return ValueTask.FromResult(result);
        }
    }
}
