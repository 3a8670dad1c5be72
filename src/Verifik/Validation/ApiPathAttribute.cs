using System;

namespace Verifik.Validation;

/// <summary>
/// An endpoint: a path under the base URI, with or without its leading '/' (/v2/clients/me, v2/clients/me), or a
/// full http(s) URL, which the command later accepts only on the host the token belongs to. Protocol-relative
/// addresses, backslashes and a user name or password in a URL are refused, so the token never goes anywhere but the
/// session's Verifik and no other credential rides along; the refusal shows the value with any such password masked.
/// </summary>
public sealed class ApiPathAttribute : InputRuleAttribute
{
    protected override void Check(string path)
    {
        if (!IsEndpoint(path))
        {
            throw Refusal(path);
        }
    }

    /// <summary>Why <paramref name="path"/> is not an endpoint, with any password in it masked.</summary>
    internal static ArgumentException Refusal(string path) => new(
        $"'{InputRules.MaskRefusedUrl(path)}' is not an endpoint. Give its path, such as /v2/clients/me, or a full URL on the session's Verifik with no user name or password in it; the token only goes there.");

    internal static bool IsEndpoint(string path)
    {
        if (IsAbsoluteUrl(path))
        {
            return Uri.TryCreate(path, UriKind.Absolute, out var uri) && !InputRules.HasUserInfo(uri);
        }

        var relative = path.StartsWith("/", StringComparison.Ordinal) ? path.Substring(1) : path;
        return relative.Length > 0 && relative[0] != '/' && relative.IndexOf('\\') < 0 && relative.IndexOf(':') < 0;
    }

    internal static bool IsAbsoluteUrl(string path) =>
        path.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
