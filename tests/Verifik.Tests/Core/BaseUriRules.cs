using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>Where the base URI comes from, and that a refused one is reported with its source and the way out.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BaseUriRules : IDisposable
{
    private static readonly Uri Remote = new("http://verifik.example");
    private readonly string? _savedBaseUrl = Environment.GetEnvironmentVariable(BaseUriResolver.EnvironmentVariable);
    private readonly string? _savedEnvironment = Environment.GetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable);

    public BaseUriRules()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, null);
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, null);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, _savedBaseUrl);
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, _savedEnvironment);
    }

    [Theory]
    [InlineData("parameter", "-BaseUri")]
    [InlineData("session", "the session's BaseUri")]
    [InlineData("token", "the Verifik that issued the token")]
    [InlineData("variable", "$env:VERIFIK_BASE_URL")]
    public void An_unencrypted_base_uri_is_refused_naming_where_it_came_from(string from, string source)
    {
        var error = Assert.Throws<VerifikException>(() => ResolveFrom(from, Remote));

        Assert.Equal(VerifikErrorKind.InsecureBaseUri, error.Kind);
        Assert.StartsWith($"The base URI from {source} (http://verifik.example) is unencrypted http", error.Message);
    }

    [Theory]
    [InlineData("parameter", "-BaseUri")]
    [InlineData("token", "the Verifik that issued the token")]
    public void A_base_uri_that_is_not_http_or_https_is_refused_naming_where_it_came_from(string from, string source)
    {
        var error = Assert.Throws<VerifikException>(() => ResolveFrom(from, new Uri("ftp://verifik.example")));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
        Assert.StartsWith($"The base URI from {source} is not an absolute http or https address", error.Message);
    }

    [Fact]
    public void The_token_s_issuer_comes_after_the_session_and_before_the_environment_variables()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "https://variable.example");
        var issuer = new Uri("https://issuer.example");

        Assert.Equal(issuer, BaseUriResolver.Resolve(null, new VerifikSession(), tokenIssuer: issuer));
        Assert.Equal("https://session.example/", BaseUriResolver.Resolve(null, new VerifikSession(new Uri("https://session.example")), tokenIssuer: issuer).AbsoluteUri);
    }

    [Fact]
    public void The_named_environment_is_used_when_no_address_is_given_anywhere()
    {
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, "Staging");

        Assert.Equal(VerifikEnvironments.Staging, BaseUriResolver.Resolve(null, new VerifikSession()));

        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "https://variable.example");
        Assert.Equal("https://variable.example/", BaseUriResolver.Resolve(null, new VerifikSession()).AbsoluteUri);
    }

    [Fact]
    public void A_path_that_would_leave_the_base_path_is_refused_naming_the_base_and_the_way_out()
    {
        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Endpoint(new Uri("https://proxy.example/verifik/"), "../admin"));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
        Assert.Equal(
            "The path '../admin' has a '.' or '..' segment, which would leave the base path /verifik/ of https://proxy.example. Give the endpoint's path without dot segments, such as /v2/clients/me.",
            error.Message);
    }

    private static Uri ResolveFrom(string from, Uri uri)
    {
        switch (from)
        {
            case "parameter":
                return BaseUriResolver.Resolve(uri, new VerifikSession());
            case "session":
                return BaseUriResolver.Resolve(null, new VerifikSession(uri));
            case "token":
                return BaseUriResolver.Resolve(null, new VerifikSession(), tokenIssuer: uri);
            default:
                Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, uri.OriginalString);
                return BaseUriResolver.Resolve(null, new VerifikSession());
        }
    }
}
