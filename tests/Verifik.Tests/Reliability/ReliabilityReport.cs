using System;
using System.IO;

namespace Verifik.Tests.Reliability;

/// <summary>
/// Rows for docs/reliability.md. Tests that try a fault or a bad input add what the user saw; nothing is written
/// unless VERIFIK_RELIABILITY_REPORT names a file, which only `build.ps1 -Task Reliability` sets.
/// </summary>
internal static class ReliabilityReport
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("VERIFIK_RELIABILITY_REPORT");
    private static readonly object Gate = new();

    /// <summary>One row: the table it belongs in, what was tried, and what the user saw.</summary>
    public static void Add(string table, string tried, string detail, string outcome, string message)
    {
        if (string.IsNullOrEmpty(Path))
        {
            return;
        }

        var row = string.Join("\t", table, Clean(tried), Clean(detail), Clean(outcome), Clean(message)) + "\n";
        lock (Gate)
        {
            File.AppendAllText(Path, row);
        }
    }

    private static string Clean(string text) => text.Replace("\t", " ").Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|");
}
