using System;

namespace Verifik.Validation;

/// <summary>
/// A path under the base URI, such as /v2/clients/me. Absolute and protocol-relative addresses are refused, so the
/// session's token is never sent anywhere but the session's Verifik.
/// </summary>
public sealed class ApiPathAttribute : InputRuleAttribute
{
    protected override void Check(string path)
    {
        if (path.Length < 2 || path[0] != '/' || path[1] == '/' || path.IndexOf('\\') >= 0)
        {
            throw new ArgumentException(
                $"'{path}' is not a path under the base URI. Give the endpoint's path starting with one '/', such as /v2/clients/me; the token only goes to the session's Verifik.");
        }
    }
}
