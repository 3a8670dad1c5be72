using System;
using System.Management.Automation;
using System.Management.Automation.Host;

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
    public int ExpiresInMonths { get; set; } = 1;

    /// <summary>Also make Verifik revoke every other token of the account, teammates' and runbooks' included.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RevokeSet)]
    public SwitchParameter RevokeOthers { get; set; }

    /// <summary>Revoke without asking; -Confirm:$false does the same.</summary>
    [Parameter(ParameterSetName = RevokeSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the new Verifik.Token (to store it elsewhere); without it, as PowerShell's Update- verbs, nothing is output.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }


    protected override void EndProcessing()
    {
        var session = CurrentSession;
        try
        {
            var current = SessionWithToken().RequireToken();
            var who = VerifikSession.Who(current);
            var action = RevokeOthers
                ? "Replace the token and revoke every other token of the account"
                : $"Replace the token with one valid for {ExpiresInMonths} month(s)";
            // Masked: ShouldProcess also writes its target to the verbose stream, which may be logged.
            if (!ShouldProcess(VerifikSession.MaskedWho(current), action) || (RevokeOthers && !ConfirmRevoking(who)))
            {
                return;
            }

            var baseUri = ResolveBaseUri(session, token: current);
            var renewed = RevokeOthers
                ? Run((verbose, cancel) => VerifikApi.RenewAndRevokeAsync(session, baseUri, current, verbose, cancel))
                : Run((verbose, cancel) => VerifikApi.RefreshTokenAsync(session, baseUri, current, ExpiresInMonths, verbose, cancel));
            SaveIfKept(session, renewed);
            if (PassThru)
            {
                WriteTyped(renewed, VerifikToken.TypeName);
            }
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, DescribeForError(session));
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    /// <summary>
    /// Revoking is a high-impact change that renewing is not, and one cmdlet has one ConfirmImpact, so it asks here
    /// as a ConfirmImpact High action would: unless -Force, -Confirm (asked already, or :$false) or $ConfirmPreference = 'None'.
    /// </summary>
    private bool ConfirmRevoking(string who)
    {
        var confirmPreference = GetVariableValue("ConfirmPreference") is ConfirmImpact preference ? preference : ConfirmImpact.High;
        // -Confirm given either way has decided already: ShouldProcess asked when it is on.
        var confirmGiven = MyInvocation.BoundParameters.ContainsKey("Confirm");
        if (Force || confirmGiven || confirmPreference == ConfirmImpact.None)
        {
            return true;
        }

        var cannotAsk = new VerifikException(
            VerifikErrorKind.InteractionRequired,
            $"Update-VerifikToken -RevokeOthers asks before it revokes every other token of {who}'s account, and this session cannot ask, so nothing was sent. Add -Force (or -Confirm:$false) to revoke without asking.");
        if (!CanPrompt)
        {
            throw cannotAsk;
        }

        try
        {
            return ShouldContinue(
                $"Every other Verifik token of {who}'s account stops working at once: teammates', scripts' and runbooks' included. Only the new token will work.",
                "Revoke every other token?");
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException)
        {
            // A host that has a UI but may not use it (-NonInteractive) refuses here rather than in CanPrompt.
            throw cannotAsk;
        }
    }
}
