using System;
using System.Collections.Generic;
using System.IO;

namespace HelpCompiler;

/// <summary>
/// Problems found, as 'path(line): error|warning: text' lines that editors and CI logs recognise. A malformed file is
/// an error and fails the build; missing help only warns, since the Pester help tests name what is missing.
/// </summary>
internal sealed class Diagnostics
{
    private readonly List<string> _errors = new();

    public int ErrorCount => _errors.Count;

    public void Error(string path, int? line, string message)
    {
        var text = Format(path, line, "error", message);
        _errors.Add(text);
        Console.Error.WriteLine(text);
    }

    public static void Warning(string path, int? line, string message) =>
        Console.Error.WriteLine(Format(path, line, "warning", message));

    private static string Format(string path, int? line, string severity, string message) =>
        $"{Path.GetRelativePath(Environment.CurrentDirectory, path)}{(line is null ? string.Empty : $"({line})")}: {severity}: {message}";
}
