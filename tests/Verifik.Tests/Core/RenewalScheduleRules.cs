using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// When a session renews its token before a call (RenewalSchedule), at a fixed clock. How the cmdlets act on it
/// (runspaces at the gate, the warnings) is Pester's: VerifikSession.Tests.ps1 and SavedSignInLifecycle.Tests.ps1.
/// </summary>
public class RenewalScheduleRules
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Within = TimeSpan.FromDays(2);

    private static VerifikToken TokenLeft(TimeSpan left) =>
        VerifikToken.FromJwt(TestJwt.WithExpiresAt(Now + left), null, Now);

    [Theory]
    [InlineData(47, true)]
    [InlineData(48, true)]
    [InlineData(49, false)]
    public void IsDueWhenRenewWithinOrLessIsLeft(int hoursLeft, bool due) =>
        Assert.Equal(due, new RenewalSchedule().IsDue(TokenLeft(TimeSpan.FromHours(hoursLeft)), Within, Now));

    [Fact]
    public void IsNeverDueWithRenewWithinZeroOrForAnExpiredToken()
    {
        var schedule = new RenewalSchedule();

        Assert.False(schedule.IsDue(TokenLeft(TimeSpan.FromMinutes(1)), TimeSpan.Zero, Now));
        Assert.False(schedule.IsDue(TokenLeft(TimeSpan.Zero), Within, Now));
        Assert.False(schedule.IsDue(TokenLeft(TimeSpan.FromHours(-1)), Within, Now));
    }

    [Fact]
    public void WaitsRetryAfterAFailedRenewalOfThatTokenOnly()
    {
        var schedule = new RenewalSchedule();
        var failed = TokenLeft(TimeSpan.FromDays(1));
        schedule.RecordFailure(failed, Now);

        Assert.True(schedule.HasFailed(failed));
        Assert.False(schedule.IsDue(failed, Within, Now + RenewalSchedule.RetryAfter - TimeSpan.FromSeconds(1)));
        Assert.True(schedule.IsDue(failed, Within, Now + RenewalSchedule.RetryAfter));
        // Another token (signed in again, or adopted) is due at once and has no failure to its name.
        var other = TokenLeft(TimeSpan.FromDays(1));
        Assert.True(schedule.IsDue(other, Within, Now));
        Assert.False(schedule.HasFailed(other));
    }

    [Fact]
    public void ForgetsTheFailureOnceARenewalGoesThrough()
    {
        var schedule = new RenewalSchedule();
        var token = TokenLeft(TimeSpan.FromDays(1));
        schedule.RecordFailure(token, Now);

        Assert.False(schedule.RecordRenewal(TokenLeft(TimeSpan.FromDays(30)), Within, Now));

        Assert.False(schedule.HasFailed(token));
        Assert.True(schedule.IsDue(token, Within, Now));
    }

    [Fact]
    public void RenewsATokenThatCameBackNoLongerThanRenewWithinOnlyHalfItsLifeOn()
    {
        var schedule = new RenewalSchedule();
        var shortToken = TokenLeft(TimeSpan.FromHours(36));

        Assert.True(schedule.RecordRenewal(shortToken, Within, Now));

        Assert.False(schedule.IsDue(shortToken, Within, Now));
        Assert.False(schedule.IsDue(shortToken, Within, Now + TimeSpan.FromHours(18) - TimeSpan.FromSeconds(1)));
        Assert.True(schedule.IsDue(shortToken, Within, Now + TimeSpan.FromHours(18)));
        Assert.False(schedule.HasFailed(shortToken));
    }

    [Fact]
    public void KeepsAShortRenewalsWaitWhenAnOlderTokensRenewalFailsLate()
    {
        var schedule = new RenewalSchedule();
        var older = TokenLeft(TimeSpan.FromHours(40));
        var shortToken = TokenLeft(TimeSpan.FromHours(36));

        Assert.True(schedule.RecordRenewal(shortToken, Within, Now));
        schedule.RecordFailure(older, Now);

        Assert.False(schedule.IsDue(shortToken, Within, Now));
        Assert.False(schedule.HasFailed(shortToken));
    }

    [Fact]
    public void CountsARenewalOfExactlyRenewWithinAsShort()
    {
        var schedule = new RenewalSchedule();
        var token = TokenLeft(Within);

        Assert.True(schedule.RecordRenewal(token, Within, Now));
        Assert.False(schedule.IsDue(token, Within, Now));
    }

    [Fact]
    public void AsksForTheShortRenewalWarningOncePerSession()
    {
        var schedule = new RenewalSchedule();

        Assert.True(schedule.RecordRenewal(TokenLeft(TimeSpan.FromHours(36)), Within, Now));
        Assert.False(schedule.RecordRenewal(TokenLeft(TimeSpan.FromHours(36)), Within, Now + TimeSpan.FromHours(18)));
    }

    [Fact]
    public void RecordsNoWaitForARenewalLongerThanRenewWithinOrForNone()
    {
        var schedule = new RenewalSchedule();
        var longToken = TokenLeft(TimeSpan.FromDays(30));

        Assert.False(schedule.RecordRenewal(longToken, Within, Now));
        Assert.False(schedule.RecordRenewal(null, Within, Now));

        // Due as soon as it is within RenewWithin, with no half-life wait.
        Assert.True(schedule.IsDue(longToken, Within, Now + TimeSpan.FromDays(28)));
    }
}
