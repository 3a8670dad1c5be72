using System;
using System.Management.Automation;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>
/// Says whether the session holds a usable token, with at least -MinimumValidity left: $true or $false, never an
/// error for a missing, expired, refused or expiring one, so it fits an if statement and a monitoring script.
/// -Verbose says why it is false. It sends nothing: a token revoked elsewhere looks usable until a call is refused.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VerifikToken", HelpUri = HelpLinks.Docs + "Test-VerifikToken.md")]
[OutputType(typeof(bool))]
public sealed class TestVerifikTokenCommand : VerifikCmdlet
{
    /// <summary>$false unless at least this much validity is left (same bounds as Get-VerifikToken's).</summary>
    [Parameter]
    [Duration]
    [MinimumValidity]
    public TimeSpan? MinimumValidity { get; set; }

    protected override void EndProcessing()
    {
        WriteObject(IsUsable());
    }

    private bool IsUsable()
    {
        VerifikSession session;
        try
        {
            session = SessionWithToken();
        }
        catch (VerifikException ex)
        {
            // An unusable $env:VERIFIK_ACCESS_TOKEN (expired or unreadable): the message names its source, never the token.
            WriteVerbose($"False: {ex.Message}");
            return false;
        }

        if (session.Token is not { } token)
        {
            WriteVerbose("False: this Verifik session has no token. Sign in with Connect-Verifik.");
            return false;
        }

        var who = VerifikSession.MaskedWho(token);
        if (token.IsExpired)
        {
            WriteVerbose($"False: the Verifik token for {who} expired on {token.ExpiresOn:u}. Sign in again with Connect-Verifik.");
            return false;
        }

        if (!session.IsConnected)
        {
            WriteVerbose($"False: Verifik refused the token for {who} (401). Sign in again with Connect-Verifik.");
            return false;
        }

        if (MinimumValidity is { } wanted && token.TimeRemaining < wanted)
        {
            WriteVerbose($"False: the Verifik token for {who} has {VerifikSession.Format(token.TimeRemaining)} left, less than the {VerifikSession.Format(wanted)} of -MinimumValidity. Renew it with Update-VerifikToken.");
            return false;
        }

        return true;
    }
}
