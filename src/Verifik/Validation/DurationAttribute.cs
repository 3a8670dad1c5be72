using System;
using System.Globalization;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// A TimeSpan parameter refuses a bare number: PowerShell reads 7 as 7 ticks (0.7 microseconds), so
/// "-MinimumValidity 7" would be met by any token and a runbook would never renew. Zero is zero in any unit and passes.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = PSObject.AsPSObject(inputData).BaseObject;
        if (value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            && Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0)
        {
            throw new ArgumentTransformationMetadataException(
                $"{Convert.ToString(value, CultureInfo.InvariantCulture)} is a bare number, which PowerShell would read as ticks (ten-millionths of a second). Give a duration, such as (New-TimeSpan -Days 7) or '7.00:00:00'.");
        }

        return inputData;
    }
}
