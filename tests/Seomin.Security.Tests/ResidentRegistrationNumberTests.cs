using System.Text.Json;
using Seomin.Security.Tests.Support;
using Seomin.PersonalData;

namespace Seomin.Security.Tests;

public sealed class ResidentRegistrationNumberTests
{
    private readonly Random _random = new(4);

    [Fact]
    public void Parse_WhenPre2020NumberWithCheckDigit_ReturnsBirthDate()
    {
        var text = TestRrn.Create(new DateOnly(1985, 7, 14), '1', _random, validCheckDigit: true);

        var rrn = ResidentRegistrationNumber.Parse(text);

        Assert.Equal(new DateOnly(1985, 7, 14), rrn.BirthDate);
        Assert.False(rrn.IsForeigner);
    }

    [Fact]
    public void Parse_WhenPost2020NumberFailsOldCheckDigit_StillAccepts()
    {
        var text = TestRrn.Create(new DateOnly(2021, 3, 2), '4', _random, validCheckDigit: false);

        var parsed = ResidentRegistrationNumber.TryParse(text, out var rrn);

        Assert.True(parsed);
        Assert.Equal(new DateOnly(2021, 3, 2), rrn.BirthDate);
    }

    [Fact]
    public void Parse_WhenThirteenDigitsWithoutHyphen_EqualsHyphenatedForm()
    {
        var hyphenated = TestRrn.Create(new DateOnly(1999, 12, 31), '2', _random);

        var plain = ResidentRegistrationNumber.Parse(hyphenated.Replace("-", string.Empty, StringComparison.Ordinal));

        Assert.Equal(ResidentRegistrationNumber.Parse(hyphenated), plain);
    }

    [Theory]
    [InlineData('5', 1900)]
    [InlineData('6', 1900)]
    [InlineData('7', 2000)]
    [InlineData('8', 2000)]
    public void Parse_WhenForeignerDigit_IsForeignerWithCentury(char digit, int century)
    {
        var text = TestRrn.Create(new DateOnly(century + 88, 2, 29), digit, _random);

        var rrn = ResidentRegistrationNumber.Parse(text);

        Assert.True(rrn.IsForeigner);
        Assert.Equal(century + 88, rrn.BirthDate.Year);
    }

    [Theory]
    [InlineData('9')]
    [InlineData('0')]
    public void Parse_When1800sDigit_Accepts(char digit)
    {
        var rrn = ResidentRegistrationNumber.Parse(TestRrn.Create(new DateOnly(1899, 5, 1), digit, _random));

        Assert.Equal(1899, rrn.BirthDate.Year);
    }

    [Theory]
    [InlineData("13", "01", '1')] // month 13
    [InlineData("02", "30", '1')] // 30 February
    [InlineData("00", "10", '3')] // month 0
    [InlineData("04", "31", '2')] // 31 April
    [InlineData("01", "00", '1')] // day 0
    public void TryParse_WhenDateInvalid_Rejects(string month, string day, char digit)
    {
        var text = "90" + month + day + "-" + digit + _random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(ResidentRegistrationNumber.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_When29FebruaryOfNonLeapYear_RejectsButLeapYearAccepts()
    {
        var back = _random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(ResidentRegistrationNumber.TryParse("010229-3" + back, out _)); // 2001
        Assert.True(ResidentRegistrationNumber.TryParse("000229-3" + back, out _)); // 2000
        Assert.False(ResidentRegistrationNumber.TryParse("000229-1" + back, out _)); // 1900
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("900101-123456")]
    [InlineData("900101-56789012")]
    [InlineData("9001011234a67")]
    [InlineData("900101_1234567")]
    public void TryParse_WhenShapeWrong_Rejects(string text)
    {
        Assert.False(ResidentRegistrationNumber.TryParse(text, out _));
    }

    [Fact]
    public void Parse_WhenInvalid_ExceptionDoesNotEchoInput()
    {
        var text = "901301-1" + _random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var error = Assert.Throws<FormatException>(() => ResidentRegistrationNumber.Parse(text));

        Assert.DoesNotContain(text[7..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Always_ShowsNoDigit()
    {
        var rrn = ResidentRegistrationNumber.Parse(TestRrn.Korean(_random));

        Assert.Equal("******-*******", rrn.ToString());
        Assert.Equal("******-*******", $"{rrn}");
        Assert.DoesNotContain(rrn.ToString(), char.IsAsciiDigit);
    }

    [Fact]
    public void Serialize_WhenInRecord_WritesOnlyMaskedForm()
    {
        var text = TestRrn.Create(new DateOnly(1990, 1, 1), '1', _random);
        var applicant = new Applicant("x", ResidentRegistrationNumber.Parse(text));

        var json = JsonSerializer.Serialize(applicant);

        Assert.Contains("\"900101-*******\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(text[7..], json, StringComparison.Ordinal);
        Assert.False(RrnPattern.ContainsRrn(json));
    }

    [Fact]
    public void Deserialize_WhenValidString_ReadsNumber()
    {
        var text = TestRrn.Korean(_random);

        var applicant = JsonSerializer.Deserialize<Applicant>($$"""{"Name":"x","Rrn":"{{text}}"}""");

        Assert.Equal(ResidentRegistrationNumber.Parse(text), applicant!.Rrn);
    }

    [Fact]
    public void Deserialize_WhenInvalid_JsonExceptionNamesFieldNotValue()
    {
        var back = "1" + _random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Applicant>($$"""{"Name":"x","Rrn":"901301-{{back}}"}"""));

        Assert.Equal("$.Rrn", error.Path);
        Assert.DoesNotContain(back, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reveal_WhenReasonGiven_ReturnsDigitsAndRecordsUnmask()
    {
        var text = TestRrn.Korean(_random);
        var trail = new RecordingAuditTrail();
        var subject = new CustomerId("C" + new string('A', 32));

        var revealed = ResidentRegistrationNumber.Parse(text).Reveal(trail, subject, "identity check at the counter");

        Assert.Equal(text, revealed);
        var entry = Assert.Single(trail.Entries);
        Assert.Equal(PersonalData.Audit.AuditAction.Unmask, entry.Action);
        Assert.Equal(subject, entry.Subject);
    }

    [Fact]
    public void Reveal_WhenNoReason_Throws()
    {
        var rrn = ResidentRegistrationNumber.Parse(TestRrn.Korean(_random));

        Assert.Throws<ArgumentException>(() => rrn.Reveal(new RecordingAuditTrail(), default, " "));
    }

    private sealed record Applicant(string Name, ResidentRegistrationNumber Rrn);
}
