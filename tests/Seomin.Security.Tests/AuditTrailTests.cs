using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Security.Tests.Support;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.Testing;

namespace Seomin.Security.Tests;

public sealed class AuditTrailTests(PlatformServers servers)
{
    private readonly KeyRing _ring = TestKeys.Ring;
    private readonly FixedAuditActorAccessor _actor = new(new AuditActor("staff-7", "User", "10.0.0.5"));

    [Fact]
    public async Task Record_WhenChangeCommitted_RowHasSubjectActorAndBeforeAfter()
    {
        await using var db = await NewDatabaseAsync("audit_change");
        var person = NewPerson("010-1234-5678");
        db.People.Add(person);
        var audit = new DbContextAuditTrail(db, _actor, TimeProvider.System);
        audit.Record(new AuditEntry(AuditAction.Create, "Person", person.Id.ToString()) { Subject = person.CustomerId, Changes = AuditChanges.Of(db.Entry(person)) });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        person.Phone = "010-9999-0000";
        db.ChangeTracker.DetectChanges();
        audit.Record(new AuditEntry(AuditAction.Change, "Person", person.Id.ToString())
        {
            Subject = person.CustomerId,
            Changes = AuditChanges.Of(db.Entry(person), (field, value) => field == nameof(Person.Phone) ? Masking.Phone((string?)value) : value?.ToString()),
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        db.ChangeTracker.Clear();
        var rows = await db.AuditLog.OrderBy(r => r.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(person.CustomerId, r.Subject));
        Assert.All(rows, r => Assert.Equal("staff-7", r.Actor));
        Assert.All(rows, r => Assert.Equal("10.0.0.5", r.ClientIp));
        var created = JsonDocument.Parse(rows[0].Changes!).RootElement;
        Assert.Equal(AuditChanges.EncryptedValue, created.GetProperty("Rrn").GetProperty("after").GetString());
        Assert.Equal(AuditChanges.EncryptedValue, created.GetProperty("Name").GetProperty("after").GetString());
        var changed = JsonDocument.Parse(rows[1].Changes!).RootElement;
        Assert.Equal(AuditAction.Change, rows[1].Action);
        Assert.Equal("010-****-5678", changed.GetProperty("Phone").GetProperty("before").GetString());
        Assert.Equal("010-****-0000", changed.GetProperty("Phone").GetProperty("after").GetString());
        Assert.False(changed.TryGetProperty("Name", out _));
        Assert.False(RrnPattern.ContainsRrn(rows[0].Changes));
    }

    [Fact]
    public async Task Record_WhenTheActorNamesAClient_StoresItAndTheChainVerifiesWithAndWithoutIt()
    {
        await using var db = await NewDatabaseAsync("audit_client");
        var person = new FixedAuditActorAccessor(new AuditActor("E1001", "User", "10.0.0.5", "seomin-staff"));
        var job = new FixedAuditActorAccessor(new AuditActor("job:guarantee-lapse", "System", null));

        await new DbContextAuditTrail(db, job, TimeProvider.System).RecordNowAsync(new AuditEntry(AuditAction.Change, "Guarantee", "g-0"), TestContext.Current.CancellationToken);
        await new DbContextAuditTrail(db, person, TimeProvider.System).RecordNowAsync(new AuditEntry(AuditAction.Change, "Guarantee", "g-1"), TestContext.Current.CancellationToken);
        await new DbContextAuditTrail(db, job, TimeProvider.System).RecordNowAsync(new AuditEntry(AuditAction.Change, "Guarantee", "g-2"), TestContext.Current.CancellationToken);

        var rows = await db.AuditLog.AsNoTracking().OrderBy(r => r.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([null, "seomin-staff", null], rows.Select(r => r.Client));
        Assert.Equal("E1001", rows[1].Actor);
        Assert.True((await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken)).IsIntact);
        var withoutClient = rows[1];
        withoutClient.Client = null;
        Assert.NotEqual(withoutClient.Hash, AuditChainVerifier.ComputeHash(withoutClient));
    }

    [Fact]
    public async Task RecordNow_WhenRead_WritesViewRowWithoutSavingOtherPendingChanges()
    {
        await using var db = await NewDatabaseAsync("audit_view");
        var person = NewPerson(null);
        var audit = new DbContextAuditTrail(db, _actor, TimeProvider.System);
        db.People.Add(person);

        await audit.RecordNowAsync(new AuditEntry(AuditAction.View, "Person", "p-1") { Subject = person.CustomerId }, TestContext.Current.CancellationToken);

        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM people.audit_log WHERE action = 'View'"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM people.person"));
    }

    [Fact]
    public void Record_WhenUnmaskWithoutReason_Throws()
    {
        using var db = PeopleDbContext.Create("Host=127.0.0.1", TestKeys.Cipher);
        var audit = new DbContextAuditTrail(db, _actor, TimeProvider.System);

        Assert.Throws<ArgumentException>(() => audit.Record(new AuditEntry(AuditAction.Download, "Report")));
    }

    [Theory]
    [InlineData("UPDATE people.audit_log SET actor = 'someone-else'")]
    [InlineData("DELETE FROM people.audit_log")]
    [InlineData("TRUNCATE people.audit_log")]
    public async Task Sql_WhenUpdateDeleteOrTruncate_TriggerRefuses(string sql)
    {
        await using var db = await NewDatabaseAsync("audit_refuse");
        var audit = new DbContextAuditTrail(db, _actor, TimeProvider.System);
        await audit.RecordNowAsync(new AuditEntry(AuditAction.View, "Person", "p-1"), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken));

