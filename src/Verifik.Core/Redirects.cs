using System;
using System.Net.Http;

namespace Verifik;

/// <summary>
/// Which redirects a request follows. HttpClient's own following is off: it resends the body of a 307/308 (a
/// one-time code, an -Body) to whatever host the Location names, and does not apply the module's http:// refusal
/// to it. Here a redirect is followed only within the same scheme, host and port, and under the base path, where the
/// request was going anyway (a same-origin /admin is not the Verifik the token was meant for); any other is an error
/// that names where it pointed.
/// </summary>
internal static class Redirects
{
    internal const int MaxHops = 5;

    /// <summary>The next request to send, or null when the answer is not a redirect with a target.</summary>
    public static (HttpMethod Method, Uri Uri, bool KeepBody)? Next(HttpResponseMessage response, HttpMethod method, Uri from, Uri baseUri, string what, int hop, string?[] secrets)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
        {
            return null;
        }

        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (!IsSameOrigin(from, target))
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidResponse,
                $"{from.GetLeftPart(UriPartial.Authority)} answered {what} with {status}, a redirect to {ServerText.Clean(target.GetLeftPart(UriPartial.Authority))}. Tokens, codes and request bodies go only to the Verifik they are meant for, so redirects are followed only within the same scheme, host and port. If Verifik has moved, pass its new address with -BaseUri.",
                status);
        }

        if (!BaseUriResolver.IsUnderBasePath(baseUri, target))
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidResponse,
                $"{from.GetLeftPart(UriPartial.Authority)} answered {what} with {status}, a redirect to {ServerText.Clean(target.AbsolutePath, secrets)}, which is outside the base path {baseUri.AbsolutePath}. Tokens, codes and request bodies go only under the base path they are meant for, as a path given to a cmdlet does. If Verifik has moved, pass its new address with -BaseUri.",
                status);
        }

        if (hop >= MaxHops)
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidResponse,
                $"{from.GetLeftPart(UriPartial.Authority)} redirected {what} more than {MaxHops} times. Check the base URI points at the Verifik API.",
                status);
        }

        // 307 and 308 repeat the request as it was; 301, 302 and 303 turn it into a GET without a body, as browsers do.
        return status is 307 or 308 ? (method, target, true) : (HttpMethod.Get, target, false);
    }

    private static bool IsSameOrigin(Uri from, Uri to) =>
        Uri.Compare(from, to, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
