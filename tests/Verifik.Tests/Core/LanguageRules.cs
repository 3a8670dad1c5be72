using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// -Language takes two or three ASCII letters, optionally a region or variant of 2 to 8 letters or digits (es, pt-BR,
/// es-419); the language is lower-cased, the region kept as given. Anything else would only be ignored by Verifik.
/// </summary>
public sealed class LanguageRules
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData(" ES ", "es")]
    [InlineData("fil", "fil")]
    [InlineData("az", "az")]
    [InlineData("ZA", "za")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("PT-br", "pt-br")]
    [InlineData("es-419", "es-419")]
    [InlineData("de-1901", "de-1901")]
    [InlineData("zh-Hant", "zh-Hant")]
    [InlineData("en-AZaz", "en-AZaz")]
    [InlineData("en-abcdefgh", "en-abcdefgh")]
    public void Language_tags_are_accepted_with_the_language_lower_cased_and_the_region_kept(string input, string expected)
    {
        Assert.Equal(expected, InputRules.NormalizeLanguage(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("engl")]
    [InlineData("12")]
    [InlineData("e1")]
    [InlineData("1e")]
    [InlineData("é")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("en-B")]
    [InlineData("en-abcdefghi")]
    [InlineData("en-B_")]
    [InlineData("en-GB!")]
    [InlineData("en-é1")]
    [InlineData("en-US-x")]
    [InlineData("en-{}")]
    [InlineData("e@")]
    [InlineData(null)]
    public void What_is_not_a_language_tag_is_refused_naming_the_documented_languages(string? input)
    {
        var error = Assert.Throws<ArgumentException>(() => InputRules.NormalizeLanguage(input));

        Assert.Contains("give one such as en, es, pt, fr, de.", error.Message);
    }

    [Fact]
    public void Each_documented_language_is_a_tag_that_passes_unchanged()
    {
        Assert.Equal(new[] { "en", "es", "pt", "fr", "de" }, InputRules.DocumentedLanguages);
        foreach (var language in InputRules.DocumentedLanguages)
        {
            Assert.Equal(language, InputRules.NormalizeLanguage(language));
        }
    }
}
