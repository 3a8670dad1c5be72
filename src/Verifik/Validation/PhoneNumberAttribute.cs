using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Checks a national phone number against InputRules (digits, with spaces, dashes, dots and parentheses allowed).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PhoneNumberAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            InputRules.NormalizePhone(LanguagePrimitives.ConvertTo<string>(arguments));
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }
}
