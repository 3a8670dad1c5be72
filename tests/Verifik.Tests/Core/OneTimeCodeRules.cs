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

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("123\t456", "123456")]
    [InlineData("AbC9", "AbC9")]
    [InlineData("123456789012", "123456789012")]
    public void Normalises_codes_by_dropping_spaces_and_dashes(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeOtp(input));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567890123")]
    [InlineData("12345;")]
    [InlineData("12 34 5é")]
    [InlineData("")]
    public void Rejects_codes_outside_the_rule_without_repeating_them(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeOtp(input));

        Assert.Contains("letters", error.Message);
        if (input.Length > 0)
        {
            Assert.DoesNotContain(input, error.Message);
        }
    }
}
