using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Security.Tests.Support;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.Security.Tests;

public sealed class EncryptedColumnTests(PlatformServers servers)
{
    private readonly KeyRing _ring = TestKeys.Ring;

    [Fact]
    public async Task SaveChanges_WhenRrnAndNameEncrypted_StoredColumnsAreCiphertext()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("security_encrypted");
        var text = TestRrn.Korean();
        var person = NewPerson(text, "김철수");
        await using (var db = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher))
        {
            db.People.Add(person);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (rrnColumn, nameColumn) = await ReadRawAsync(connectionString, person.Id);

        Assert.StartsWith("sm1:k1:", rrnColumn, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Replace("-", string.Empty, StringComparison.Ordinal), rrnColumn, StringComparison.Ordinal);
        Assert.False(RrnPattern.ContainsRrn(rrnColumn));
        Assert.StartsWith("sm1:k1:", nameColumn, StringComparison.Ordinal);
        Assert.DoesNotContain("철수", nameColumn, StringComparison.Ordinal);
        await using var read = PeopleDbContext.Create(connectionString, TestKeys.Cipher);
        var loaded = await read.People.SingleAsync(p => p.Id == person.Id, TestContext.Current.CancellationToken);
        Assert.Equal(ResidentRegistrationNumber.Parse(text), loaded.Rrn);
        Assert.Equal("김철수", loaded.Name);
    }

    [Fact]
    public async Task Query_WhenKeyRotated_ReadsOldRowsAndWritesNewKey()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("security_rotation");
        var before = NewPerson(TestRrn.Korean(), "이영희");
        await using (var db = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher))
        {
            db.People.Add(before);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var rotated = TestKeys.RotatedCipher;
        var after = NewPerson(TestRrn.Korean(), "박민수");
        await using (var db = PeopleDbContext.Create(connectionString, rotated))
        {
            db.People.Add(after);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = PeopleDbContext.Create(connectionString, rotated);
        var names = await read.People.Select(p => p.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("이영희", names);
        Assert.Contains("박민수", names);
        Assert.StartsWith("sm1:k1:", (await ReadRawAsync(connectionString, before.Id)).Rrn, StringComparison.Ordinal);
        Assert.StartsWith("sm1:k2:", (await ReadRawAsync(connectionString, after.Id)).Rrn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_WhenStoredCiphertextTampered_Throws()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("security_tamper");
        var person = NewPerson(TestRrn.Korean(), "최지우");
        await using (var db = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher))
        {
            db.People.Add(person);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (rrn, _) = await ReadRawAsync(connectionString, person.Id);
        var payload = Convert.FromBase64String(rrn[7..]);
        payload[20] ^= 0x40;
        await ExecuteAsync(connectionString, "UPDATE people.person SET rrn = @v WHERE \"Id\" = @id", ("v", "sm1:k1:" + Convert.ToBase64String(payload)), ("id", person.Id));

        await using var read = PeopleDbContext.Create(connectionString, TestKeys.Cipher);
        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(
            () => read.People.SingleAsync(p => p.Id == person.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Lookup_WhenByBlindIndex_FindsThePerson()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("security_blind_index");
        var index = new HmacBlindIndex(_ring);
        var target = TestRrn.Korean();
        await using var db = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher);
        for (var i = 0; i < 50; i++)
        {
            db.People.Add(NewPerson(TestRrn.Korean(new Random(i), 1960 + i), "사람" + i));
        }

        db.People.Add(NewPerson(target, "홍길동"));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.ChangeTracker.Clear();

        var key = index.Compute(ResidentRegistrationNumber.Parse(target.Replace("-", string.Empty, StringComparison.Ordinal)));
        var found = await db.People.SingleAsync(p => p.RrnIndex == key, TestContext.Current.CancellationToken);

        Assert.Equal("홍길동", found.Name);
        Assert.Equal(ResidentRegistrationNumber.Parse(target), found.Rrn);
    }

    [Fact]
    public async Task SaveChanges_WhenContextLacksUseFieldEncryption_RefusesInsteadOfStoringPlaintext()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("security_no_cipher");
        await using (var setup = await PeopleDbContext.CreateDatabaseAsync(connectionString, TestKeys.Cipher))
        {
        }

        await using var db = new PeopleDbContext(new DbContextOptionsBuilder<PeopleDbContext>().UseNpgsql(connectionString).Options);
        db.People.Add(NewPerson(TestRrn.Korean(), "김수"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.Contains("UseFieldEncryption", (error.InnerException ?? error).Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(connectionString, "SELECT count(*) FROM people.person"));
    }

    private Person NewPerson(string rrnText, string name)
    {
        var rrn = ResidentRegistrationNumber.Parse(rrnText);
        return new Person
        {
            Name = name,
            Rrn = rrn,
            RrnIndex = new HmacBlindIndex(_ring).Compute(rrn),
            CustomerId = new HmacCustomerIdFactory(_ring).Create(rrn),
        };
    }

    private static async Task<(string Rrn, string Name)> ReadRawAsync(string connectionString, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rrn, name FROM people.person WHERE \"Id\" = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
