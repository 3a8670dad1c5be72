using System;
using System.Linq;
using System.Net;

namespace Verifik;

/// <summary>
/// Which Verifik to talk to: -BaseUri, else the session's, else (for calls that carry a token) the Verifik that
/// issued the token, else $env:VERIFIK_BASE_URL, else the environment $env:VERIFIK_ENVIRONMENT names, else the public API.
/// </summary>
public static class BaseUriResolver
{
    public const string EnvironmentVariable = "VERIFIK_BASE_URL";
    public static readonly Uri PublicApi = new("https://api.verifik.co");

    public static Uri Resolve(Uri? explicitUri, VerifikSession session, bool allowUnencrypted = false, Uri? tokenIssuer = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var (uri, source) = explicitUri is not null ? (explicitUri, "-BaseUri")
            : session.BaseUri is not null ? (session.BaseUri, "the session's BaseUri")
            : tokenIssuer is not null ? (tokenIssuer, "the Verifik that issued the token")
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? (ParseEnvironment(fromEnvironment!), "$env:" + EnvironmentVariable)
            : VerifikEnvironments.FromEnvironmentVariable() is { } named ? (named, "$env:" + VerifikEnvironments.EnvironmentVariable)
            : (PublicApi, "the default");
        return Check(uri, source, allowUnencrypted);
    }

    private static Uri ParseEnvironment(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            ? uri
            : throw new VerifikException(
                VerifikErrorKind.InvalidBaseUri,
                $"$env:{EnvironmentVariable} is '{InputRules.MaskRefusedUrl(value)}', which is not an absolute URI.");

    private static Uri Check(Uri uri, string source, bool allowUnencrypted)
    {
        if (InputRules.HasUserInfo(uri))
        {
            // Checked first: the messages below name the address, and this one must not show its password.
            throw new VerifikException(
                VerifikErrorKind.InvalidBaseUri,
                $"The base URI from {source} has a user name or password in it, which would show wherever the session is shown; Verifik takes only its token.");
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidBaseUri,
                $"The base URI from {source} is not an absolute http or https address{(uri.IsAbsoluteUri ? string.Empty : " (it has no scheme)")}.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowUnencrypted && !IsLoopback(uri))
        {
            throw new VerifikException(
                VerifikErrorKind.InsecureBaseUri,
                $"The base URI from {source} ({uri.GetLeftPart(UriPartial.Authority)}) is unencrypted http, so one-time codes and tokens would cross the network in clear.");
        }

        return uri;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// The address of <paramref name="path"/> under the base URI. A '.' or '..' segment, also when percent-encoded
    /// (%2e%2e, or encoded twice), is refused: Uri and servers resolve them, and /verifik/ + /../admin would send
    /// the token to /admin. The result is also checked to stay under the base path, whatever else resolves.
    /// </summary>
    internal static Uri Endpoint(Uri baseUri, string path, string? query = null)
    {
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var relative = path.TrimStart('/');
        foreach (var segment in relative.Split('/'))
        {
            if (IsDotSegment(segment))
            {
                throw OutsideBasePath(baseUri, path);
            }
        }

        var endpoint = new Uri(root + "/" + relative + (query is null ? string.Empty : "?" + query));
        if (!IsUnderBasePath(baseUri, endpoint))
        {
            throw OutsideBasePath(baseUri, path);
        }

        return endpoint;
    }

    /// <summary>
    /// Whether <paramref name="target"/> stays under the base URI's path, with no '.' or '..' segment left that a
    /// server would resolve: the rule for an endpoint's address and for where a redirect points.
    /// </summary>
    internal static bool IsUnderBasePath(Uri baseUri, Uri target) =>
        target.AbsolutePath.StartsWith(new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/").AbsolutePath, StringComparison.Ordinal)
        && !target.AbsolutePath.Split('/').Any(IsDotSegment);

    private static bool IsDotSegment(string segment)
    {
        // Decoded until nothing changes, so %252e%252e (encoded twice) is seen as '..' too.
        for (var round = 0; round < 5; round++)
        {
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded == segment)
            {
                break;
            }

            segment = decoded;
        }

        // An encoded '/' or '\' splits the segment on servers that decode before routing, and some servers read
        // "..;x" (a path parameter) as "..".
        return segment.Split('/', '\\').Any(piece => piece.Split(';')[0].Trim() is "." or "..");
    }

    private static VerifikException OutsideBasePath(Uri baseUri, string path) => new(
        VerifikErrorKind.InvalidBaseUri,
        $"The path '{path}' has a '.' or '..' segment, which would leave the base path {baseUri.AbsolutePath} of {baseUri.GetLeftPart(UriPartial.Authority)}. Give the endpoint's path without dot segments, such as /v2/clients/me.");
}
