using System;
using System.Management.Automation;
using Microsoft.Win32;

namespace Verifik;

/// <summary>
/// The floors the manifest cannot state: PowerShellVersion is one number for both editions, and Windows PowerShell
/// only writes a verbose line for DotNetFrameworkVersion, then fails later with an opaque 'netstandard,
/// Version=2.0.0.0' error. Checked in C#, not by a ScriptsToProcess script: a script costs PowerShell 7 a parse and
/// a compile at every import (docs/benchmarks.md), and shows up as a module of its own.
/// </summary>
public static class HostRequirements
{
    /// <summary>PowerShell 7.4 is the first to ship System.Text.Json 8, which Verifik is built against.</summary>
    public static readonly Version MinimumPowerShell = new(7, 4);

    /// <summary>.NET Framework 4.7.2's release number: the first with the netstandard 2.0 support Verifik.dll needs.</summary>
    public const int MinimumFrameworkRelease = 461808;

    private const string FrameworkSetupKey = @"SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full";

    /// <summary>
    /// What stops Verifik from working on this host, in words that say what to install; null when nothing does.
    /// <paramref name="frameworkRelease"/> is null when it cannot be read: the import then goes ahead rather than
    /// refuse on a guess.
    /// </summary>
    public static string? Problem(bool windowsPowerShell, Version powerShellVersion, int? frameworkRelease)
    {
        if (!windowsPowerShell && powerShellVersion < MinimumPowerShell)
        {
            return $"Verifik needs PowerShell {MinimumPowerShell} or later (or Windows PowerShell 5.1); this is PowerShell "
                + $"{powerShellVersion.Major}.{powerShellVersion.Minor}. Install a current PowerShell: https://aka.ms/powershell";
        }

        if (windowsPowerShell && frameworkRelease < MinimumFrameworkRelease)
        {
            return $"Verifik needs .NET Framework 4.7.2 or later in Windows PowerShell; this computer has .NET Framework 4 "
                + $"release {frameworkRelease} (4.7.2 is release {MinimumFrameworkRelease}). Install .NET Framework 4.8 "
                + $"(https://dotnet.microsoft.com/download/dotnet-framework), or use PowerShell {MinimumPowerShell} or later.";
        }

        return null;
    }

    /// <summary>The same question about the host this runs in.</summary>
    public static string? ProblemOfThisHost()
    {
        // .NET Framework keeps System.Object in mscorlib; .NET (PowerShell 7) in System.Private.CoreLib.
        var windowsPowerShell = typeof(object).Assembly.GetName().Name == "mscorlib";
        // System.Management.Automation's assembly version is major.minor.0.500 in PowerShell 7; 3.0 in 5.1.
        var version = typeof(PSObject).Assembly.GetName().Version;
        return Problem(windowsPowerShell, new Version(version.Major, version.Minor), windowsPowerShell ? ReadFrameworkRelease() : null);
    }

    private static int? ReadFrameworkRelease()
    {
        try
        {
            using var key = Registry.LocalMachine.OpenSubKey(FrameworkSetupKey);
            return key?.GetValue("Release") as int?;
        }
        catch (Exception exception) when (exception is System.Security.SecurityException or UnauthorizedAccessException or System.IO.IOException)
        {
            // A locked-down registry: no answer rather than a wrong one.
            return null;
        }
    }
}

/// <summary>Runs the check when the manifest imports this nested module, before any code of Verifik.dll runs.</summary>
public sealed class HostRequirementsCheck : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        var problem = HostRequirements.ProblemOfThisHost();
        if (problem is not null)
        {
            throw new PlatformNotSupportedException(problem);
        }
    }
}
