using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Markdig.Syntax;

namespace HelpCompiler;

/// <summary>Reads a cmdlet's markdown help: the layout that docs/README.md describes.</summary>
internal static class CommandDocReader
{
    private const string Synopsis = "SYNOPSIS";
    private const string Syntax = "SYNTAX";
    private const string Description = "DESCRIPTION";
    private const string Examples = "EXAMPLES";
    private const string Parameters = "PARAMETERS";
    private const string Inputs = "INPUTS";
    private const string Outputs = "OUTPUTS";
    private const string Notes = "NOTES";
    private const string RelatedLinks = "RELATED LINKS";

    private static readonly string[] Sections = { Synopsis, Syntax, Description, Examples, Parameters, Inputs, Outputs, Notes, RelatedLinks };

    public static CommandDoc? Read(string path, Diagnostics diagnostics)
    {
        var expectedName = Path.GetFileNameWithoutExtension(path);
        var document = MarkdownText.Parse(File.ReadAllText(path));
        CommandDoc? doc = null;
        string? section = null;
        ExampleDoc? example = null;
        List<string>? parameter = null;
        TypeDoc? type = null;

        foreach (var block in document)
        {
            var line = block.Line + 1;
            if (block is HeadingBlock { Level: 1 } title)
            {
                var name = MarkdownText.Inline(title.Inline);
                if (doc is not null)
                {
                    diagnostics.Error(path, line, $"a second '# {name}': a file documents one cmdlet.");
                }
                else if (!string.Equals(name, expectedName, StringComparison.OrdinalIgnoreCase))
                {
                    diagnostics.Error(path, line, $"the title is '# {name}' but the file is named for {expectedName}; they must agree.");
                }

                doc ??= new CommandDoc(expectedName, path);
                continue;
            }

            if (doc is null)
            {
                diagnostics.Error(path, line, $"the file must start with '# {expectedName}'.");
                return null;
            }

            if (block is HeadingBlock { Level: 2 } sectionHeading)
            {
                section = MarkdownText.Inline(sectionHeading.Inline).ToUpperInvariant();
                (example, parameter, type) = (null, null, null);
                if (!Sections.Contains(section))
                {
                    diagnostics.Error(path, line, $"unknown section '## {section}'; the sections are {string.Join(", ", Sections.Select(s => "'## " + s + "'"))}.");
                }

                if (section == Inputs)
                {
                    doc.Inputs = new List<TypeDoc>();
                }
                else if (section == Outputs)
                {
                    doc.Outputs = new List<TypeDoc>();
                }

                continue;
            }

            if (block is HeadingBlock { Level: 3 } itemHeading)
            {
                var heading = MarkdownText.Inline(itemHeading.Inline);
                switch (section)
                {
                    case Examples:
                        example = new ExampleDoc(heading);
                        doc.Examples.Add(example);
                        break;
                    case Parameters when heading.StartsWith('-'):
                        parameter = new List<string>();
                        doc.Parameters.Add(new KeyValuePair<string, List<string>>(heading.Substring(1).Trim(), parameter));
                        break;
                    case Parameters:
                        diagnostics.Error(path, line, $"a parameter heading is '### -Name', not '### {heading}'.");
                        break;
                    case Inputs or Outputs:
                        type = new TypeDoc(heading, new List<string>());
                        (section == Inputs ? doc.Inputs : doc.Outputs)!.Add(type);
                        break;
                    default:
                        diagnostics.Error(path, line, $"'### {heading}' has no meaning in '## {section ?? "(no section)"}'.");
                        break;
                }

                continue;
            }

            switch (section)
            {
                case null:
                    diagnostics.Error(path, line, "text before the first '## SYNOPSIS'.");
                    break;
                case Synopsis:
                    doc.Synopsis.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case Syntax:
                    // The syntax is generated from the cmdlet itself, so what is written here never goes stale in help.
                    break;
                case Description:
                    doc.Description.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case Examples when example is null:
                    diagnostics.Error(path, line, "an example starts with '### Example N: what it shows'.");
                    break;
                case Examples when example.Code is null && block is FencedCodeBlock code:
                    example.Code = MarkdownText.Code(code);
                    break;
                case Examples:
                    example.Remarks.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case Parameters when parameter is null:
                    diagnostics.Error(path, line, "a parameter's description follows its '### -Name' heading.");
                    break;
                case Parameters when block is FencedCodeBlock { Info: "yaml" }:
                    // platyPS's block of type and binding facts: the compiler takes those from the cmdlet instead.
                    break;
                case Parameters:
                    parameter.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case Inputs or Outputs when type is not null:
                    type.Description.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case Inputs or Outputs when MarkdownText.Paragraphs(block).All(text => text.TrimEnd('.') == "None"):
                    // "None." alone, without a type heading, says that there is no input or output.
                    (section == Inputs ? doc.Inputs : doc.Outputs)!.Add(new TypeDoc("None", new List<string>()));
                    break;
                case Inputs or Outputs:
                    diagnostics.Error(path, line, "an input or output is described under its '### TypeName' heading (or the section says only 'None.').");
                    break;
                case Notes:
                    doc.Notes.AddRange(MarkdownText.Paragraphs(block));
                    break;
                case RelatedLinks:
                    foreach (var (text, url) in MarkdownText.Links(block))
                    {
                        // A link to another help file is shown by name, and Get-Help finds it by that name.
                        doc.Links.Add(new LinkDoc(text, MarkdownText.IsWebAddress(url) ? url : string.Empty));
                    }

                    break;
            }
        }

        if (doc is null)
        {
            diagnostics.Error(path, null, $"the file is empty; it must start with '# {expectedName}'.");
            return null;
        }

        foreach (var untested in doc.Examples.Where(e => e.Code is null))
        {
            diagnostics.Error(path, null, $"'### {untested.Title}' has no ```powershell code block.");
        }

        return doc;
    }
}
