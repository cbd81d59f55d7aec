using Seomin.Counseling.Domain;
using Seomin.Counseling.Domain.Completions;

namespace Seomin.Counseling.Tests.Domain;

public class ProgramCompletionTests
{
    [Fact]
    public void Record_WhenCompleted_ValidForTwelveMonths()
    {
        var completion = ProgramCompletion.Record(Guid.CreateVersion7(), "CTEST", CompletionKind.PreApplicationCounseling, null, new DateOnly(2026, 3, 15), "counselor-1", Seoul.At(2026, 3, 15, 11));

        Assert.Equal(new DateOnly(2026, 3, 15), completion.ValidFrom);
        Assert.Equal(new DateOnly(2027, 3, 14), completion.ValidUntil);
    }

    [Fact]
    public void Record_WhenFinancialEducationWithoutCourse_ThrowsRule()
    {
        var ex = Assert.Throws<CounselingRuleException>(() => ProgramCompletion.Record(Guid.CreateVersion7(), "CTEST", CompletionKind.FinancialEducation, null, new DateOnly(2026, 3, 15), "x", Seoul.At(2026, 3, 15, 11)));

        Assert.Equal("FinancialEducationNeedsCourse", ex.Rule);
    }

    [Fact]
    public void Record_WhenDateInFuture_ThrowsRule()
    {
        Assert.Throws<CounselingRuleException>(() => ProgramCompletion.Record(Guid.CreateVersion7(), "CTEST", CompletionKind.PreApplicationCounseling, null, new DateOnly(2026, 3, 16), "x", Seoul.At(2026, 3, 15, 11)));
    }
}
