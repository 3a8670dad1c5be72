using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>The named Verifik environments: where each is, which address is one, and what $env:VERIFIK_ENVIRONMENT may say.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class EnvironmentRules : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, _saved);

    [Fact]
    public void Production_is_the_public_API_and_Staging_is_staging_api()
    {
        Assert.Equal("https://api.verifik.co/", VerifikEnvironments.UriOf(VerifikEnvironment.Production).AbsoluteUri);
        Assert.Equal("https://staging-api.verifik.co/", VerifikEnvironments.UriOf(VerifikEnvironment.Staging).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.verifik.co", VerifikEnvironment.Production)]
    [InlineData("https://API.Verifik.co/", VerifikEnvironment.Production)]
    [InlineData("https://api.verifik.co:443//", VerifikEnvironment.Production)]
    [InlineData("https://staging-api.verifik.co", VerifikEnvironment.Staging)]
    public void An_environment_s_root_address_is_that_environment(string uri, VerifikEnvironment expected)
    {
        Assert.Equal(expected, VerifikEnvironments.At(new Uri(uri)));
    }

    [Theory]
    [InlineData("https://api.verifik.co/v2")]
    [InlineData("https://staging-api.verifik.co/proxy/")]
    [InlineData("http://api.verifik.co")]
    [InlineData("https://api.verifik.co:8443")]
    [InlineData("https://verifik.example")]
    [InlineData("http://127.0.0.1:5080")]
    public void Any_other_address_is_no_named_environment(string uri)
    {
        Assert.Null(VerifikEnvironments.At(new Uri(uri)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_unset_or_blank_variable_names_nothing(string? value)
    {
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, value);

        Assert.Null(VerifikEnvironments.FromEnvironmentVariable());
    }

    [Theory]
    [InlineData("Staging", "https://staging-api.verifik.co/")]
    [InlineData(" staging ", "https://staging-api.verifik.co/")]
    [InlineData("PRODUCTION", "https://api.verifik.co/")]
    public void The_variable_names_an_environment_in_any_case(string value, string expected)
    {
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, value);

        Assert.Equal(expected, VerifikEnvironments.FromEnvironmentVariable()!.AbsoluteUri);
    }

    [Fact]
    public void A_variable_that_names_no_environment_is_refused_with_the_names_and_the_alternative()
    {
        Environment.SetEnvironmentVariable(VerifikEnvironments.EnvironmentVariable, "Moon");

        var error = Assert.Throws<VerifikException>(() => VerifikEnvironments.FromEnvironmentVariable());

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
        Assert.Contains("'Moon'", error.Message);
        Assert.Contains("Production or Staging", error.Message);
        Assert.Contains("$env:VERIFIK_BASE_URL", error.Message);
    }
}
