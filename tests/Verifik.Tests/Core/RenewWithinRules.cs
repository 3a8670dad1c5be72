using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>RenewWithin: what automatic (null) means for a session's token, and the setting's bounds.</summary>
public sealed class RenewWithinRules
{
    [Fact]
    public void Automatic_is_7_days_for_the_saved_sign_in_and_never_for_any_other_token()
    {
        var session = new VerifikSession();
        Assert.Null(session.RenewWithin);
        Assert.Equal(TimeSpan.Zero, session.EffectiveRenewWithin);

        session.SavedGeneration = "g1";

        Assert.Equal(SessionSettings.DefaultSavedRenewWithin, session.EffectiveRenewWithin);
        Assert.Equal(TimeSpan.FromDays(7), SessionSettings.DefaultSavedRenewWithin);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_value_set_wins_over_automatic_whatever_the_token_came_from(bool saved)
    {
        var session = new VerifikSession { SavedGeneration = saved ? "g1" : null };

        session.RenewWithin = TimeSpan.FromDays(2);
        Assert.Equal(TimeSpan.FromDays(2), session.EffectiveRenewWithin);

        session.RenewWithin = TimeSpan.Zero;
        Assert.Equal(TimeSpan.Zero, session.EffectiveRenewWithin);
    }

    [Fact]
    public void The_bounds_are_0_to_half_the_shortest_month_a_renewal_gives()
    {
        var session = new VerifikSession { RenewWithin = SessionSettings.MaxRenewWithin };
        Assert.Equal(TimeSpan.FromDays(14), session.RenewWithin);
        session.RenewWithin = TimeSpan.Zero;

        session.RenewWithin = SessionSettings.MinRenewWithin;
        session.RenewWithin = TimeSpan.Zero;

        // Seven ticks is what PowerShell makes of "RenewWithin = 7".
        foreach (var outside in new[] { TimeSpan.FromTicks(-1), TimeSpan.FromTicks(7), SessionSettings.MinRenewWithin - TimeSpan.FromTicks(1), SessionSettings.MaxRenewWithin + TimeSpan.FromTicks(1) })
        {
            var refused = Assert.Throws<ArgumentOutOfRangeException>(() => session.RenewWithin = outside);

            // The wording is in tests/approved/messages.approved.txt.
            Assert.StartsWith(SessionSettings.RenewWithinRule, refused.Message);
            Assert.DoesNotContain("Parameter '", refused.Message);
            Assert.Equal(TimeSpan.Zero, session.RenewWithin);
        }
    }
}
