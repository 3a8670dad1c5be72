using System;
using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>Creates a session to pass with -Session, apart from the runspace's default one.</summary>
[Cmdlet(VerbsCommon.New, "VerifikSession")]
[OutputType(typeof(VerifikSession))]
public sealed class NewVerifikSessionCommand : PSCmdlet
{
    /// <summary>The Verifik to talk to with this session; when absent, $env:VERIFIK_BASE_URL or the public API.</summary>
    [Parameter(Position = 0)]
    public Uri? BaseUri { get; set; }

    protected override void EndProcessing()
    {
        var session = new VerifikSession(BaseUri);
        if (BaseUri is not null)
        {
            try
            {
                BaseUriResolver.Resolve(BaseUri, session);
            }
            catch (VerifikException ex)
            {
                ThrowTerminatingError(VerifikCmdlet.ToErrorRecord(ex, BaseUri));
            }
        }

        WriteObject(TypedOutput.Wrap(session, VerifikSession.TypeName));
    }
}
