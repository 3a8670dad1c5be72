using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// What a session says about itself: which Verifik its next call goes to, whether it keeps a saved sign-in, whether
/// it was signed out, and who its token is for, masked where error targets and verbose lines name them.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SessionStateRules : IDisposable
{
    private readonly string? _baseUrl = Environment.GetEnvironmentVariable("VERIFIK_BASE_URL");
    private readonly string? _environment = Environment.GetEnvironmentVariable("VERIFIK_ENVIRONMENT");

    public SessionStateRules()
    {
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URL", null);
        Environment.SetEnvironmentVariable("VERIFIK_ENVIRONMENT", null);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URL", _baseUrl);
        Environment.SetEnvironmentVariable("VERIFIK_ENVIRONMENT", _environment);
    }

    [Theory]
    [InlineData("https://api.verifik.co/", "Production")]
    [InlineData("https://staging-api.verifik.co/", "Staging")]
    [InlineData("https://verifik.example/", "Custom")]
    [InlineData("http://127.0.0.1:5000/", "Custom")]
    public void Environment_names_the_Verifik_the_session_s_address_is(string baseUri, string expected)
    {
        Assert.Equal(expected, new VerifikSession(new Uri(baseUri)).Environment);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/", "Staging", "Custom")]
    [InlineData("https://staging-api.verifik.co/", null, "Staging")]
    [InlineData("https://api.verifik.co/", "Staging", "Production")]
    public void Environment_names_where_the_token_goes_its_issuer_before_the_variables(string issuer, string? environmentVariable, string expected)
    {
        // The emulator's saved sign-in beside $env:VERIFIK_ENVIRONMENT = 'Staging' once said Staging while a DELETE
        // went to 127.0.0.1; with nothing set, the public API (Production) was named for it.
        Environment.SetEnvironmentVariable("VERIFIK_ENVIRONMENT", environmentVariable);
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow, new Uri(issuer)));

        Assert.Equal(expected, session.Environment);
        Assert.Equal(VerifikEnvironments.At(session.EffectiveBaseUri!)?.ToString() ?? "Custom", session.Environment);
    }

    [Fact]
    public void Environment_of_a_session_with_its_own_address_is_that_address_s_whoever_issued_the_token()
    {
        var session = new VerifikSession(new Uri("https://staging-api.verifik.co/"));
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow, new Uri("http://127.0.0.1:5080/")));

        Assert.Equal("Staging", session.Environment);
    }

    [Fact]
    public void Environment_is_Custom_rather_than_an_error_when_the_variable_it_follows_is_unusable()
    {
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URL", "not an address");

        Assert.Equal("Custom", new VerifikSession().Environment);
    }

    [Fact]
    public void The_effective_address_is_the_session_s_then_the_token_issuer_s()
    {
        var issuer = new Uri("https://staging-api.verifik.co/");
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow, issuer));

        Assert.Equal(issuer, session.EffectiveBaseUri);
        session.BaseUri = new Uri("https://verifik.example/");
        Assert.Equal(new Uri("https://verifik.example/"), session.EffectiveBaseUri);
    }

    [Fact]
    public void The_effective_address_is_null_while_it_would_be_refused_for_sending_tokens_in_clear()
    {
        var session = new VerifikSession(new Uri("http://verifik.example/"));

        Assert.Null(session.EffectiveBaseUri);
        session.AllowUnencryptedAuthentication = true;
        Assert.Equal(new Uri("http://verifik.example/"), session.EffectiveBaseUri);
    }

    [Fact]
    public void A_session_keeps_a_saved_sign_in_while_it_holds_a_generation()
    {
        var session = new VerifikSession();
        Assert.False(session.IsSaved);

        session.SavedGeneration = "0123456789abcdef";
        Assert.True(session.IsSaved);
    }

    [Fact]
    public void Setting_no_token_is_a_sign_out_and_setting_one_ends_it()
    {
        var session = new VerifikSession();

        session.SetToken(null);
        Assert.True(session.SignedOut);
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow));
        Assert.False(session.SignedOut);
    }

    [Fact]
    public void Without_a_token_the_error_says_how_to_sign_in_including_in_parallel_runspaces()
    {
        var failure = Assert.Throws<VerifikException>(() => new VerifikSession().RequireToken());

        Assert.Equal(VerifikErrorKind.NotConnected, failure.Kind);
        Assert.Contains("Connect-Verifik", failure.Message);
        Assert.Contains("$env:VERIFIK_ACCESS_TOKEN", failure.Message);
    }

    [Fact]
    public void Who_a_token_is_for_is_the_masked_address_else_the_client_else_this_client()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var withAddress = VerifikToken.FromJwt(TestJwt.WithExpiresAt(expires), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow);
        var clientOnly = VerifikToken.FromJwt(TestJwt.WithExpiresAt(expires, clientId: "client-7"), null, DateTimeOffset.UtcNow);
        var nobody = VerifikToken.FromJwt(TestJwt.Create($"{{\"expiresAt\":{expires.ToUnixTimeSeconds()}}}"), null, DateTimeOffset.UtcNow);

        Assert.Equal("a***@example.com", VerifikSession.MaskedWho(withAddress));
        Assert.Equal("ana@example.com", VerifikSession.Who(withAddress));
        Assert.Equal("client client-7", VerifikSession.MaskedWho(clientOnly));
        Assert.Equal("this client", VerifikSession.MaskedWho(nobody));
        Assert.Equal("this client", VerifikSession.Who(nobody));
    }

    [Theory]
    [InlineData(3600, "1h 0m")]
    [InlineData(86400, "1d 0h")]
    [InlineData(59, "0m 59s")]
    public void Time_left_at_a_unit_s_boundary_reads_in_that_unit(int seconds, string expected)
    {
        Assert.Equal(expected, VerifikSession.Format(TimeSpan.FromSeconds(seconds)));
    }
}
