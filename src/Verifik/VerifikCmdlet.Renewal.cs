using System;
using System.Management.Automation;
using System.Threading;

namespace Verifik;

/// <summary>
/// Keeping the token a call uses alive and in step with the saved sign-in: before a call, the session follows
/// another shell's change to the saved sign-in it keeps, then renews when RenewWithin or less is left (for the saved
/// sign-in once for every process, under its lock); after a 401, one retry with a newer token the saved sign-in holds.
/// </summary>
public abstract partial class VerifikCmdlet
{
    /// <summary>What a session keeping the saved sign-in follows from now on: the read its token came from.</summary>
    internal static void Follow(VerifikSession session, SavedSignIn saved, SavedSignInSnapshot loaded)
    {
        session.SavedGeneration = loaded.Generation;
        session.Follower = new SavedSignInFollower(saved, loaded);
    }

    /// <summary>The session keeps no saved sign-in from now on: it was removed, or the session signed in for this process only.</summary>
    internal static void StopFollowing(VerifikSession session)
    {
        session.SavedGeneration = null;
        session.Follower = null;
    }

    /// <summary>
    /// Before a call: when another process renewed, replaced or removed the saved sign-in this session keeps, the
    /// session takes the change over. A clock read per call; a stat at most once a second.
    /// </summary>
    private void FollowSavedSignIn(VerifikSession session)
    {
        if (session.Follower?.CheckForChange() is { } now)
        {
            TakeOver(session, now);
        }
    }

    /// <summary>Adopts what the saved sign-in holds now: its token, nothing (signed out elsewhere), or a problem to warn about.</summary>
    private void TakeOver(VerifikSession session, SavedSignInSnapshot now)
    {
        var path = session.Follower?.SavedSignIn.Path;
        if (!now.Exists)
        {
            // Disconnect-Verifik wins everywhere: a shell that used the removed sign-in is signed out too.
            session.SetToken(null);
            StopFollowing(session);
            WriteVerbose($"The saved Verifik sign-in at {path} was removed (Disconnect-Verifik in another shell), so this session is signed out too.");
        }
        else if (now.Token is { } token)
        {
            if (!GoesToItsIssuer(session, token))
            {
                // Another shell saved a sign-in of another Verifik: following it would send that token to this session's.
                StopFollowing(session);
                WriteWarning($"The saved Verifik sign-in at {path} now holds a token of another Verifik than the one this session calls, so this session no longer follows it and keeps its own token.");
                return;
            }

            session.SavedGeneration = now.Generation;
            if (session.Token is not { } held || !now.Holds(held))
            {
                session.SetToken(token);
                WriteVerbose($"Using the Verifik token another shell saved to {path} (renewed or signed in again there).");
            }
        }
        else
        {
            WriteWarning(now.Problem!);
        }
    }

