using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What NormalizeOtp lets through: 4 to 12 ASCII letters or digits, spaces and dashes dropped.</summary>
public sealed class OneTimeCodeRules
{
    [Theory]
    [InlineData("azAZ09")]
    [InlineData("a-z A-Z")]
    public void A_code_may_hold_every_ASCII_letter_in_either_case_and_every_digit(string input)
    {
        Assert.Equal(input.Replace("-", string.Empty).Replace(" ", string.Empty), InputRules.NormalizeOtp(input));
    }

    [Theory]
    [InlineData("abc`")]
    [InlineData("abc{")]
    [InlineData("ABC@")]
    [InlineData("ABC[")]
    [InlineData("123/")]
    [InlineData("123:")]
    public void The_characters_next_to_the_letters_and_digits_are_refused(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeOtp(input));

        Assert.Contains("only letters and digits", error.Message);
    }

    [Fact]
    public void No_code_at_all_is_reported_as_too_short()
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeOtp(null));

        Assert.Equal("A one-time code has 4 to 12 letters or digits; this one has 0.", error.Message);
    }
}
