using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// -MinimumValidity of Get-, Test- and Update-VerifikToken: from zero to <see cref="VerifikToken.MaxMinimumValidity"/>.
/// A negative value would always be met and a larger one never, so either is a mistake refused while binding.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class MinimumValidityAttribute : ValidateArgumentsAttribute
{
    /// <summary>The rule as the error and the help state it.</summary>
    public static readonly string Rule =
        $"The minimum validity must be from {TimeSpan.Zero:c} to {VerifikToken.MaxMinimumValidity:c} ({VerifikToken.MaxRenewalMonths} months, the longest token a renewal gives).";

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (PSObject.AsPSObject(arguments).BaseObject is TimeSpan value && (value < TimeSpan.Zero || value > VerifikToken.MaxMinimumValidity))
        {
            throw new ValidationMetadataException($"{value:c} is outside the bounds. {Rule}");
        }
    }
}
