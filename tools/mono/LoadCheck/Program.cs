using System;

namespace Verifik.LoadCheck;

internal static class Program
{
    /// <summary>Usage: LoadCheck.exe bindings|handler &lt;module folder&gt;. Each mode in its own process, so neither sees the other's loads.</summary>
    private static int Main(string[] args)
    {
        if (args.Length != 2 || (args[0] != "bindings" && args[0] != "handler"))
        {
            Console.Error.WriteLine("Usage: mono LoadCheck.exe bindings|handler <module folder>");
            return 2;
        }

        var report = new Report();
        if (args[0] == "bindings")
        {
            BindingCheck.Run(args[1], report);
        }
        else
        {
            HandlerCheck.Run(args[1], report);
        }

        Console.WriteLine($"{report.Passed} passed, {report.Failed} failed");
        return report.Failed == 0 && report.Passed > 0 ? 0 : 1;
    }
}
