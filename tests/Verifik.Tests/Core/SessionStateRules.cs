using System;
using System.Linq;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// What a session says about itself: which Verifik its next call goes to, whether it keeps a saved sign-in, whether
/// it was signed out, who its token is for (masked where error targets and verbose lines name them), whether its token
/// will do, and how a renewal replaces it.
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
    public void Without_a_token_a_session_is_not_signed_in_and_the_next_step_says_how_to_sign_in()
    {
        var session = new VerifikSession();

        var failure = Assert.Throws<VerifikException>(() => session.RequireToken());

        Assert.False(session.IsConnected);
        Assert.Equal("Verifik session (not signed in)", session.ToString());

        Assert.Equal(VerifikErrorKind.NotConnected, failure.Kind);
        Assert.Contains("Connect-Verifik", failure.RecommendedAction);
        Assert.Contains("$env:VERIFIK_ACCESS_TOKEN", failure.RecommendedAction);
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

    [Fact]
    public void A_session_is_connected_while_its_token_is_unexpired()
    {
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddMinutes(5)), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow));
        Assert.True(session.IsConnected);
        Assert.StartsWith("Verifik session for ana@example.com, token expires ", session.ToString());

        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddSeconds(-1)), null, DateTimeOffset.UtcNow));
        Assert.False(session.IsConnected);
    }

    [Fact]
    public void A_token_with_too_little_time_left_is_TokenExpiring_naming_who_and_both_times()
    {
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddHours(5).AddMinutes(1)), SignInSubject.ForPhone("+57", "3001234567"), DateTimeOffset.UtcNow));

        var expiring = Assert.Throws<VerifikException>(() => session.RequireToken(TimeSpan.FromDays(1)));

        Assert.Equal(VerifikErrorKind.TokenExpiring, expiring.Kind);
        Assert.Contains("+57 3001234567", expiring.Message);
        Assert.Contains("5h 0m", expiring.Message);
        Assert.Contains("1d 0h", expiring.Message);
        Assert.False(session.RequireToken(TimeSpan.FromHours(4)).IsExpired);
    }

    [Fact]
    public void An_expired_token_is_TokenExpired_naming_the_client_when_there_is_no_address()
    {
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddSeconds(-5), clientId: "client-7"), null, DateTimeOffset.UtcNow));

        var expired = Assert.Throws<VerifikException>(() => session.RequireToken());

        Assert.Equal(VerifikErrorKind.TokenExpired, expired.Kind);
        Assert.Contains("client-7", expired.Message);
    }

    [Theory]
    [InlineData(50 * 3600 + 120, "2d 2h")]
    [InlineData(5 * 3600 + 7 * 60 + 30, "5h 7m")]
    [InlineData(4 * 60 + 5, "4m 5s")]
    [InlineData(86400, "1d 0h")]
    [InlineData(3600, "1h 0m")]
    [InlineData(59, "0m 59s")]
    public void Time_left_reads_in_the_two_largest_units_from_a_unit_s_boundary_on(int seconds, string expected)
    {
        Assert.Equal(expected, VerifikSession.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_renewal_does_not_overwrite_a_token_that_was_replaced_meanwhile()
    {
        var session = new VerifikSession();
        var first = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow);
        var newer = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(2)), null, DateTimeOffset.UtcNow);
        var renewedFirst = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30)), null, DateTimeOffset.UtcNow);
        session.SetToken(first);
        session.SetToken(newer);

        var replaced = session.ReplaceToken(first, renewedFirst);

        Assert.False(replaced);
        Assert.Same(newer, session.Token);
        Assert.True(session.ReplaceToken(newer, renewedFirst));
        Assert.Same(renewedFirst, session.Token);
    }

    [Fact]
    public void Addresses_used_are_remembered_once_whatever_their_case_for_completion()
    {
        var session = new VerifikSession();

        session.RememberEmail("ana@example.com");
        session.RememberEmail("ANA@example.com");
        session.RememberEmail("bob@example.com");
        session.RememberEmail(null);

        Assert.Null(session.Email);
        Assert.Equal(2, session.UsedEmails.Count());
        Assert.Contains("bob@example.com", session.UsedEmails);
    }
}
