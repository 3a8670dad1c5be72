using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>Returns this runspace's default session, the one cmdlets use when -Session is not given.</summary>
[Cmdlet(VerbsCommon.Get, "VerifikSession")]
[OutputType(typeof(VerifikSession))]
public sealed class GetVerifikSessionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        WriteObject(TypedOutput.Wrap(this, DefaultSession.ForCurrentRunspace(), VerifikSession.TypeName));
    }
}
