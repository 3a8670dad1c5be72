using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Trims the address, then checks it is one bare email address (InputRules), before anything is sent.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EmailAddressAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            InputRules.NormalizeEmail(LanguagePrimitives.ConvertTo<string>(arguments));
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }
}
