using System;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class PhoneRulesTests
{
    [Theory]
    [InlineData("3001234567", "3001234567")]
    [InlineData(" 300 123 4567 ", "3001234567")]
    [InlineData("300-123-4567", "3001234567")]
    [InlineData("(300) 123.4567", "3001234567")]
    [InlineData("1234", "1234")]
    [InlineData("123456789012345", "123456789012345")]
    public void Normalises_national_numbers_to_digits(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizePhone(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("1234567890123456")]
    [InlineData("+57 3001234567")]
    [InlineData("300ABC4567")]
    [InlineData("300_123_4567")]
    public void Rejects_what_cannot_be_a_national_number(string input)
    {
        Assert.Throws<ArgumentException>(() => InputRules.NormalizePhone(input));
    }

    [Theory]
    [InlineData("57", "+57")]
    [InlineData("+57", "+57")]
    [InlineData(" +1 ", "+1")]
    [InlineData("1868", "+1868")]
    public void Normalises_country_codes_with_an_optional_plus(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeCountryCode(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("++57")]
    [InlineData("+12345")]
    [InlineData("5a")]
    [InlineData("57 1")]
    [InlineData(null)]
    public void Rejects_what_is_not_a_country_code(string? input)
    {
        Assert.Throws<ArgumentException>(() => InputRules.NormalizeCountryCode(input));
    }

    [Fact]
    public void Masks_all_but_the_last_four_digits_for_logs()
    {
        Assert.Equal("+57 ******4567", SignInSubject.ForPhone("57", "300 123 4567", PhoneGateway.WhatsApp).Masked);
        Assert.Equal("whatsapp", SignInSubject.ForPhone("57", "3001234567", PhoneGateway.WhatsApp).Gateway);
        Assert.Equal("sms", SignInSubject.ForPhone("57", "3001234567").Gateway);
    }

    [Fact]
    public void No_number_at_all_is_reported_as_too_short()
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizePhone(null));

        Assert.Contains("has 4 to 15 digits", error.Message);
    }

    [Theory]
    [InlineData("+90", "+90")]
    [InlineData("509", "+509")]
    public void Country_codes_with_a_zero_or_a_nine_are_accepted(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeCountryCode(input));
    }

    [Theory]
    [InlineData("1234", "+57 ****")]
    [InlineData("123", "+57 ****")]
    [InlineData("12345", "+57 *2345")]
    public void A_number_of_four_digits_or_fewer_is_masked_whole(string phone, string expected)
    {
        Assert.Equal(expected, InputRules.MaskPhone("+57", phone));
    }
}