    /// <summary>
    /// Before a call: renews the token when the session's <see cref="RenewalSchedule"/> says it is due. One that fails
    /// is one warning (per token) and the call goes on with the still valid token; a short renewal is one warning per
    /// session; a token already expired or refused is left to the call's error.
    /// </summary>
    private void RenewIfDue(VerifikSession session)
    {
        var within = session.EffectiveRenewWithin;
        var schedule = session.Renewal;
        if (session.Token is not { } current || !session.IsConnected || !schedule.IsDue(current, within, DateTimeOffset.UtcNow))
        {
            return;
        }

        // Verbose lines name the account masked; the warnings below, like every error and the expiry warning, in full.
        var who = VerifikSession.MaskedWho(current);
        // Read before trying: a runspace of this session whose renewal fails records it under the gate below.
        var warnedBefore = schedule.HasFailed(current);
        WriteVerbose($"The Verifik token for {who} has {VerifikSession.Format(current.TimeRemaining)} left, within the session's RenewWithin of {within:c}, so it is renewed first.");
        try
        {
            // One renewal for the runspaces that share this session (the saved sign-in's lock file serves every
            // process), waited for in steps so that Ctrl+C reaches a runspace that waits while another renews.
            while (!Monitor.TryEnter(schedule.Gate, 100))
            {
                _stopping.Token.ThrowIfCancellationRequested();
            }

            VerifikToken? shortRenewal = null;
            try
            {
                // Another runspace may have renewed it while this one waited, or failed to: both are recorded under
                // this gate, so the token is no longer due here.
                if (!ReferenceEquals(session.Token, current) || !schedule.IsDue(current, within, DateTimeOffset.UtcNow))
                {
                    WriteVerbose(session.Token is null ? "This session was signed out meanwhile; nothing was renewed."
                        : !ReferenceEquals(session.Token, current) ? $"Another runspace renewed or replaced the Verifik token for {who} meanwhile; using it, with nothing sent."
                        : schedule.HasFailed(current) ? $"Another runspace's renewal of the Verifik token for {who} failed meanwhile; this call uses the token as it is, with nothing sent."
                        : $"The Verifik token for {who} is no longer due for renewal; nothing was sent.");
                    return;
                }

                try
                {
                    if (session.Follower is { } follower && session.SavedGeneration is { } generation)
                    {
                        switch (RenewShared(session, follower, current, generation, within, VerifikToken.DefaultRenewalMonths).Outcome)
                        {
                            case SharedRenewalOutcome.Removed:
                                // Disconnect-Verifik wins everywhere: a shell that used the removed sign-in is signed out too.
                                session.SetToken(null);
                                WriteVerbose($"The saved Verifik sign-in at {follower.SavedSignIn.Path} was removed (Disconnect-Verifik in another shell), so nothing was renewed and this session is signed out too.");
                                break;
                            case SharedRenewalOutcome.LockTimedOut:
                                // Warned about; not waited for again on every call.
                                schedule.RecordFailure(current, DateTimeOffset.UtcNow);
                                return;
                        }
                    }
                    else
                    {
                        Run((verbose, cancel) => VerifikApi.RefreshTokenAsync(session, RenewalBaseUri(session, current), current, VerifikToken.DefaultRenewalMonths, verbose, cancel));
                        WriteVerbose($"Renewed the Verifik token for {who}; it is kept in this session only, which did not load it from the saved sign-in.");
                    }
                }
                catch (VerifikException)
                {
                    // Recorded before the gate opens, so the runspaces waiting at it do not send one each.
                    schedule.RecordFailure(current, DateTimeOffset.UtcNow);
                    throw;
                }
                finally
                {
                    // Also when a warning written on the way was made to stop the command (-WarningAction Stop).
                    if (NewTokenOf(session, current) is { } renewed && schedule.RecordRenewal(renewed, within, DateTimeOffset.UtcNow))
                    {
                        shortRenewal = renewed;
                    }
                }
            }
            finally
            {
                Monitor.Exit(schedule.Gate);
            }

            if (shortRenewal is not null)
            {
                WriteWarning($"Verifik renewed the token for {VerifikSession.Who(current)} for only {VerifikSession.Format(shortRenewal.TimeRemaining)}, no more than the session's RenewWithin of {VerifikSession.Format(within)}, so this session renews it again only when half of those {VerifikSession.Format(shortRenewal.TimeRemaining)} have passed, not before every call. Set RenewWithin below the life Verifik gives its tokens.");
            }
        }
        catch (VerifikException ex)
        {
            // Recorded under the gate, where it was thrown.
            if (!warnedBefore)
            {
                WriteWarning($"The Verifik token for {VerifikSession.Who(current)} could not be renewed, so this call uses it as it is (valid until {current.ExpiresOn:u}); renewing is tried again in {RenewalSchedule.RetryAfter.TotalMinutes:0} minutes. {ex.Message}");
            }
        }
    }

    /// <summary>The token the session holds now, if a renewal (or another runspace) replaced <paramref name="before"/>.</summary>
    private static VerifikToken? NewTokenOf(VerifikSession session, VerifikToken before) =>
        session.Token is { } held && !ReferenceEquals(held, before) ? held : null;

