using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>Trims surrounding whitespace, which copy and paste often brings along.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class TrimAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        PSObject.AsPSObject(inputData).BaseObject is string text ? text.Trim() : inputData;
}
