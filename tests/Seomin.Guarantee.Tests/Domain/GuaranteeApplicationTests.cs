using Seomin.Guarantee.Domain;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Screening;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

public class GuaranteeApplicationTests
{
    private static GuaranteeApplication Submitted(ScreeningResult result)
    {
        var a = new GuaranteeApplication(Guid.NewGuid(), "CTEST", "WORKER_SUNSHINE", 1, Channel.Mobile, Applicant(), 10_000_000, 36, "NH",
            FeePaymentPlan.Upfront, DateTimeOffset.UnixEpoch);
        a.RecordScreening(result, DateTimeOffset.UnixEpoch);
        return a;
    }

    [Fact]
    public void RecordScreening_WhenEligible_ApprovesRequestedAmountAutomatically()
    {
        var a = Submitted(Screener.Screen(Request()));

        Assert.Equal(ApplicationStatus.Approved, a.Status);
        Assert.Equal(10_000_000, a.ApprovedAmount);
        Assert.Equal("screening", a.DecidedBy);
    }

    [Fact]
    public void Approve_WhenReferred_RecordsStaffAndAmount()
    {
        var a = Submitted(Screener.Screen(Request(capacity: new CapacityCheck(0, 0, 10m))));

        a.Approve(8_000_000, "staff-1", null, DateTimeOffset.UnixEpoch);

        Assert.Equal(ApplicationStatus.Approved, a.Status);
        Assert.Equal(8_000_000, a.ApprovedAmount);
        Assert.Equal("staff-1", a.DecidedBy);
    }

    [Fact]
    public void Approve_WhenMoreThanRequested_IsRefused()
    {
        var a = Submitted(Screener.Screen(Request(capacity: new CapacityCheck(0, 0, 10m))));

        Assert.Throws<GuaranteeRuleException>(() => a.Approve(10_000_001, "staff-1", null, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Reject_WhenAlreadyDecided_IsIllegal()
    {
        var a = Submitted(Screener.Screen(Request()));

        Assert.Throws<IllegalStateTransitionException>(() => a.Reject("late", "staff-1", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Reject_WhenNoReason_IsRefused()
    {
        var a = Submitted(Screener.Screen(Request(capacity: new CapacityCheck(0, 0, 10m))));

        Assert.Throws<GuaranteeRuleException>(() => a.Reject(" ", "staff-1", DateTimeOffset.UnixEpoch));
    }
}