        Assert.Contains(AuditTrailSql.RefusalMessage, error.MessageText, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM people.audit_log WHERE actor = 'staff-7'"));
    }

    [Fact]
    public async Task Verify_WhenUntouched_ChainIsIntact()
    {
        await using var db = await NewDatabaseAsync("audit_chain_ok");
        await RecordManyAsync(db, 25);

        var result = await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken);

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(25, result.RowsVerified);
    }

    [Fact]
    public async Task Verify_WhenRowEditedBySuperuser_ReportsThatRow()
    {
        await using var db = await NewDatabaseAsync("audit_chain_edit");
        await RecordManyAsync(db, 10);
        var target = await db.AuditLog.OrderBy(r => r.Id).Skip(4).Select(r => r.Id).FirstAsync(TestContext.Current.CancellationToken);

        await TamperAsync(db, $"UPDATE people.audit_log SET reason = 'nothing to see' WHERE id = {target}");

        var result = await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken);
        Assert.False(result.IsIntact);
        Assert.Equal(target, result.FirstBrokenRow!.Id);
        Assert.Equal(4, result.RowsVerified);
    }

    [Fact]
    public async Task Verify_WhenRowDeletedBySuperuser_ReportsTheNextRow()
    {
        await using var db = await NewDatabaseAsync("audit_chain_delete");
        await RecordManyAsync(db, 6);
        var ids = await db.AuditLog.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(TestContext.Current.CancellationToken);

        await TamperAsync(db, $"DELETE FROM people.audit_log WHERE id = {ids[2]}");

        var result = await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken);
        Assert.Equal(ids[3], result.FirstBrokenRow!.Id);
    }

    [Fact]
    public async Task Install_WhenRunAgain_SealIsStaticSqlAndTheChainContinues()
    {
        await using var db = await NewDatabaseAsync("audit_reinstall");
        await RecordManyAsync(db, 5);

        // A migration runs the same SQL again on a live table: the chain goes on from the last row.
        await AuditTrailSql.InstallAsync(db, TestContext.Current.CancellationToken);
        await RecordManyAsync(db, 5);

        var body = await db.Database.SqlQueryRaw<string>(
            "SELECT prosrc AS \"Value\" FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'people' AND p.proname = 'audit_log_seal'")
            .SingleAsync(TestContext.Current.CancellationToken);
        // No dynamic SQL is planned per row: the table, its sequence and the lock key are constants in the body.
        Assert.DoesNotContain("EXECUTE", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("people.audit_log", body, StringComparison.Ordinal);
        Assert.Contains("'people.audit_log_id_seq'::regclass", body, StringComparison.Ordinal);
        Assert.Contains($"pg_advisory_xact_lock({await ScalarAsync(db, "SELECT hashtext('people.audit_log')::bigint")})", body, StringComparison.Ordinal);
        var result = await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken);
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(10, result.RowsVerified);
    }

    [Fact]
    public async Task Record_WhenManyWritersConcurrently_ChainStaysLinear()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("audit_concurrent");
        await using (var setup = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher))
        {
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            await using var db = PeopleDbContext.Create(connectionString, TestKeys.Cipher);
            var audit = new DbContextAuditTrail(db, new FixedAuditActorAccessor(new AuditActor("writer-" + writer, "User", null)), TimeProvider.System);
            for (var i = 0; i < 10; i++)
            {
                audit.Record(new AuditEntry(AuditAction.View, "Person", $"{writer}-{i}"));
                audit.Record(new AuditEntry(AuditAction.Export, "Person", $"{writer}-{i}") { Reason = "monthly report" });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }));

        await using var verify = PeopleDbContext.Create(connectionString, TestKeys.Cipher);
        var result = await AuditChainVerifier.VerifyAsync(verify, TestContext.Current.CancellationToken);
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(160, result.RowsVerified);
    }

    private async Task<PeopleDbContext> NewDatabaseAsync(string prefix) =>
        await PeopleDbContext.CreateDatabaseAsync(await servers.Postgres.CreateDatabaseAsync(prefix), TestKeys.Cipher);

    private async Task RecordManyAsync(PeopleDbContext db, int count)
    {
        var audit = new DbContextAuditTrail(db, _actor, TimeProvider.System);
        for (var i = 0; i < count; i++)
        {
            audit.Record(new AuditEntry(i % 3 == 0 ? AuditAction.Change : AuditAction.View, "Person", "p-" + i)
            {
                Subject = NewPerson(null).CustomerId,
                Changes = i % 3 == 0 ? [new AuditFieldChange("Phone", "010-****-1111", "010-****-2222"), new AuditFieldChange("Memo", "\"quoted\" 한글 ✓", null)] : [],
            });
            if (i % 4 == 0)
            {
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    // A superuser can switch the triggers off; the hash chain is what still tells.
    private static async Task TamperAsync(PeopleDbContext db, string sql)
    {
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE people.audit_log DISABLE TRIGGER USER", TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE people.audit_log ENABLE TRIGGER USER", TestContext.Current.CancellationToken);
    }

    private static async Task<long> ScalarAsync(PeopleDbContext db, string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Person NewPerson(string? phone)
    {
        var rrn = ResidentRegistrationNumber.Parse(TestRrn.Korean());
        return new Person
        {
            Name = "김철수",
            Rrn = rrn,
            RrnIndex = new HmacBlindIndex(_ring).Compute(rrn),
            CustomerId = new HmacCustomerIdFactory(_ring).Create(rrn),
            Phone = phone,
        };
    }
}
