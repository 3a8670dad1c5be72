using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Verifik;

/// <summary>
/// One default session per runspace, so two runspaces (ForEach-Object -Parallel, thread jobs, hosted PowerShell)
/// signed in as different people never see each other's token. Held weakly: a closed runspace takes its session
/// with it.
/// </summary>
internal static class DefaultSession
{
    private static readonly ConditionalWeakTable<Runspace, VerifikSession> Sessions = new();
    private static readonly VerifikSession NoRunspaceSession = new();

    public static VerifikSession ForCurrentRunspace()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is null ? NoRunspaceSession : Sessions.GetValue(runspace, _ => new VerifikSession());
    }
}
