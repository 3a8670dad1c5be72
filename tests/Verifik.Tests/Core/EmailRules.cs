using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What NormalizeEmail lets through: one bare address of at most 254 characters that a command line can hold.</summary>
public sealed class EmailRules
{
    [Fact]
    public void An_address_of_exactly_254_characters_is_accepted()
    {
        var domain = string.Join(".", new string('b', 63), new string('c', 63), new string('d', 57)) + ".com";
        var address = new string('a', 64) + "@" + domain;

        Assert.Equal(InputRules.MaxEmailLength, address.Length);
        Assert.Equal(address, InputRules.NormalizeEmail(address));
    }

    [Fact]
    public void No_address_at_all_is_asked_for_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(null));

        Assert.Contains("such as ana@example.com", error.Message);
    }

    [Theory]
    [InlineData("ana(work)@example.com")]
    [InlineData("(work)ana@example.com")]
    [InlineData("ana@example.com(work)")]
    [InlineData("\"ana,bob\"@example.com")]
    [InlineData("\"ana;bob\"@example.com")]
    [InlineData("<ana@example.com>")]
    public void Comments_and_quoted_forms_are_not_a_bare_address(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(input));

        Assert.Contains("such as ana@example.com", error.Message);
    }

    // Quotes PowerShell reads as quotes, spaces of every kind, and invisible format characters such as a zero-width space.
    [Theory]
    [InlineData("ana\u2018s@example.com")]
    [InlineData("ana\u2019s@example.com")]
    [InlineData("ana\u201Cs@example.com")]
    [InlineData("ana\u201Fs@example.com")]
    [InlineData("ana\u00A0s@example.com")]
    [InlineData("ana\u3000s@example.com")]
    [InlineData("ana\u200Bs@example.com")]
    [InlineData("ana\u00ADs@example.com")]
    [InlineData("ana@exa\uFEFFmple.com")]
    public void Typographic_quotes_unusual_spaces_and_invisible_characters_are_refused_with_an_example(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeEmail(input));

        Assert.Contains("such as ana@example.com", error.Message);
    }

    [Theory]
    [InlineData("ana\u2017s@example.com")]
    [InlineData("ana\u2020s@example.com")]
    [InlineData("zo\u00EB@example.com")]
    public void Characters_next_to_the_typographic_quotes_are_not_refused_for_being_quotes(string input)
    {
        Assert.Equal(input, InputRules.NormalizeEmail(input));
    }

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
}
