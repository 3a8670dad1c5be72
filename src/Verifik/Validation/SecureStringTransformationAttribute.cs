using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Lets a SecureString parameter also take a plain string, as secrets often arrive from pipelines and vaults.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        // Null (an unset variable) is left for the cmdlet, which says what is missing in its own words; PowerShell
        // takes a null from a transformation.
        if (inputData is null)
        {
            return null!;
        }

        if (PSObject.AsPSObject(inputData).BaseObject is not string text)
        {
            return inputData;
        }

        // A SecureString holds at most 65,536 characters; longer text would fail inside it with no hint why.
        if (text.Length >= VerifikToken.MaxLength)
        {
            throw new ArgumentTransformationMetadataException(
                $"The token given has {text.Length} characters; a Verifik token has fewer than {VerifikToken.MaxLength} (about 300). Pass the accessToken value alone.");
        }

        return Secrets.ToSecureString(text);
    }
}
