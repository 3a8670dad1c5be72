using System;
using Xunit;

namespace Verifik.Tests.Core;

[Collection(EnvironmentCollection.Name)]
public sealed class BaseUriResolverTests : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable(BaseUriResolver.EnvironmentVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, _saved);

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

    [Theory]
    [InlineData("http://api.verifik.co")]
    [InlineData("http://10.1.2.3:8080")]
    public void Refuses_unencrypted_remote_hosts(string uri)
    {
        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Resolve(new Uri(uri), new VerifikSession()));

        Assert.Equal("Verifik.InsecureBaseUri", error.ErrorId);
        Assert.Equal(uri + "/", BaseUriResolver.Resolve(new Uri(uri), new VerifikSession(), allowUnencrypted: true).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void Allows_unencrypted_loopback_for_the_emulator(string uri)
    {
        Assert.Equal(new Uri(uri), BaseUriResolver.Resolve(new Uri(uri), new VerifikSession()));
    }

    [Fact]
    public void Reports_a_malformed_environment_variable()
    {
        Environment.SetEnvironmentVariable(BaseUriResolver.EnvironmentVariable, "api.verifik.co");

        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Resolve(null, new VerifikSession()));

        Assert.Equal("Verifik.InvalidBaseUri", error.ErrorId);
        Assert.Contains("VERIFIK_BASE_URL", error.Message);
    }

    [Fact]
    public void Joins_paths_under_a_base_with_a_path_prefix()
    {
        var endpoint = BaseUriResolver.Endpoint(new Uri("https://proxy.example/verifik/"), "v2/projects/email-login", "email=bob%2Bops%40example.com");

        Assert.Equal("https://proxy.example/verifik/v2/projects/email-login?email=bob%2Bops%40example.com", endpoint.AbsoluteUri);
    }
}
