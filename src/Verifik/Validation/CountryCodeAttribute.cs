using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Checks a country calling code against InputRules (1 to 4 digits, '+' optional).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CountryCodeAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            InputRules.NormalizeCountryCode(LanguagePrimitives.ConvertTo<string>(arguments));
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }
}
