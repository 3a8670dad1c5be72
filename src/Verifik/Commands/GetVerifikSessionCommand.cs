using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>
/// Returns the process's default session, the one cmdlets in every runspace use when -Session is not given. It first adopts a token
/// as any command would ($env:VERIFIK_ACCESS_TOKEN, then the saved sign-in), so a new shell shows who it is signed in
/// as before the first call.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VerifikSession", HelpUri = HelpLinks.Docs + "Get-VerifikSession.md")]
[OutputType(typeof(VerifikSession))]
public sealed class GetVerifikSessionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var session = DefaultSession.Current;
        try
        {
            VerifikCmdlet.WithAdoptedToken(this, session);
        }
        catch (VerifikException ex)
        {
            // Showing the session must not fail: the call that uses the token reports it as an error.
            WriteWarning(ex.Message);
        }

        WriteObject(TypedOutput.Wrap(this, session, VerifikSession.TypeName));
    }
}
