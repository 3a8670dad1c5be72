using System;
using System.Management.Automation;
using System.Security;

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

        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
