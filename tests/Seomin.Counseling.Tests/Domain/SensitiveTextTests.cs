using Seomin.Counseling.Domain;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Domain;

public class SensitiveTextTests
{
    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData(" ")]
    public void ContainsRrnShapedString_WhenRrnWithAnySeparator_ReturnsTrue(string separator)
    {
        var text = $"고객 번호 {SyntheticRrn.Adult().Replace("-", separator, StringComparison.Ordinal)} 확인함";

        Assert.True(SensitiveText.ContainsRrnShapedString(text));
    }

    [Theory]
    [InlineData("연락처 010-1234-5678")]
    [InlineData("대출금 15,000,000원, 기간 60개월")]
    [InlineData("접수번호 2026-0310-0001")]
    public void ContainsRrnShapedString_WhenOrdinaryNumbers_ReturnsFalse(string text)
    {
        Assert.False(SensitiveText.ContainsRrnShapedString(text));
    }
}
