using System;
using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>Exchanges the current, still valid token for a fresh one, without a new code.</summary>
[Cmdlet(VerbsData.Update, "VerifikToken", SupportsShouldProcess = true)]
[OutputType(typeof(VerifikToken))]
public sealed class UpdateVerifikTokenCommand : VerifikRequestCmdlet
{
    /// <summary>How long the new token lasts, in months of 30 days (1 to 12; Verifik's default is 1).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 12)]
    public int ExpiresInMonths { get; set; } = 1;


    protected override void EndProcessing()
    {
        var session = SessionWithToken();
        try
        {
            var current = session.RequireToken();
            if (!ShouldProcess(VerifikSession.Who(current), $"Replace the token with one valid for {ExpiresInMonths} month(s)"))
            {
                return;
            }

            var baseUri = ResolveBaseUri(session, token: current);
            var renewed = Run((verbose, cancel) => VerifikApi.RefreshTokenAsync(session, baseUri, current, ExpiresInMonths, verbose, cancel));
            SaveIfKept(session, renewed);
            WriteTyped(renewed, VerifikToken.TypeName);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, DescribeForError(session));
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }
}
