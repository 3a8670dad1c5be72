using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// Where the base URI comes from (parameter, session, token issuer, variables, public API), which addresses are
/// refused and how a refusal names its source and the way out, and how endpoint paths join under a base path.
/// </summary>
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
    [InlineData("https://user:s3cr3t@api.verifik.co", null)]
    [InlineData("http://user:s3cr3t@verifik.example", null)]
    [InlineData(null, "https://user:s3cr3t@api.verifik.co")]
    [InlineData(null, "user:s3cr3t@api.verifik.co")]
    public void A_base_URI_with_a_user_name_or_password_is_refused_without_showing_it(string? parameter, string? variable)
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, variable);

        var refused = Assert.Throws<VerifikException>(() => BaseUriResolver.Resolve(parameter is null ? null : new Uri(parameter), new VerifikSession()));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, refused.Kind);
        Assert.DoesNotContain("s3cr3t", refused.Message);
    }

    [Fact]
    public void Takes_the_first_that_is_set_parameter_then_session_then_environment_then_public_api()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "https://env.example");
        var session = new VerifikSession(new Uri("https://session.example"));

        Assert.Equal("https://param.example/", BaseUriResolver.Resolve(new Uri("https://param.example"), session).AbsoluteUri);
        Assert.Equal("https://session.example/", BaseUriResolver.Resolve(null, session).AbsoluteUri);
        Assert.Equal("https://env.example/", BaseUriResolver.Resolve(null, new VerifikSession()).AbsoluteUri);

        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, null);
        Assert.Equal("https://api.verifik.co/", BaseUriResolver.Resolve(null, new VerifikSession()).AbsoluteUri);
    }

    [Fact]
    public void The_token_s_issuer_comes_after_the_parameter_and_the_session_and_before_the_variables_and_changes_no_session()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "https://variable.example");
        var issuer = new Uri("https://issuer.example");
        var open = new VerifikSession();

        Assert.Equal(issuer, BaseUriResolver.Resolve(null, open, tokenIssuer: issuer));
        Assert.Null(open.BaseUri);
        Assert.Equal("https://session.example/", BaseUriResolver.Resolve(null, new VerifikSession(new Uri("https://session.example")), tokenIssuer: issuer).AbsoluteUri);
        Assert.Equal("https://param.example/", BaseUriResolver.Resolve(new Uri("https://param.example"), open, tokenIssuer: issuer).AbsoluteUri);
    }

    [Fact]
    public void The_named_environment_is_used_when_no_address_is_given_anywhere()
    {
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, "Staging");

        Assert.Equal(VerifikEnvironments.Staging, BaseUriResolver.Resolve(null, new VerifikSession()));

        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "https://variable.example");
        Assert.Equal("https://variable.example/", BaseUriResolver.Resolve(null, new VerifikSession()).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void Unencrypted_loopback_is_allowed_for_the_emulator(string uri)
    {
        Assert.Equal(new Uri(uri), BaseUriResolver.Resolve(new Uri(uri), new VerifikSession()));
    }

    [Theory]
    [InlineData("http://api.verifik.co")]
    [InlineData("http://10.1.2.3:8080")]
    public void An_unencrypted_remote_host_is_allowed_only_when_asked_for(string uri)
    {
        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Resolve(new Uri(uri), new VerifikSession()));

        Assert.Equal("Verifik.InsecureBaseUri", error.ErrorId);
        Assert.Equal(uri + "/", BaseUriResolver.Resolve(new Uri(uri), new VerifikSession(), allowUnencrypted: true).AbsoluteUri);
    }

    [Theory]
    [InlineData("parameter", "-BaseUri")]
    [InlineData("session", "the session's BaseUri")]
    [InlineData("token", "the Verifik that issued the token")]
    [InlineData("variable", "$env:VERIFIK_BASE_URL")]
    public void An_unencrypted_base_uri_is_refused_naming_where_it_came_from_and_the_way_out(string from, string source)
    {
        var error = Assert.Throws<VerifikException>(() => ResolveFrom(from, Remote));

        Assert.Equal(VerifikErrorKind.InsecureBaseUri, error.Kind);
        Assert.Contains(source, error.Message);
        Assert.Contains("(http://verifik.example)", error.Message);
        Assert.Contains("-AllowUnencryptedAuthentication", error.RecommendedAction);
    }

    [Theory]
    [InlineData("parameter", "-BaseUri")]
    [InlineData("token", "the Verifik that issued the token")]
    public void A_base_uri_that_is_not_http_or_https_is_refused_naming_where_it_came_from(string from, string source)
    {
        var error = Assert.Throws<VerifikException>(() => ResolveFrom(from, new Uri("ftp://verifik.example")));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
        Assert.Contains(source, error.Message);
    }

    [Fact]
    public void A_malformed_variable_is_InvalidBaseUri_naming_the_variable()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "api.verifik.co");

        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Resolve(null, new VerifikSession()));

        Assert.Equal("Verifik.InvalidBaseUri", error.ErrorId);
        Assert.Contains("VERIFIK_BASE_URL", error.Message);
    }

    [Fact]
    public void Paths_join_under_a_base_with_a_path_prefix()
    {
        var endpoint = BaseUriResolver.Endpoint(new Uri("https://proxy.example/verifik/"), "v2/projects/email-login", "email=bob%2Bops%40example.com");

        Assert.Equal("https://proxy.example/verifik/v2/projects/email-login?email=bob%2Bops%40example.com", endpoint.AbsoluteUri);
    }

    [Fact]
    public void A_path_that_would_leave_the_base_path_is_refused_naming_the_path_and_the_base_path()
    {
        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Endpoint(new Uri("https://proxy.example/verifik/"), "../admin"));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
        Assert.Contains("'../admin'", error.Message);
        Assert.Contains("/verifik/ of https://proxy.example", error.Message);
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
