using System.Diagnostics;
using System.Linq;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>A Unix tool, as .NET Framework (the Mono run of these tests) has no API for modes, links or FIFOs.</summary>
internal static class UnixTool
{
    public static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, string.Join(" ", arguments.Select(argument => "\"" + argument + "\""))) { UseShellExecute = false })!;
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
    }
}
