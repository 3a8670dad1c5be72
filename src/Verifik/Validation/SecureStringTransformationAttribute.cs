using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Lets a SecureString parameter also take a plain string, as secrets often arrive from pipelines and vaults.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
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
