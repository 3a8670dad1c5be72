using System.Management.Automation;

namespace BenchMinimal;

/// <summary>
/// Does nothing. It takes the same switch as Get-VerifikToken -AsHeader so that both are bound the same way: the
/// difference between the two is what Get-VerifikToken itself costs.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "BenchNoOp")]
public sealed class InvokeBenchNoOpCommand : PSCmdlet
{
    [Parameter]
    public SwitchParameter AsHeader { get; set; }
}
