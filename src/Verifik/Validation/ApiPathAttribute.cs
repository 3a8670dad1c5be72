using System;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// A path under the base URI, such as /v2/clients/me. Absolute and protocol-relative addresses are refused, so the
/// session's token is never sent anywhere but the session's Verifik.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ApiPathAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var path = LanguagePrimitives.ConvertTo<string>(arguments) ?? string.Empty;
        if (path.Length < 2 || path[0] != '/' || path[1] == '/' || path.IndexOf('\\') >= 0)
        {
            throw new ValidationMetadataException(
                $"'{path}' is not a path under the base URI. Give the endpoint's path starting with one '/', such as /v2/clients/me; the token only goes to the session's Verifik.");
        }
    }
}
