using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Host;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>
/// Exchanges the current, still valid token for a fresh one, without a new code; with -RevokeOthers Verifik also
/// revokes every other token of the account.
/// </summary>
[Cmdlet(VerbsData.Update, "VerifikToken", SupportsShouldProcess = true, DefaultParameterSetName = RenewSet, HelpUri = HelpLinks.Docs + "Update-VerifikToken.md")]
[OutputType(typeof(VerifikToken))]
public sealed class UpdateVerifikTokenCommand : VerifikRequestCmdlet
{
    private const string RenewSet = "Renew";
    private const string RevokeSet = "RevokeOthers";

    /// <summary>How long the new token lasts, in calendar months (1 to VerifikToken.MaxRenewalMonths; Verifik's default is 1).</summary>
    [Parameter(Position = 0, ParameterSetName = RenewSet)]
    [ValidateRange(1, VerifikToken.MaxRenewalMonths)]
    public int ExpiresInMonths { get; set; } = VerifikToken.DefaultRenewalMonths;

    /// <summary>Also make Verifik revoke every other token of the account, teammates' and runbooks' included.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RevokeSet)]
    public SwitchParameter RevokeOthers { get; set; }

    /// <summary>Revoke without asking; -Confirm:$false does the same.</summary>
    [Parameter(ParameterSetName = RevokeSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// Renew only when less than this is left; otherwise keep the token, output nothing and say why with -Verbose.
    /// Not with -RevokeOthers, which is never a routine step.
    /// </summary>
    [Parameter(ParameterSetName = RenewSet)]
    [Duration]
    [MinimumValidity]
    public TimeSpan? MinimumValidity { get; set; }

    /// <summary>Output the new Verifik.Token (to store it elsewhere); without it, as PowerShell's Update- verbs, nothing is output.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var session = CurrentSession;
        VerifikToken? held = null;
        try
        {
            var current = held = SessionWithToken().RequireToken();
            if (MinimumValidity is { } wanted && current.TimeRemaining >= wanted)
            {
                KeepToken(session, current, wanted);
                return;
            }

            // Masked: ShouldProcess also writes its target to the verbose stream, which may be logged.
            if (!MayRenew(VerifikSession.MaskedWho(current), VerifikSession.Who(current)))
            {
                WarnIfExpiring(session, current);
                return;
            }

            VerifikToken? renewed;
            if (!RevokeOthers && session.Follower is { } follower && session.SavedGeneration is { } generation)
            {
                // Once for every shell: one that renewed the saved sign-in meanwhile is followed, not renewed again.
                var shared = RenewShared(session, follower, current, generation, MinimumValidity ?? TimeSpan.MaxValue, ExpiresInMonths);
                renewed = shared.Outcome switch
                {
                    SharedRenewalOutcome.LockTimedOut => null,
                    // Asked for by name: renewed all the same, but the removed sign-in is never written back.
                    SharedRenewalOutcome.Removed => RenewInSessionOnly(session, current, follower.SavedSignIn),
                    _ => shared.Token,
                };
            }
            else
            {
                var baseUri = ResolveBaseUri(session, token: current);
                renewed = RevokeOthers
                    ? Run((verbose, cancel) => VerifikApi.RenewAndRevokeAsync(session, baseUri, current, verbose, cancel))
                    : Run((verbose, cancel) => VerifikApi.RefreshTokenAsync(session, baseUri, current, ExpiresInMonths, verbose, cancel));
                SaveIfKept(session, renewed);
                if (RevokeOthers)
                {
                    ForgetRevokedSignIn(session, current);
                }
            }

            if (PassThru && renewed is not null)
            {
                WriteTyped(renewed, VerifikToken.TypeName);
            }
        }
        catch (VerifikException ex)
        {
            // Not renewed: the token, if still valid, runs out as before, so its warning stands.
            if (held is { IsExpired: false } && ex.Kind != VerifikErrorKind.Unauthorized)
            {
                WarnIfExpiring(session, held);
            }

            WriteVerifikError(ex, DescribeForError(session));
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    /// <summary>The saved sign-in was removed while this session kept it: renew as asked, and keep the result here only.</summary>
    private VerifikToken RenewInSessionOnly(VerifikSession session, VerifikToken current, SavedSignIn removed)
    {
        var baseUri = ResolveBaseUri(session, token: current);
        var renewed = Run((verbose, cancel) => VerifikApi.RefreshTokenAsync(session, baseUri, current, ExpiresInMonths, verbose, cancel));
        WriteVerbose(KeptInSessionOnly(removed));
        return renewed;
    }

    /// <summary>
    /// Enough time left: nothing is sent. A token Verifik already refused in this session is still an error, so a
    /// runbook never takes a dead token for a kept one; one revoked elsewhere is found by the next call that sends it.
    /// </summary>
    private void KeepToken(VerifikSession session, VerifikToken current, TimeSpan wanted)
    {
        if (!session.IsConnected)
        {
            throw new VerifikException(
                VerifikErrorKind.Unauthorized,
                $"Verifik refused the token for {VerifikSession.Who(current)} earlier in this session, so it cannot be renewed. Sign in again with Connect-Verifik.");
        }

        WriteVerbose($"The Verifik token for {VerifikSession.MaskedWho(current)} has {VerifikSession.Format(current.TimeRemaining)} left, at least the {VerifikSession.Format(wanted)} of -MinimumValidity, so it was not renewed.");
        WarnIfExpiring(session, current);
    }

    /// <summary>
    /// -RevokeOthers asks once, in ConfirmRevoking, with No as the default. ShouldProcess is still called where it
    /// would not ask (for -WhatIf and its verbose line), but not where it would ask too, with Yes as the default.
    /// </summary>
    private bool MayRenew(string maskedWho, string who)
    {
        if (!RevokeOthers)
        {
            return ShouldProcess(maskedWho, $"Replace the token with one valid for {ExpiresInMonths} month(s)");
        }

        var shouldProcessWouldAsk = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm)
            ? ((SwitchParameter)confirm).IsPresent
            : ConfirmPreference is ConfirmImpact.Low or ConfirmImpact.Medium;
        var action = "Replace the token and revoke every other token of the account";
        if (IsWhatIf || !shouldProcessWouldAsk)
        {
            // "What if:" (and false), or the verbose line (and true).
            return ShouldProcess(maskedWho, action) && ConfirmRevoking(who);
        }

        return ConfirmRevoking(who);
    }

    // Set in a script's or function's own scope, $ConfirmPreference = 'None' is a string, not a ConfirmImpact; converted
    // as PowerShell's own ShouldProcess converts it.
    private ConfirmImpact ConfirmPreference =>
        LanguagePrimitives.TryConvertTo(GetVariableValue("ConfirmPreference"), out ConfirmImpact preference) ? preference : ConfirmImpact.High;

    private bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>
    /// A session that does not keep the saved sign-in (signed in with -Scope Process) has just revoked the token
    /// there too when it is the same account's. The file is removed rather than given the new token: this session
    /// was asked to write nothing to disk, and a revocation answers a possible leak, so the new token stays where the
    /// user put it. New shells then say "sign in" (NotConnected) instead of failing every call with Unauthorized.
    /// </summary>
    private void ForgetRevokedSignIn(VerifikSession session, VerifikToken revoked)
    {
        if (session.IsSaved)
        {
            return;
        }

        var saved = SavedSignIn.ForCurrentUser();
        try
        {
            if (saved.TryLoad(out var token, out var generation, out _) && token?.ClientId is { } clientId
                && clientId == revoked.ClientId && saved.Delete(generation))
            {
                WriteVerbose($"Removed the saved Verifik sign-in at {saved.Path}: its token was revoked with the others. Sign in with -Scope CurrentUser to save a new one.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteWarning($"Every other token was revoked, but the saved Verifik sign-in at {saved.Path}, which held one of them, could not be removed: {ex.Message} Run Disconnect-Verifik in a new shell to remove it, or sign in again with -Scope CurrentUser.");
        }
    }

    /// <summary>An explicit -Confirm asks even with -Force, so where no one can answer, the next step is to drop it.</summary>
    protected override string? RecommendedActionFor(VerifikErrorKind kind) =>
        kind != VerifikErrorKind.InteractionRequired ? null
        : ConfirmAsked ? "Run it without -Confirm, and with -Force, to revoke the other tokens without being asked."
        : "Add -Force (or -Confirm:$false) to revoke the other tokens without being asked.";

    private bool ConfirmAsked => MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && ((SwitchParameter)confirm).IsPresent;

    /// <summary>
    /// Revoking is a high-impact change that renewing is not, and one cmdlet has one ConfirmImpact, so it asks here
    /// as a ConfirmImpact High action would: unless -Force, -Confirm:$false or $ConfirmPreference = 'None'. An explicit
    /// -Confirm asks even with -Force, as Remove-Item -Force -Confirm does. It asks once, with No as the default, so a
    /// stray Enter revokes nothing.
    /// </summary>
    private bool ConfirmRevoking(string who)
    {
        if (!ConfirmAsked && (Force || MyInvocation.BoundParameters.ContainsKey("Confirm") || ConfirmPreference == ConfirmImpact.None))
        {
            return true;
        }

        var cannotAsk = new VerifikException(
            VerifikErrorKind.InteractionRequired,
            $"Update-VerifikToken -RevokeOthers asks before it revokes every other token of {who}'s account, and this session cannot ask, so nothing was sent.");
        if (!CanPrompt)
        {
            throw cannotAsk;
        }

        var choices = new Collection<ChoiceDescription>
        {
            new("&Yes", "Revoke every other token of the account now."),
            new("&No", "Revoke nothing; the token stays as it is."),
        };
        try
        {
            return Host.UI.PromptForChoice(
                "Revoke every other token?",
                $"Every other Verifik token of {who}'s account stops working at once: teammates', scripts' and runbooks' included. Only the new token will work.",
                choices,
                defaultChoice: 1) == 0;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException or NotSupportedException)
        {
            // A host that has a UI but may not use it (-NonInteractive) refuses here rather than in CanPrompt.
            throw cannotAsk;
        }
    }
}
