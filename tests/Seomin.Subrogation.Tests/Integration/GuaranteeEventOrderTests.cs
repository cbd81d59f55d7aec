using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.Subrogation.Domain.Reports;
using Seomin.Testing;
using static Seomin.Subrogation.Tests.Integration.Scenario;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>
/// Guarantee events reach the projection in any order (separate queues, retries, redelivery): the accident book ends
/// with the movements the business history implies. Each event is consumed (its inbox row committed) before the next
/// is published, so the arrival order is the one the case names. The cases share one service (started once for the
/// class; xUnit runs a class's cases one after another): each has its own guarantee, and the fund-wide accident book
/// is asserted as what the case added to it (the report after the case minus the report before).
/// </summary>
public sealed class GuaranteeEventOrderTests(PlatformServers servers, SharedPerClass<SubrogationApp> shared) : IAsyncLifetime, IClassFixture<SharedPerClass<SubrogationApp>>
{
    // The business history (ratio 90%): first accident 2026-07-31 on 10,000,000 (9,000,000 guaranteed), cured
    // 2026-10-01 01:00 in Seoul, a second accident 2026-11-01 on 6,000,000 (5,400,000 guaranteed).
    private static readonly DateTimeOffset FirstAccidentAt = new(2026, 8, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CuredAt = new(2026, 9, 30, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondAccidentAt = new(2026, 11, 2, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly From = new(2026, 7, 1);
    private static readonly DateOnly To = new(2026, 11, 30);

    private SubrogationApp _app = null!;
    private JsonElement _bookBefore;

    public async ValueTask InitializeAsync()
    {
        _app = await shared.GetAsync(() => SubrogationApp.StartAsync(servers, "subrogation-order"));
        _bookBefore = await ReportedAccidentBookAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// I = issued, A = the accident, C = its cure, R = the accident re-published under a new message id (same event),
    /// P = a repeated report of the same accident a day later (a new event, no cure between: the same accident).
    /// </summary>
    [Theory]
    [InlineData("I A C")]
    [InlineData("I C A")] // the replay's finding: the cure consumed before its accident
    [InlineData("A I C")]
    [InlineData("A C I")]
    [InlineData("C I A")]
    [InlineData("C A I")]
    [InlineData("I A C R")]
    [InlineData("I C A R")]
    [InlineData("I C R A")]
    [InlineData("I A P C")] // failed before: the repeated report booked a second New
    [InlineData("I C P A")]
    [InlineData("P C A I")]
    public async Task One_accident_and_its_cure_book_new_and_normalised_once_whatever_the_order(string order)
    {
        var g = new History(_app);
        foreach (var step in order.Split(' '))
        {
            await g.ConsumedAsync(step);
        }

        // A repeated report (P) is the same accident: its New is keyed by whichever report of it was booked first.
        var book = await g.BookAsync();
        Assert.Equal(
            [(Movement.New, new DateOnly(2026, 7, 31), 9_000_000L), (Movement.Normalised, new DateOnly(2026, 10, 1), 9_000_000L)],
            book.Select(m => (m.Item1, m.Item2, m.Item3)));
        Assert.Contains(book[0].Item4, new[] { g.Accident, g.RepeatedReport });
        Assert.Equal(g.Cure, book[1].Item4);
        var accident = await AccidentBookAsync();
        Assert.Equal((1, 9_000_000), Tally(accident, "new"));
        Assert.Equal((1, 9_000_000), Tally(accident, "normalised"));
        Assert.Equal(0, accident.ClosingCount);
        Assert.Equal(0, accident.ClosingWon);
    }

    /// <summary>B = a second accident after the cure. A late first accident (occurred before the cure) is told from a second one (after it) by occurred-at.</summary>
    [Theory]
    [InlineData("I A C B")]
    [InlineData("I B C A")] // failed before (as every order below but "I A C B"): the first accident dropped as older, or the cure not booked
    [InlineData("I C B A")]
    [InlineData("I B A C")]
    [InlineData("I A B C")]
    [InlineData("B C A I")]
    [InlineData("C B I A")]
    [InlineData("I A C B R")]
    public async Task A_second_accident_after_the_cure_stays_open_and_the_first_is_normalised(string order)
    {
        var g = new History(_app);
        foreach (var step in order.Split(' '))
        {
            await g.ConsumedAsync(step);
        }

        var book = await g.BookAsync();
        Assert.Equal(
            [
                (Movement.New, new DateOnly(2026, 7, 31), 9_000_000L, g.Accident),
                (Movement.Normalised, new DateOnly(2026, 10, 1), 9_000_000L, g.Cure),
                (Movement.New, new DateOnly(2026, 11, 1), 5_400_000L, g.SecondAccident),
            ],
            book);
        var accident = await AccidentBookAsync();
        Assert.Equal((2, 14_400_000), Tally(accident, "new"));
        Assert.Equal((1, 9_000_000), Tally(accident, "normalised"));
        Assert.Equal(1, accident.ClosingCount);
        Assert.Equal(5_400_000, accident.ClosingWon);
        var cover = await _app.QueryAsync(db => db.Guarantees.AsNoTracking().SingleAsync(x => x.GuaranteeId == g.Id));
        Assert.True(cover.InAccident);
        Assert.Equal(new DateOnly(2026, 11, 1), cover.AccidentOn);
    }

    /// <summary>
    /// Accidents and cures of many guarantees published together: consumed side by side, none loses its normalisation
    /// (the old consumer passed this too, through the projection row's xmin and the endpoint's retries; the advisory
    /// lock now serialises one guarantee's events outright).
    /// </summary>
    [Fact]
    public async Task An_accident_and_its_cure_consumed_side_by_side_are_both_booked()
    {
        var histories = Enumerable.Range(0, 12).Select(_ => new History(_app)).ToList();
        foreach (var h in histories)
        {
            await h.ConsumedAsync("I");
        }

        await Task.WhenAll(histories.SelectMany(h => new[] { h.PublishAsync("C"), h.PublishAsync("A") }));
        var messages = histories.SelectMany(h => new[] { h.Accident, h.Cure }).ToList();
        await Probe.UntilAsync(
            async () => await _app.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => messages.Contains(m.MessageId))) == messages.Count,
            "every accident and cure consumed", TimeSpan.FromSeconds(180));
        var accident = await AccidentBookAsync();
        Assert.Equal((12, 12 * 9_000_000), Tally(accident, "new"));
        Assert.Equal((12, 12 * 9_000_000), Tally(accident, "normalised"));
        Assert.Equal(0, accident.ClosingCount);
    }

    /// <summary>What this case added to the fund's accident book: per movement and for the closing balance, the report now minus the report before the case.</summary>
    private async Task<AccidentBookChange> AccidentBookAsync() => new(_bookBefore, await ReportedAccidentBookAsync());

    private async Task<JsonElement> ReportedAccidentBookAsync()
    {
        var report = await JsonAsync(
            await _app.Officer("S3001").GetAsync($"/api/subrogation/reports/roll-forward?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&fundCode={FundCodes.KinfaSupplementary}"),
            HttpStatusCode.OK);
        return report.GetProperty("books").EnumerateArray().Single(b => b.GetProperty("category").GetString() == "accident");
    }

    private static (long Count, long Won) Tally(AccidentBookChange book, string movement)
    {
        var (count, won) = Tally(book.After, movement);
        var (countBefore, wonBefore) = Tally(book.Before, movement);
        return (count - countBefore, won - wonBefore);
    }

    private static (long Count, long Won) Tally(JsonElement book, string movement)
    {
        var tally = book.GetProperty("movements").EnumerateObject().Where(p => string.Equals(p.Name, movement, StringComparison.OrdinalIgnoreCase)).ToList();
        return (tally.Sum(p => p.Value.GetProperty("count").GetInt64()), tally.Sum(p => p.Value.GetProperty("won").GetInt64()));
    }

    private sealed record AccidentBookChange(JsonElement Before, JsonElement After)
    {
        public long ClosingCount => Closing(After, "count") - Closing(Before, "count");

        public long ClosingWon => Closing(After, "won") - Closing(Before, "won");

        private static long Closing(JsonElement book, string field) => book.GetProperty("closing").GetProperty(field).GetInt64();
    }

    /// <summary>One guarantee's events, published as the guarantee service's relay would (message id = event id unless re-published).</summary>
    private sealed class History(SubrogationApp app)
    {
        public Guid Id { get; } = Guid.CreateVersion7();

        public string Customer { get; } = "C" + Guid.NewGuid().ToString("N")[..20];

        public Guid Accident { get; } = MessageIds.NewId();

        public Guid Cure { get; } = MessageIds.NewId();

        public Guid SecondAccident { get; } = MessageIds.NewId();

        public Guid RepeatedReport { get; } = MessageIds.NewId();

        /// <summary>Publishes <paramref name="step"/> and waits until the projection has consumed it (its inbox row is committed with its changes).</summary>
        public async Task ConsumedAsync(string step)
        {
            var messageId = await PublishAsync(step);
            await Probe.UntilAsync(
                () => app.QueryAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId)), $"{step} consumed", TimeSpan.FromSeconds(60));
        }

        public async Task<Guid> PublishAsync(string step)
        {
            var messageId = step == "R" ? MessageIds.NewId() : EventIdOf(step);
            var published = step switch
            {
                "I" => Publish(new GuaranteeIssued
                {
                    EventId = messageId, GuaranteeId = Id, ApplicationId = Guid.NewGuid(), CertificateNumber = "CERT-" + Id.ToString("N")[..8],
                    CustomerId = Customer, ProductCode = "WORKER_SUNSHINE", LenderCode = "NH", GuaranteedAmount = 18_000_000, GuaranteeRatio = 0.9m,
                    StartDate = new DateOnly(2025, 12, 1), EndDate = new DateOnly(2030, 12, 1), FundCode = FundCodes.KinfaSupplementary,
                    OccurredAt = new DateTimeOffset(2025, 12, 1, 1, 0, 0, TimeSpan.Zero),
                }, messageId),
                "A" or "R" => Publish(AccidentReport(Accident, FirstAccidentAt, new DateOnly(2026, 7, 31), 10_000_000), messageId),
                "P" => Publish(AccidentReport(RepeatedReport, FirstAccidentAt.AddDays(1), new DateOnly(2026, 7, 31), 10_000_000), messageId),
                "B" => Publish(AccidentReport(SecondAccident, SecondAccidentAt, new DateOnly(2026, 11, 1), 6_000_000), messageId),
                "C" => Publish(new GuaranteeNormalized { EventId = Cure, GuaranteeId = Id, CustomerId = Customer, OccurredAt = CuredAt }, messageId),
                _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step"),
            };
            await published;
            return messageId;
        }

        private Task Publish<T>(T message, Guid messageId)
            where T : class => app.PublishAsync(message, messageId);

        /// <summary>The accident book's movements of this guarantee in business order (date, then New before Normalised).</summary>
        public async Task<List<(Movement, DateOnly, long, Guid)>> BookAsync()
        {
            var movements = await app.QueryAsync(db => db.Movements.AsNoTracking()
                .Where(m => m.SubjectId == Id && m.Category == PortfolioCategory.Accident).ToListAsync());
            Assert.All(movements, m => Assert.Equal((1, FundCodes.KinfaSupplementary), (m.Count, m.FundCode)));
            return [.. movements.OrderBy(m => m.On).ThenBy(m => m.Movement).Select(m => (m.Movement, m.On, m.Won, m.SourceId))];
        }

        private Guid EventIdOf(string step) => step switch
        {
            "A" => Accident,
            "P" => RepeatedReport,
            "B" => SecondAccident,
            "C" => Cure,
            _ => MessageIds.NewId(),
        };

        private GuaranteeAccidentReported AccidentReport(Guid eventId, DateTimeOffset occurredAt, DateOnly on, long outstanding) => new()
        {
            EventId = eventId, GuaranteeId = Id, CustomerId = Customer, LenderCode = "NH", OutstandingBalance = outstanding,
            Kind = "Default", AccidentDate = on, OccurredAt = occurredAt,
        };
    }
}
