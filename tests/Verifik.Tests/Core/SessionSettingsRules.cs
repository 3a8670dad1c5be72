using System;
using System.Linq;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// The transport settings record: its defaults (the one test of them; New-VerifikSession and the help read the same
/// constants), its bounds as a session's properties enforce them, and when the session builds a new client.
/// </summary>
public sealed class SessionSettingsRules
{
    [Fact]
    public void The_defaults_are_30_seconds_3_retries_from_1_second_and_the_system_proxy_and_a_new_session_uses_them()
    {
        var settings = new SessionSettings();
        var session = new VerifikSession();

        Assert.Equal((30, 3, 1), (settings.TimeoutSec, settings.MaximumRetryCount, settings.RetryIntervalSec));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)), (settings.Timeout, settings.RetryInterval));
        Assert.Equal((null, false), (settings.Proxy, settings.NoProxy));
        Assert.Equal(settings, session.Settings);
        Assert.Equal(settings, session.Client.Settings);
        Assert.False(session.AllowUnencryptedAuthentication);
    }

    [Fact]
    public void A_proxy_address_with_a_user_name_or_password_is_refused_without_showing_it()
    {
        var session = new VerifikSession();

        var refused = Assert.Throws<ArgumentException>(() => session.Proxy = new Uri("http://user:s3cr3t@proxy.example:3128"));

        Assert.Contains("-ProxyCredential", refused.Message);
        Assert.DoesNotContain("s3cr3t", refused.Message);
        Assert.Null(session.Proxy);
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

        Assert.StartsWith($"{nameof(VerifikSession.TimeoutSec)} must be from 1 to {SessionSettings.MaxTimeoutSec}", refused.Message);
        Assert.Equal(SessionSettings.DefaultTimeoutSec, session.TimeoutSec);
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
        Assert.StartsWith(nameof(VerifikSession.MaximumRetryCount), retries.Message);
        Assert.StartsWith(nameof(VerifikSession.RetryIntervalSec), interval.Message);
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
    public void Settings_cannot_be_set_to_nothing_and_the_session_keeps_its_own_and_its_client()
    {
        var session = new VerifikSession { TimeoutSec = 9 };
        var client = session.Client;

        Assert.Throws<ArgumentNullException>(() => session.Settings = null!);

        Assert.Equal(9, session.TimeoutSec);
        Assert.Same(client, session.Client);
    }
}
