using System;

namespace Verifik.LoadCheck;

/// <summary>One line per check, and a closing count build.ps1 reads: 'N passed, N failed'.</summary>
internal sealed class Report
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void Check(string name, bool ok, string detail = "")
    {
        if (ok)
        {
            Passed++;
        }
        else
        {
            Failed++;
        }

        Console.WriteLine($"{(ok ? "[+]" : "[-]")} {name}{(detail.Length == 0 ? string.Empty : ": " + detail)}");
    }

    /// <summary>A check whose failure is an exception: the exception's type and message are the detail.</summary>
    public void Check(string name, Func<string> run)
    {
        try
        {
            Check(name, true, run());
        }
        catch (Exception ex)
        {
            Check(name, false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
