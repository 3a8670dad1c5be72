using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// A parameter check that applies one of the rules input must meet before anything is sent. The rule throws an
/// ArgumentException that states it; PowerShell reports that as a validation error naming the parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public abstract class InputRuleAttribute : ValidateArgumentsAttribute
{
    protected sealed override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            Check(LanguagePrimitives.ConvertTo<string>(arguments) ?? string.Empty);
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }

    /// <summary>Throws an ArgumentException whose message states the rule the value breaks.</summary>
    protected abstract void Check(string value);
}
