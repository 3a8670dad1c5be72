using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Lets a SecureString parameter also take a plain string, as secrets often arrive from pipelines and vaults.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        return PSObject.AsPSObject(inputData).BaseObject is string text ? Secrets.ToSecureString(text) : inputData;
    }
}
