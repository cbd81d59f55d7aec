using Seomin.BusinessTime;
using Seomin.Counseling.Domain;
using Seomin.Counseling.Domain.Reservations;

namespace Seomin.Counseling.Tests.Domain;

public class CallbackReservationTests
{
    private static readonly DateTimeOffset Now = Seoul.At(2026, 3, 10, 10);

    private static CallbackReservation Book(DateTimeOffset slot, params DateTimeOffset[] taken) =>
        CallbackReservation.Book(Guid.CreateVersion7(), "CTEST", "counselor-1", slot, "cipher", "대출 상담", taken, Now, BusinessCalendar.Korean);

    [Fact]
    public void Book_WhenFreeFutureSlot_IsBooked()
    {
        var reservation = Book(Seoul.At(2026, 3, 11, 14, 30));

        Assert.Equal(ReservationStatus.Booked, reservation.Status);
    }

    [Fact]
    public void Book_WhenSlotInThePast_ThrowsRule()
    {
        var ex = Assert.Throws<CounselingRuleException>(() => Book(Seoul.At(2026, 3, 10, 9, 30)));

        Assert.Equal("ReservationSlotMustBeInTheFuture", ex.Rule);
    }

    [Fact]
    public void Book_WhenSlotTaken_ThrowsRule()
    {
        var slot = Seoul.At(2026, 3, 11, 14);

        var ex = Assert.Throws<CounselingRuleException>(() => Book(slot, slot));

        Assert.Equal("ReservationSlotMustBeFree", ex.Rule);
    }

    [Theory]
    [InlineData(2026, 3, 14, 10, 0)] // Saturday
    [InlineData(2026, 5, 25, 10, 0)] // 대체공휴일
    [InlineData(2026, 3, 11, 8, 30)] // before opening
    [InlineData(2026, 3, 11, 17, 45)] // not aligned
    [InlineData(2026, 3, 11, 18, 0)] // at closing
    public void Book_WhenSlotOutsideWorkingHoursOrMisaligned_ThrowsRule(int y, int m, int d, int h, int min)
    {
        Assert.Throws<CounselingRuleException>(() => Book(Seoul.At(y, m, d, h, min)));
    }

    [Fact]
    public void MarkNoShow_WhenBeforeSlot_ThrowsRule()
    {
        var reservation = Book(Seoul.At(2026, 3, 11, 14));

        var ex = Assert.Throws<CounselingRuleException>(() => reservation.MarkNoShow(Now));

        Assert.Equal("NoShowOnlyAfterSlotStart", ex.Rule);
    }

    [Fact]
    public void Complete_WhenAlreadyNoShow_ThrowsRule()
    {
        var reservation = Book(Seoul.At(2026, 3, 11, 14));
        reservation.MarkNoShow(Seoul.At(2026, 3, 11, 14, 10));

        Assert.Throws<CounselingRuleException>(() => reservation.Complete(Guid.CreateVersion7(), Seoul.At(2026, 3, 11, 15)));
    }
}
