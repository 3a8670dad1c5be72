using System;
using System.Net;
using System.Threading;

namespace Verifik;

/// <summary>
/// What Windows PowerShell 5.1 needs once per process before the first call: TLS 1.2 where the process has pinned
/// older protocols, and the resolve handler for the module's own dependency DLLs. Nothing here touches
/// System.Management.Automation, so the Mono checks can call it without a PowerShell host.
/// </summary>
internal static class DesktopProcess
{
    private static int _prepared;

    /// <summary>
    /// Idempotent: a second import in the same process (another ISE tab, a runspace pool, a thread job) must not
    /// subscribe again, and nothing ever unsubscribes.
    /// </summary>
    internal static bool Prepare(string moduleDirectory)
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1)
        {
            return false;
        }

        ServicePointManager.SecurityProtocol = WithTls12(ServicePointManager.SecurityProtocol);
        AppDomain.CurrentDomain.AssemblyResolve += new DependencyResolver(moduleDirectory).Resolve;
        return true;
    }

    /// <summary>
    /// SystemDefault (0) lets the operating system choose, TLS 1.3 included: adding Tls12 to it would pin every
    /// module in the process to TLS 1.2. Only a list of protocols without TLS 1.2 (old .NET Framework defaults, or a
    /// script's own setting) gets it added; the rest of that list is kept.
    /// </summary>
    internal static SecurityProtocolType WithTls12(SecurityProtocolType current) =>
        current == 0 || (current & SecurityProtocolType.Tls12) != 0 ? current : current | SecurityProtocolType.Tls12;
}
