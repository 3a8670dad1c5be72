using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Verifik.Validation;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// The parameter attributes' own rules, for every value PowerShell may hand them. [Duration] on the TimeSpan
/// parameters (-MinimumValidity, -RenewWithin): a bare number of any numeric type ([byte] to [decimal]) is refused,
/// since it would be read as ticks; zero, durations and the strings PowerShell converts pass untouched. -Headers:
/// a hashtable becomes name and value pairs as Invoke-RestMethod reads one. The cmdlets' use of them is in
/// Update-VerifikToken.Tests.ps1 and Invoke-VerifikRequest.Tests.ps1; what a header may hold, in RequestHeadersRules.
/// </summary>
public sealed class ParameterAttributeRules
{
    private static readonly object[] NumericTypesOfSeven =
        { (byte)7, (sbyte)7, (short)7, (ushort)7, 7, 7u, 7L, 7UL, 7f, 7d, 7m };

    public static IEnumerable<object[]> SevenOfEachNumericType => NumericTypesOfSeven.Select(value => new[] { value });

    public static IEnumerable<object[]> ZeroOfEachNumericType =>
        NumericTypesOfSeven.Select(value => new[] { Convert.ChangeType(0, value.GetType(), System.Globalization.CultureInfo.InvariantCulture) });

    [Theory]
    [MemberData(nameof(SevenOfEachNumericType))]
    public void A_bare_number_of_any_numeric_type_is_refused(object number)
    {
        var failure = Assert.Throws<ArgumentTransformationMetadataException>(() => Transform(number));

        Assert.StartsWith("7 is a bare number", failure.Message);
    }

    [Fact]
    public void A_bare_number_wrapped_as_PowerShell_passes_it_is_refused_too()
    {
        Assert.Throws<ArgumentTransformationMetadataException>(() => Transform(PSObject.AsPSObject(0.5)));
    }

    [Theory]
    [MemberData(nameof(ZeroOfEachNumericType))]
    public void Zero_is_zero_in_any_unit_and_passes(object zero)
    {
        Assert.Same(zero, Transform(zero));
    }

    [Fact]
    public void Durations_and_the_strings_PowerShell_converts_to_one_pass_untouched()
    {
        var week = TimeSpan.FromDays(7);
        const string text = "7.00:00:00";

        Assert.Equal(week, Transform(week));
        Assert.Same(text, Transform(text));
    }

    [Fact]
    public void A_header_list_gives_one_pair_per_item_and_null_an_empty_value_with_numbers_in_invariant_text()
    {
        var headers = new Hashtable
        {
            ["X-Tag"] = new object?[] { "a", null, 1.5 },
            ["X-Empty"] = null,
            ["X-Count"] = PSObject.AsPSObject(7),
        };

        var pairs = RequestHeadersAttribute.Pairs(headers).ToLookup(pair => pair.Key, pair => pair.Value);

        Assert.Equal(new[] { "a", string.Empty, "1.5" }, pairs["X-Tag"]);
        Assert.Equal(new[] { string.Empty }, pairs["X-Empty"]);
        Assert.Equal(new[] { "7" }, pairs["X-Count"]);
    }

    private static object Transform(object input) => new DurationAttribute().Transform(null!, input);
}
