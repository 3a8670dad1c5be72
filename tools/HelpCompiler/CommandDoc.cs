using System;
using System.Collections.Generic;

namespace HelpCompiler;

/// <summary>What one docs/en-US/&lt;Cmdlet&gt;.md says; each string in a list is one paragraph.</summary>
internal sealed class CommandDoc
{
    public CommandDoc(string name, string sourcePath)
    {
        Name = name;
        SourcePath = sourcePath;
    }

    public string Name { get; }

    public string SourcePath { get; }

    public List<string> Synopsis { get; } = new();

    public List<string> Description { get; } = new();

    public List<ExampleDoc> Examples { get; } = new();

    /// <summary>Parameter descriptions in the order the file has them, keyed by name without the dash.</summary>
    public List<KeyValuePair<string, List<string>>> Parameters { get; } = new();

    /// <summary>Null when the file has no INPUTS section, so that the compiler derives them.</summary>
    public List<TypeDoc>? Inputs { get; set; }

    /// <summary>Null when the file has no OUTPUTS section, so that the compiler derives them.</summary>
    public List<TypeDoc>? Outputs { get; set; }

    public List<string> Notes { get; } = new();

    public List<LinkDoc> Links { get; } = new();

    public List<string>? FindParameter(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }

        return null;
    }
}

internal sealed class ExampleDoc
{
    public ExampleDoc(string title) => Title = title;

    public string Title { get; }

    public string? Code { get; set; }

    public List<string> Remarks { get; } = new();
}

internal sealed record TypeDoc(string Name, List<string> Description);

/// <summary>A related link; Uri is empty for another help topic, which Get-Help shows by name.</summary>
internal sealed record LinkDoc(string Text, string Uri);
