using System;
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
                $"$env:{EnvironmentVariable} is '{value}', which is not an absolute URI. Set it to an address such as https://api.verifik.co, or remove it.");

    private static Uri Check(Uri uri, string source, bool allowUnencrypted)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidBaseUri,
                $"The base URI from {source} must be an absolute http or https address, such as https://api.verifik.co.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowUnencrypted && !IsLoopback(uri))
        {
            throw new VerifikException(
                VerifikErrorKind.InsecureBaseUri,
                $"The base URI from {source} ({uri.GetLeftPart(UriPartial.Authority)}) is unencrypted http, so one-time codes and tokens would cross the network in clear. Use https, or pass -AllowUnencryptedAuthentication if you really mean it.");
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    internal static Uri Endpoint(Uri baseUri, string path, string? query = null)
    {
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + "/" + path.TrimStart('/') + (query is null ? string.Empty : "?" + query));
    }
}
