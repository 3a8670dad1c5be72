using System;
using System.Linq;

namespace Verifik;

/// <summary>The Verifik deployments a client can name instead of giving an address.</summary>
public enum VerifikEnvironment
{
    /// <summary>https://api.verifik.co, the public API.</summary>
    Production,

    /// <summary>https://staging-api.verifik.co, named by Verifik's own mobile SDKs and dashboard configuration.</summary>
    Staging,
}

/// <summary>Where each named environment is, and which one $env:VERIFIK_ENVIRONMENT names.</summary>
public static class VerifikEnvironments
{
    public const string EnvironmentVariable = "VERIFIK_ENVIRONMENT";

    /// <summary>What a session shows as its Environment when its base URI is none of the named ones.</summary>
    public const string Custom = "Custom";

    public static readonly Uri Staging = new("https://staging-api.verifik.co");

    public static Uri UriOf(VerifikEnvironment environment) => environment switch
    {
        VerifikEnvironment.Staging => Staging,
        _ => BaseUriResolver.PublicApi,
    };

    /// <summary>The environment at that address, or null for any other address.</summary>
    public static VerifikEnvironment? At(Uri uri) =>
        Enum.GetValues(typeof(VerifikEnvironment)).Cast<VerifikEnvironment>()
            .Where(environment => Uri.Compare(UriOf(environment), uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                && uri.AbsolutePath.Trim('/').Length == 0)
            .Select(environment => (VerifikEnvironment?)environment)
            .FirstOrDefault();

    /// <summary>The address $env:VERIFIK_ENVIRONMENT names; null when it is not set; Verifik.InvalidBaseUri when it names no environment.</summary>
    public static Uri? FromEnvironmentVariable()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var names = Enum.GetNames(typeof(VerifikEnvironment));
        var name = names.FirstOrDefault(candidate => string.Equals(candidate, value!.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new VerifikException(
                VerifikErrorKind.InvalidBaseUri,
                $"$env:{EnvironmentVariable} is '{value}', which names no Verifik environment. Set it to {string.Join(" or ", names)}, or remove it; for any other address use $env:{BaseUriResolver.EnvironmentVariable}.");
        return UriOf((VerifikEnvironment)Enum.Parse(typeof(VerifikEnvironment), name));
    }
}
