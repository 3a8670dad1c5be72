using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verifik;

/// <summary>
/// Windows PowerShell 5.1 only: turn on TLS 1.2 (Verifik refuses older protocols, and .NET Framework may not offer
/// it by default) and load the module's own copies of System.Text.Json and its dependencies, since 5.1 has no
/// binding redirects for them. PowerShell 7 needs neither and pays nothing here.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

    private static bool IsWindowsPowerShell =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    public void OnImport()
    {
        if (IsWindowsPowerShell)
        {
            PrepareWindowsPowerShell();
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsWindowsPowerShell)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
        }
    }

    // A method of its own, never inlined: compiling OnImport then does not load the assemblies that
    // ServicePointManager lives in, which PowerShell 7 would otherwise pay for at every import.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PrepareWindowsPowerShell()
    {
        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
        AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
    }

    private static Assembly? ResolveFromModuleDirectory(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        var candidate = Path.Combine(ModuleDirectory, requested.Name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        // Only answer for assemblies the module ships, and only with a version at least the one asked for.
        var shipped = AssemblyName.GetAssemblyName(candidate);
        return shipped.Version >= requested.Version ? Assembly.LoadFrom(candidate) : null;
    }
}
