using System;
using System.Linq;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>The session's transport settings, their bounds and defaults, and what it says about its token.</summary>
public sealed class VerifikSessionRules
{
    [Fact]
    public void A_new_session_waits_30_seconds_retries_3_times_from_1_second_and_has_no_token()
    {
        var session = new VerifikSession();

        Assert.Equal((30, 3, 1), (session.TimeoutSec, session.MaximumRetryCount, session.RetryIntervalSec));
        Assert.Equal(TimeSpan.FromSeconds(30), session.Client.Settings.Timeout);
        Assert.Equal(3, session.Client.Settings.MaximumRetryCount);
        Assert.Equal(TimeSpan.FromSeconds(1), session.Client.Settings.RetryInterval);
        Assert.False(session.IsConnected);
        Assert.Equal("Verifik session (not signed in)", session.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(SessionSettings.MaxTimeoutSec)]
    public void TimeoutSec_takes_1_second_to_an_hour(int seconds)
    {
        var session = new VerifikSession { TimeoutSec = seconds };

        Assert.Equal(seconds, session.TimeoutSec);
        Assert.Equal(TimeSpan.FromSeconds(seconds), session.Client.Settings.Timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SessionSettings.MaxTimeoutSec + 1)]
    public void TimeoutSec_outside_1_second_to_an_hour_is_refused_and_the_old_value_kept(int seconds)
    {
        var session = new VerifikSession();

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => session.TimeoutSec = seconds);

        Assert.StartsWith($"{nameof(VerifikSession.TimeoutSec)} must be from", refused.Message);
        Assert.Contains($"1 to {SessionSettings.MaxTimeoutSec}", refused.Message);
        Assert.Equal(30, session.TimeoutSec);
    }

    [Fact]
    public void MaximumRetryCount_and_RetryIntervalSec_take_zero_and_refuse_negatives()
    {
        var session = new VerifikSession { MaximumRetryCount = 0, RetryIntervalSec = 0 };

        var retries = Assert.Throws<ArgumentOutOfRangeException>(() => session.MaximumRetryCount = -1);
        var interval = Assert.Throws<ArgumentOutOfRangeException>(() => session.RetryIntervalSec = -1);

        Assert.Equal((0, 0), (session.MaximumRetryCount, session.RetryIntervalSec));
        Assert.Equal(0, session.Client.Settings.MaximumRetryCount);
        Assert.Equal(TimeSpan.Zero, session.Client.Settings.RetryInterval);
        Assert.StartsWith($"{nameof(VerifikSession.MaximumRetryCount)} must be from", retries.Message);
        Assert.StartsWith($"{nameof(VerifikSession.RetryIntervalSec)} must be from", interval.Message);
    }

    [Fact]
    public void The_client_is_reused_until_a_transport_setting_changes_and_then_built_with_the_new_setting()
    {
        var session = new VerifikSession();
        var first = session.Client;

        Assert.Same(first, session.Client);
        session.AllowUnencryptedAuthentication = true;
        Assert.Same(first, session.Client);

        session.MaximumRetryCount = 7;
        var second = session.Client;
        session.RetryIntervalSec = 4;
        var third = session.Client;
        session.TimeoutSec = 9;
        var fourth = session.Client;
        session.NoProxy = true;
        var fifth = session.Client;
        session.Proxy = new Uri("http://proxy.example:3128");
        var sixth = session.Client;
        session.Settings = session.Settings with { ProxyCredential = new System.Net.NetworkCredential("user", "pass") };

        Assert.Equal(7, new[] { first, second, third, fourth, fifth, sixth, session.Client }.Distinct().Count());
        Assert.Equal(7, second.Settings.MaximumRetryCount);
        Assert.Equal(TimeSpan.FromSeconds(4), third.Settings.RetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(9), fourth.Settings.Timeout);
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

    [Theory]
    [InlineData(50 * 3600 + 120, "2d 2h")]
    [InlineData(5 * 3600 + 7 * 60 + 30, "5h 7m")]
    [InlineData(4 * 60 + 5, "4m 5s")]
    public void How_much_time_is_left_reads_in_the_two_largest_units(int seconds, string expected)
    {
        Assert.Equal(expected, VerifikSession.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_token_with_too_little_time_left_is_TokenExpiring_naming_both_times_and_who()
    {
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddHours(5).AddMinutes(1)), SignInSubject.ForPhone("+57", "3001234567"), DateTimeOffset.UtcNow));

        var expiring = Assert.Throws<VerifikException>(() => session.RequireToken(TimeSpan.FromDays(1)));

        Assert.Equal(VerifikErrorKind.TokenExpiring, expiring.Kind);
        Assert.Contains("+57 3001234567 has 5h 0m left, less than the 1d 0h asked for", expiring.Message);
    }

    [Fact]
    public void An_expired_token_is_TokenExpired_naming_the_client_when_there_is_no_address()
    {
        var session = new VerifikSession();
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddSeconds(-5), clientId: "client-7"), null, DateTimeOffset.UtcNow));

        var expired = Assert.Throws<VerifikException>(() => session.RequireToken());

        Assert.Equal(VerifikErrorKind.TokenExpired, expired.Kind);
        Assert.Contains("for client-7 expired on", expired.Message);
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
