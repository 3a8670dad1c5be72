using System;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("ana@example.com", "ana@example.com")]
    [InlineData("  bob+ops@example.com\t", "bob+ops@example.com")]
    [InlineData("zoë.o'brien&co@example.com", "zoë.o'brien&co@example.com")]
    public void Accepts_and_trims_single_addresses(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeEmail(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("Ana <ana@example.com>")]
    [InlineData("ana@example.com, bob@example.com")]
    [InlineData("ana @example.com")]
    public void Rejects_what_is_not_one_bare_address(string? input)
    {
        Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(input));
    }

    [Fact]
    public void Rejects_addresses_longer_than_254_characters()
    {
        var address = new string('a', 64) + "@" + string.Join(".", new string('b', 63), new string('c', 63), new string('d', 63)) + ".com";

        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(address));

        Assert.Contains("254", error.Message);
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
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

    [Theory]
    [InlineData("ana@example.com", "a***@example.com")]
    [InlineData("@example.com", "***")]
    [InlineData("nobody", "***")]
    public void Masks_addresses_for_logs(string input, string expected)
    {
        Assert.Equal(expected, InputRules.MaskEmail(input));
    }

    [Theory]
    [InlineData("/v2/clients/me", "/v2/clients/me")]
    [InlineData("/v2/x?documentNumber=1234567890&apiKey=s3cr3t", "/v2/x?documentNumber=***&apiKey=***")]
    [InlineData("https://api.verifik.co/v2/x?s3cr3t&a=1#s3cr3t", "https://api.verifik.co/v2/x?***&a=***")]
    [InlineData("/v2/x?=s3cr3t&&b=", "/v2/x?***&b=***")]
    [InlineData("/v2/x#s3cr3t", "/v2/x")]
    public void Masks_query_values_for_logs_and_keeps_their_names(string input, string expected)
    {
        Assert.Equal(expected, InputRules.MaskQuery(input));
    }
}
