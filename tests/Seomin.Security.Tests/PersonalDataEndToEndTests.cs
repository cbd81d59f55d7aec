using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Seomin.Messaging;
using Seomin.Security.Tests.Support;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.Testing;

namespace Seomin.Security.Tests;

public sealed partial class PersonalDataEndToEndTests(PlatformServers servers)
{
    [Fact]
    public async Task Post_WhenBodyCarriesRrn_NoPlaintextInLogsTracesResponsesOrTables()
    {
        await using var host = await TestHost.StartAsync(await servers.Postgres.CreateDatabaseAsync("security_leak_scan"));
        var rrn = TestRrn.Korean();

        using var created = await host.Client.PostAsJsonAsync("/people", new { name = "김철수", rrn, phone = "010-1234-5678" }, TestContext.Current.CancellationToken);
        var createdBody = await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var failed = await host.Client.PostAsJsonAsync("/people/careless", new { name = "김철수", rrn }, TestContext.Current.CancellationToken);
        var failedBody = await failed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(rrn[..6] + "-*******", createdBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains(host.Logs, line => line.Contains(RrnPattern.Mask, StringComparison.Ordinal));
        var texts = host.Logs.Select((line, i) => new KeyValuePair<string, string?>("log#" + i, line))
            .Concat(host.Spans.Select((span, i) => new KeyValuePair<string, string?>("span#" + i, span)))
            .Append(new("POST /people response", createdBody))
            .Append(new("POST /people/careless response", failedBody))
            .Append(new("people.person", await host.DumpAsync("people.person")))
            .Append(new("people.audit_log", await host.DumpAsync("people.audit_log")))
            .ToList();
        RrnLeakScanner.AssertNoLeaks(texts);
        Assert.DoesNotContain(texts, t => t.Value?.Contains(rrn[7..], StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Post_WhenEventPublished_OutboxRowAndDeliveredBodyCarryNoRrn()
    {
        await using var host = await TestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("security_leak_outbox"), await servers.RabbitMq.CreateVirtualHostAsync("security-leak-outbox"));
        var rrn = TestRrn.Korean();

        using var created = await host.Client.PostAsJsonAsync("/people", new { name = "박민수", rrn, phone = "010-2222-3333" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bodies = host.Services.GetRequiredService<DeliveredBodies>();
        await Probe.UntilAsync(() => Task.FromResult(!bodies.Bodies.IsEmpty), "the PersonRegistered event to be delivered through the outbox");
        var outbox = await host.DumpAsync("people.outbox_messages");
        Assert.Contains("test.person-registered", outbox, StringComparison.Ordinal);
        var texts = bodies.Bodies.Select((body, i) => new KeyValuePair<string, string?>("message#" + i, body))
            .Append(new("outbox", outbox))
            .Concat(host.Logs.Select((line, i) => new KeyValuePair<string, string?>("log#" + i, line)))
            .Concat(host.Spans.Select((span, i) => new KeyValuePair<string, string?>("span#" + i, span)))
            .ToList();
        RrnLeakScanner.AssertNoLeaks(texts);
        Assert.DoesNotContain(texts, t => t.Value?.Contains(rrn[7..], StringComparison.Ordinal) == true);
        var subject = JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("dataSubject").GetString()!;
        Assert.Contains(bodies.Bodies, b => b.Contains(subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_WhenRrnInvalid_Returns400NamingFieldWithoutEcho()
    {
        await using var host = await TestHost.StartAsync(await servers.Postgres.CreateDatabaseAsync("security_bad_rrn"));
        var back = "1" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.Client.PostAsJsonAsync("/people", new { name = "김철수", rrn = "901301-" + back }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("rrn", out _), body);
        Assert.DoesNotContain(back, body, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs, line => line.Contains(back, StringComparison.Ordinal));
        Assert.Equal(0L, await host.CountAsync("SELECT count(*) FROM people.person"));
    }

    [Fact]
    public async Task Get_WhenPersonReturned_FilterRecordsViewWithSubjectAndIgnoresAClientHeader()
    {
        await using var host = await TestHost.StartAsync(await servers.Postgres.CreateDatabaseAsync("security_read_audit"));
        using var created = await host.Client.PostAsJsonAsync("/people", new { name = "이영희", rrn = TestRrn.Korean() }, TestContext.Current.CancellationToken);
        var person = JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var id = person.GetProperty("id").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/people/{id}");
        // No token here: a header naming a client is not trusted (services validate tokens; the header is gone).
        request.Headers.Add("X-Seomin-Client-Id", "partner-fintech-a");

        using var read = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var missing = await host.Client.GetAsync($"/people/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await using var db = host.NewDbContext();
        var views = await db.AuditLog.Where(r => r.Action == AuditAction.View).ToListAsync(TestContext.Current.CancellationToken);
        var view = Assert.Single(views);
        Assert.Equal(person.GetProperty("dataSubject").GetString(), view.Subject?.Value);
        Assert.Equal("anonymous", view.Actor);
        Assert.Equal("Anonymous", view.ActorType);
        Assert.Null(view.Client);
        Assert.Equal("127.0.0.1", view.ClientIp);
        Assert.Equal(id, view.ResourceId);
        Assert.Equal("Person", view.ResourceType);
        Assert.True((await AuditChainVerifier.VerifyAsync(db, TestContext.Current.CancellationToken)).IsIntact);
    }

    internal sealed record CreatePersonRequest(string Name, ResidentRegistrationNumber Rrn, string? Phone);

    internal sealed record PersonResponse(Guid Id, string Name, ResidentRegistrationNumber Rrn, string? Phone, CustomerId DataSubject) : IHasDataSubject
    {
        public static PersonResponse From(Person p) => new(p.Id, Masking.Name(p.Name), p.Rrn, p.Phone is null ? null : Masking.Phone(p.Phone), p.CustomerId);
    }

    private static async Task<Created<PersonResponse>> CreatePerson(
        CreatePersonRequest request, HttpContext http, PeopleDbContext db, IBlindIndex index, ICustomerIdFactory customers, IAuditTrail audit, ILogger<PersonalDataEndToEndTests> logger)
    {
        var person = new Person
        {
            Name = request.Name,
            Rrn = request.Rrn,
            RrnIndex = index.Compute(request.Rrn),
            CustomerId = customers.Create(request.Rrn),
            Phone = request.Phone,
        };
        db.People.Add(person);
        audit.Record(new AuditEntry(AuditAction.Create, "Person", person.Id.ToString()) { Subject = person.CustomerId, Changes = AuditChanges.Of(db.Entry(person)) });
        http.RequestServices.GetService<IOutbox>()?.Publish(new PersonRegistered { EventId = MessageIds.NewId(), CustomerId = person.CustomerId.Value, MaskedName = Masking.Name(person.Name) });
        await db.SaveChangesAsync();
        LogCreated(logger, person.CustomerId, request.Rrn);
        return TypedResults.Created($"/people/{person.Id}", PersonResponse.From(person));
    }

    // Deliberately careless code: the redaction must catch what a developer should never have logged.
    private static IResult CarelessHandler(JsonElement body, ILogger<PersonalDataEndToEndTests> logger)
    {
        var raw = body.GetRawText();
        using (logger.BeginScope("request {Raw}", raw))
        {
            LogCarelessBody(logger, raw);
        }

        throw new InvalidOperationException("Could not process applicant " + body.GetProperty("rrn").GetString());
    }

    private static async Task<Results<Ok<PersonResponse>, NotFound>> GetPerson(Guid id, PeopleDbContext db)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
        return person is null ? TypedResults.NotFound() : TypedResults.Ok(PersonResponse.From(person));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Person {CustomerId} created from {Rrn}")]
    private static partial void LogCreated(ILogger logger, CustomerId customerId, ResidentRegistrationNumber rrn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Careless body dump {Body}")]
    private static partial void LogCarelessBody(ILogger logger, string body);

    private sealed class TestHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ActivityListener _listener;
        private readonly string _connectionString;
        private readonly CapturingLoggerProvider _logs;
        private readonly ConcurrentQueue<string> _spans;

        private TestHost(WebApplication app, ActivityListener listener, string connectionString, CapturingLoggerProvider logs, ConcurrentQueue<string> spans, HttpClient client)
        {
            _app = app;
            _listener = listener;
            _connectionString = connectionString;
            _logs = logs;
            _spans = spans;
            Client = client;
        }

        public HttpClient Client { get; }

        public IReadOnlyList<string> Logs => [.. _logs.Records];

        public IReadOnlyList<string> Spans => [.. _spans];

        public IServiceProvider Services => _app.Services;

        public static async Task<TestHost> StartAsync(string connectionString, string? amqpUri = null)
        {
            var spans = new ConcurrentQueue<string>();
            var listener = new ActivityListener
            {
                ShouldListenTo = _ => true,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => spans.Enqueue(a.DisplayName + " " + string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                    + " " + string.Join(" ", a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))),
            };
            ActivitySource.AddActivityListener(listener);

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = "Seomin.Security.Tests" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var keys = KeyFile.From(KeyRing.Generate("e2e"));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seomin:Security:Keys:Active"] = keys.Active,
                ["Seomin:Security:Keys:Encryption:e2e"] = keys.Encryption["e2e"],
                ["Seomin:Security:Keys:CustomerId"] = keys.CustomerId,
                ["Seomin:Security:Keys:BlindIndex"] = keys.BlindIndex,
            });
            var logs = new CapturingLoggerProvider();
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            builder.AddServiceDefaults();
            builder.AddPersonalDataProtection();
            builder.Services.AddDbContext<PeopleDbContext>((sp, options) => options.UseNpgsql(connectionString).UseFieldEncryption(sp));
            builder.Services.AddAuditTrail<PeopleDbContext>();
            if (amqpUri is not null)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:messaging"] = amqpUri,
                    ["Messaging:RelayPollInterval"] = "00:00:00.100",
                });
                builder.Services.AddSingleton<DeliveredBodies>();
                builder.AddMessaging<PeopleDbContext>(m => m.AddContracts(typeof(PersonRegistered).Assembly).AddConsumer<PersonRegisteredConsumer>());
            }

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapPost("/people", CreatePerson);
            app.MapPost("/people/careless", CarelessHandler);
            app.MapGet("/people/{id:guid}", GetPerson).AuditsPersonalDataRead("Person");

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PeopleDbContext>();
                await db.Database.EnsureCreatedAsync();
                await AuditTrailSql.InstallAsync(db);
            }

            await app.StartAsync();
            if (amqpUri is not null)
            {
                // The bus starts in the background; an event relayed before the queue is bound would be lost.
                var health = app.Services.GetRequiredService<HealthCheckService>();
                await Probe.UntilAsync(
                    async () => (await health.CheckHealthAsync(c => c.Name == MessagingServiceCollectionExtensions.HealthCheckName)).Status == HealthStatus.Healthy,
                    "the bus to be ready");
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TestHost(app, listener, connectionString, logs, spans, new HttpClient { BaseAddress = new Uri(address) });
        }

        public PeopleDbContext NewDbContext() =>
            new(new DbContextOptionsBuilder<PeopleDbContext>().UseNpgsql(_connectionString).UseFieldEncryption(_app.Services.GetRequiredService<IFieldCipher>()).Options);

        public async Task<string> DumpAsync(string table)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        public async Task<long> CountAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _listener.Dispose();
        }
    }
}

/// <summary>A test integration event: a pseudonymous id and a masked name, never the number.</summary>
[Seomin.Contracts.MessageName("test.person-registered")]
public sealed record PersonRegistered
{
    public required Guid EventId { get; init; }

    public required string CustomerId { get; init; }

    public required string MaskedName { get; init; }
}

/// <summary>The raw bodies as they crossed the broker.</summary>
public sealed class DeliveredBodies
{
    public ConcurrentQueue<string> Bodies { get; } = new();
}

public sealed class PersonRegisteredConsumer(DeliveredBodies bodies) : IConsumer<PersonRegistered>
{
    public Task Consume(ConsumeContext<PersonRegistered> context)
    {
        bodies.Bodies.Enqueue(System.Text.Encoding.UTF8.GetString(context.ReceiveContext.Body.GetBytes()));
        return Task.CompletedTask;
    }
}
