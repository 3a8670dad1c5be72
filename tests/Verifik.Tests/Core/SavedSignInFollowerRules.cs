using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// SavedSignInFollower: a session holding the saved sign-in's token notices, before its next call, that another
/// process renewed it, revoked the others, signed in again or disconnected; it reads the file only when its stamp
/// changed, and after a 401 it reads it once for a different, valid token.
/// </summary>
public sealed class SavedSignInFollowerRules : IDisposable
{
    private readonly TemporarySavedSignIn _saved = new();

    public void Dispose() => _saved.Dispose();

    [UnixFileFact]
    public void Follows_a_renewal_a_new_sign_in_and_a_removal_and_is_quiet_in_between()
    {
        var generation = _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));
        var follower = new SavedSignInFollower(_saved.SavedSignIn, _saved.SavedSignIn.Read(), TimeSpan.Zero);
        Assert.Null(follower.CheckForChange());

        // Written at once, so within one tick of a coarse file-system clock, and as long as the file before.
        var renewed = TemporarySavedSignIn.NewToken(days: 1, seconds: 1);
        Assert.True(_saved.SavedSignIn.SaveRenewal(renewed, generation));
        Assert.True(follower.CheckForChange()!.Holds(renewed));
        Assert.Null(follower.CheckForChange());

        var other = TemporarySavedSignIn.NewToken(days: 20);
        var otherGeneration = _saved.SavedSignIn.Save(other);
        var followed = follower.CheckForChange()!;
        Assert.True(followed.Holds(other));
        Assert.Equal(otherGeneration, followed.Generation);

        Assert.True(_saved.SavedSignIn.Delete());
        Assert.False(follower.CheckForChange()!.Exists);
        Assert.Null(follower.CheckForChange());
    }

    [UnixFileFact]
    public void Looks_at_the_file_at_most_once_per_interval()
    {
        var generation = _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));
        var follower = new SavedSignInFollower(_saved.SavedSignIn, _saved.SavedSignIn.Read(), TimeSpan.FromDays(1));

        Assert.True(_saved.SavedSignIn.SaveRenewal(TemporarySavedSignIn.NewToken(days: 2), generation));

        Assert.Null(follower.CheckForChange());
    }

    [UnixFileFact]
    public async Task After_its_own_shared_renewal_a_session_does_not_read_the_file_again()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        var follower = new SavedSignInFollower(_saved.SavedSignIn, _saved.SavedSignIn.Read(), TimeSpan.Zero);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);

        follower.Followed(await _saved.SavedSignIn.RenewSharedAsync(token, generation, TimeSpan.FromDays(7), (_, _) => Task.FromResult(renewed), CancellationToken.None));

        Assert.Null(follower.CheckForChange());
    }

    [UnixFileFact]
    public void After_a_401_offers_the_saved_token_only_when_it_is_another_valid_one()
    {
        var refused = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(refused);
        var follower = new SavedSignInFollower(_saved.SavedSignIn, _saved.SavedSignIn.Read(), TimeSpan.FromDays(1));

        Assert.Null(follower.AfterUnauthorized(refused));

        Assert.True(_saved.SavedSignIn.SaveRenewal(TemporarySavedSignIn.NewToken(days: -1), generation));
        Assert.Null(follower.AfterUnauthorized(refused));

        var revokedTheOthers = TemporarySavedSignIn.NewToken(days: 30);
        Assert.True(_saved.SavedSignIn.SaveRenewal(revokedTheOthers, generation));
        Assert.True(follower.AfterUnauthorized(refused)!.Holds(revokedTheOthers));

        Assert.True(_saved.SavedSignIn.Delete());
        Assert.Null(follower.AfterUnauthorized(refused));
    }
}
