using System;
using System.IO;
using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>
/// Forgets the token everywhere it was kept: the session and the saved sign-in. The default session is the process's,
/// so this signs out every runspace that uses it.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Verifik", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Disconnect-Verifik.md")]
[OutputType(typeof(void))]
public sealed class DisconnectVerifikCommand : VerifikCmdlet
{
    /// <summary>
    /// Longer than a renewal in another shell can hold the lock (one call with its retries, at the default
    /// settings), so a sign-out waits for it and then removes what it wrote rather than leaving it behind.
    /// </summary>
    private static readonly TimeSpan RemovalLockTimeout = TimeSpan.FromMinutes(2);

    protected override void EndProcessing()
    {
        var session = CurrentSession;
        var saved = SavedSignIn.ForCurrentUser();
        // Masked: ShouldProcess also writes its target to the verbose stream, which may be logged.
        if (!ShouldProcess(session.Token is { } token ? VerifikSession.MaskedWho(token) : "Verifik session", "Forget the token in this session and the saved sign-in"))
        {
            return;
        }

        var generation = session.SavedGeneration;
        // The session uses another token than the saved one: its own, or $env:VERIFIK_ACCESS_TOKEN, which comes first.
        var usesOtherToken = session.Token is not null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(VerifikSession.AccessTokenVariable));
        // A null token also marks the session signed out, so the next command adopts neither
        // $env:VERIFIK_ACCESS_TOKEN nor the sign-in being removed here. Under the adoption gate, so a runspace that is
        // adopting the saved sign-in at this moment cannot put its token back after this.
        lock (DefaultSession.AdoptionGate)
        {
            session.SetToken(null);
            StopFollowing(session);
            session.SavedSignInChecked = true;
        }

        try
        {
            // The saved sign-in goes with the session that keeps it, or with the process's default session when
            // that holds no other sign-in (the saved one is what it would use). A session given with -Session that
            // did not save it, or a default session signed in for this process only, leaves it alone.
            var removed = generation is not null ? saved.Delete(generation, RemovalLockTimeout)
                : Session is null && !usesOtherToken ? saved.Delete(lockTimeout: RemovalLockTimeout)
                : false;
            WriteVerbose(removed
                ? $"Removed the saved Verifik sign-in at {saved.Path}"
                : $"Left the saved Verifik sign-in at {saved.Path}, if any: it is not this session's.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteWarning($"Signed out of this session, but the saved sign-in at {saved.Path} could not be removed: {ex.Message} Delete the file yourself.");
        }
    }
}
