using Seomin.Security.Tests.Support;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed class MaskingTests
{
    [Fact]
    public void Rrn_WhenValid_KeepsBirthDateOnly()
    {
        var text = TestRrn.Create(new DateOnly(1990, 1, 1), '1', new Random(1));

        Assert.Equal("900101-*******", Masking.Rrn(text));
        Assert.Equal("900101-*******", Masking.Rrn(ResidentRegistrationNumber.Parse(text)));
    }

    [Fact]
    public void Rrn_WhenInvalid_MasksEverything()
    {
        Assert.Equal("******-*******", Masking.Rrn("not a number"));
    }

    [Theory]
    [InlineData("김", "*")]
    [InlineData("김수", "김*")]
    [InlineData("김철수", "김*수")]
    [InlineData("남궁민수", "남**수")]
    [InlineData("황보영희수", "황***수")]
    [InlineData(" 이영희 ", "이*희")]
    [InlineData("", "")]
    public void Name_ForEachLength_FollowsStandard(string name, string expected)
    {
        Assert.Equal(expected, Masking.Name(name));
    }

    [Theory]
    [InlineData("010-1234-5678", "010-****-5678")]
    [InlineData("01012345678", "010-****-5678")]
    [InlineData("011-123-4567", "011-***-4567")]
    [InlineData("02-123-4567", "02-***-4567")]
    [InlineData("02-1234-5678", "02-****-5678")]
    [InlineData("031 1234 5678", "031-****-5678")]
    [InlineData("1588-1397", "****-1397")]
    public void Phone_ForEachFormat_KeepsPrefixAndLastFour(string phone, string expected)
    {
        Assert.Equal(expected, Masking.Phone(phone));
    }

    [Theory]
    [InlineData("110-123-456789", "***-***-**6789")]
    [InlineData("1002345678901", "*********8901")]
    [InlineData("1234", "1234")]
    public void Account_Always_KeepsLastFourDigits(string account, string expected)
    {
        Assert.Equal(expected, Masking.Account(account));
    }
}
