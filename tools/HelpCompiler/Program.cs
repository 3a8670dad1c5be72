using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace HelpCompiler;

/// <summary>
/// HelpCompiler --metadata commands.json --docs docs/en-US --module Verifik --out output/Verifik/en-US
/// writes &lt;module&gt;.dll-Help.xml from the cmdlets' markdown and about_*.help.txt from each about_*.md.
/// Exit code 1 (and nothing written) when a file is malformed.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var options = ParseOptions(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: HelpCompiler --metadata <commands.json> --docs <folder> --module <name> --out <folder>");
            return 2;
        }

        var diagnostics = new Diagnostics();
        var metadata = JsonSerializer.Deserialize<List<CommandMetadata>>(
            File.ReadAllText(options["metadata"]),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? new List<CommandMetadata>();

        var docsFolder = options["docs"];
        var aboutFiles = Directory.GetFiles(docsFolder, "about_*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var docs = Directory.GetFiles(docsFolder, "*.md")
            .Except(aboutFiles)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(path => CommandDocReader.Read(path, diagnostics))
            .OfType<CommandDoc>()
            .ToDictionary(doc => doc.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var orphan in docs.Values.Where(doc => !metadata.Any(c => string.Equals(c.Name, doc.Name, StringComparison.OrdinalIgnoreCase))))
        {
            Diagnostics.Warning(orphan.SourcePath, null, $"the module exports no cmdlet {orphan.Name}; this file is left out.");
        }

        var commands = metadata.Select(command => (command, docs.GetValueOrDefault(command.Name))).ToList();
        foreach (var (command, doc) in commands)
        {
            WarnOfStaleParameters(command, doc);
        }

        if (diagnostics.ErrorCount > 0)
        {
            Console.Error.WriteLine($"HelpCompiler: {diagnostics.ErrorCount} error(s); no help was written.");
            return 1;
        }

        var outputFolder = Directory.CreateDirectory(options["out"]).FullName;
        MamlWriter.Write(Path.Combine(outputFolder, options["module"] + ".dll-Help.xml"), commands);
        foreach (var about in aboutFiles)
        {
            AboutTopicWriter.Write(about, Path.Combine(outputFolder, Path.GetFileNameWithoutExtension(about) + ".help.txt"), diagnostics);
        }

        return diagnostics.ErrorCount > 0 ? 1 : 0;
    }

    /// <summary>
    /// Warns about a '### -Name' for a parameter the cmdlet does not have. What Get-Help would show empty (no help
    /// file, synopsis, description, examples or parameter description) is for tests/pester/Help.Tests.ps1 to fail on.
    /// </summary>
    private static void WarnOfStaleParameters(CommandMetadata command, CommandDoc? doc)
    {
        if (doc is null)
        {
            return;
        }

        var parameters = command.ParameterSets.SelectMany(set => set.Parameters).Select(p => p.Name).ToList();
        foreach (var stale in doc.Parameters.Select(p => p.Key).Where(p => !parameters.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            Diagnostics.Warning(doc.SourcePath, null, $"'### -{stale}' describes a parameter that {command.Name} does not have.");
        }
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            options[args[i].Substring(2)] = args[i + 1];
        }

        var required = new[] { "metadata", "docs", "module", "out" };
        return args.Length % 2 == 0 && required.All(options.ContainsKey) ? options : null;
    }
}
