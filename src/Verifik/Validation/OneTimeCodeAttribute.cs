using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// Drops the spaces and dashes a code is often copied with, then checks the rest is 4 to 12 letters or digits.
/// Transformation and validation in one attribute would hide the rule behind a transformation error, so the
/// transformation never fails: it hands anything it cannot normalise to the validation below unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class NormalizeOneTimeCodeAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var wrapped = PSObject.AsPSObject(inputData);
        if (wrapped.BaseObject is not string and not int and not long)
        {
            return inputData;
        }

        try
        {
            // The wrapper, not the number inside it: typed unquoted, 012345 arrives as the number 12345, and only
            // the wrapper still knows it was written with a leading zero.
            return InputRules.NormalizeOtp(wrapped.ToString());
        }
        catch (ArgumentException)
        {
            return inputData;
        }
    }
}

/// <summary>Checks a one-time code against InputRules; the error names the rule and never repeats the value.</summary>
public sealed class OneTimeCodeAttribute : InputRuleAttribute
{
    protected override void Check(string value) => InputRules.NormalizeOtp(value);
}
