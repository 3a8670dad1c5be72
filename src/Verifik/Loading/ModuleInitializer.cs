using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verifik;

/// <summary>
/// Windows PowerShell 5.1 only: prepares the process once (TLS, the module's own dependency DLLs); see
/// DesktopProcess. PowerShell 7 needs neither and pays nothing here.
/// </summary>
/// <remarks>
/// There is deliberately no IModuleAssemblyCleanup: the resolve handler serves the whole process, and other
/// runspaces may still use the module after one of them removes it.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static bool IsWindowsPowerShell =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    public void OnImport()
    {
        if (IsWindowsPowerShell)
        {
            PrepareWindowsPowerShell();
        }
    }

    // A method of its own, never inlined: compiling OnImport then does not load the assemblies that
    // ServicePointManager lives in, which PowerShell 7 would otherwise pay for at every import.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PrepareWindowsPowerShell() =>
        DesktopProcess.Prepare(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);
}