    /// <summary>
    /// Renews the saved sign-in this session keeps, once for every process (SavedSignIn.RenewSharedAsync), and takes
    /// over what it leaves: the renewed token, or one another process renewed meanwhile. When the sign-in was removed
    /// the session stops following it, and the caller decides what its token becomes. Errors of the renewal itself
    /// propagate; trouble with the file is one warning.
    /// </summary>
    /// <param name="renewWithin">Renew unless the file's token has more left; TimeSpan.MaxValue always renews.</param>
    protected SharedRenewal RenewShared(
        VerifikSession session, SavedSignInFollower follower, VerifikToken current, string generation, TimeSpan renewWithin, int expiresInMonths)
    {
        var saved = follower.SavedSignIn;
        var result = Run((verbose, cancel) => saved.RenewSharedAsync(
            current,
            generation,
            renewWithin,
            (basis, renewing) => GoesToItsIssuer(session, basis)
                ? VerifikApi.RenewAsync(session, RenewalBaseUri(session, basis), basis, expiresInMonths, verbose, renewing)
                : throw new VerifikException(VerifikErrorKind.ForeignHost, "The saved Verifik sign-in holds a token of another Verifik than the one this session calls, so it was not renewed here."),
            cancel));
        follower.Followed(result);
        var who = VerifikSession.MaskedWho(current);
        switch (result.Outcome)
        {
            case SharedRenewalOutcome.Removed:
                StopFollowing(session);
                return result;
            case SharedRenewalOutcome.LockTimedOut:
                WriteWarning(result.Problem!);
                return result;
        }

        if (!GoesToItsIssuer(session, result.Token!))
        {
            StopFollowing(session);
            WriteWarning($"The saved Verifik sign-in at {saved.Path} now holds a token of another Verifik than the one this session calls, so this session no longer follows it and keeps its own token.");
            return result;
        }

        // Replaced only if no other runspace put a token in meanwhile, as with any renewal.
        session.ReplaceToken(current, result.Token!);
        session.SavedGeneration = result.Generation;
        if (result.Problem is not null)
        {
            WriteWarning(result.Problem);
        }
        else
        {
            WriteVerbose(result.Outcome switch
            {
                SharedRenewalOutcome.Renewed => $"Saved the renewed Verifik token to {saved.Path}",
                SharedRenewalOutcome.FoundSaved => $"Another shell renewed the saved Verifik sign-in at {saved.Path} meanwhile; using its token, with nothing sent.",
                _ => $"The saved Verifik sign-in at {saved.Path} has more than {renewWithin:c} left; nothing was sent.",
            });
        }

        return result;
    }

    /// <summary>
    /// Makes a call with the token, and after a 401 once more with the token the saved sign-in holds, when the
    /// session keeps it and it now holds another token that has not expired (another shell renewed with
    /// -RevokeOthers, or signed in again). Otherwise the 401 stands: Verifik.Unauthorized as before.
    /// </summary>
    protected T RetryAfterUnauthorized<T>(VerifikSession session, VerifikToken token, Func<VerifikToken, T> call)
    {
        try
        {
            return call(token);
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.Unauthorized && !MyInvocation.BoundParameters.ContainsKey("BaseUri")
            && session.Follower?.AfterUnauthorized(token) is { Token: { } newer } now && GoesToItsIssuer(session, newer))
        {
            TakeOver(session, now);
            WriteVerbose("Verifik refused the token; retrying once with the newer token of the saved sign-in.");
            return call(newer);
        }
    }

    /// <summary>What -Verbose says when a renewal cannot go to the saved sign-in the session had kept.</summary>
    protected static string KeptInSessionOnly(SavedSignIn saved) =>
        $"The saved Verifik sign-in at {saved.Path} was removed or replaced since this session loaded it, so the renewed token was kept in this session only.";

    /// <summary>
    /// Whether the session's calls would take this token back to the Verifik that issued it. A token the session
    /// did not hold before (the saved sign-in another shell wrote) is used only then: a session with a base URI of its
    /// own would otherwise send another Verifik's token there.
    /// </summary>
    private static bool GoesToItsIssuer(VerifikSession session, VerifikToken token)
    {
        if (token.IssuedBy is not { } issuer)
        {
            return session.BaseUri is null;
        }

        try
        {
            return SameBase(RenewalBaseUri(session, token), issuer);
        }
        catch (VerifikException)
        {
            return false;
        }
    }

    private static bool SameBase(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        && string.Equals(a.AbsolutePath.TrimEnd('/'), b.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>Where a renewal goes: the token's issuer unless the session names its own base URI.</summary>
    private static Uri RenewalBaseUri(VerifikSession session, VerifikToken token) =>
        BaseUriResolver.Resolve(null, session, session.AllowUnencryptedAuthentication, token.IssuedBy);
}
