using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace HelpCompiler;

/// <summary>
/// Writes an about topic (about_X.help.txt) from about_X.md in the layout of PowerShell's own: headings in capitals
/// at the margin, text indented four spaces and wrapped at 80 columns, code indented eight.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;
    private const string Text = "    ";
    private const string Code = "        ";

    public static void Write(string markdownPath, string outputPath, Diagnostics diagnostics)
    {
        var expectedName = Path.GetFileNameWithoutExtension(markdownPath);
        var document = MarkdownText.Parse(File.ReadAllText(markdownPath));
        var output = new StringBuilder();
        var afterHeading = true;
        var hasTitle = false;

        foreach (var block in document)
        {
            if (block is HeadingBlock heading)
            {
                var title = MarkdownText.Inline(heading.Inline);
                if (heading.Level == 1)
                {
                    if (!string.Equals(title, expectedName, StringComparison.OrdinalIgnoreCase))
                    {
                        diagnostics.Error(markdownPath, block.Line + 1, $"the title is '# {title}' but the file is named for {expectedName}; they must agree.");
                    }

                    hasTitle = true;
                    output.Append("TOPIC\n").Append(Text).Append(expectedName).Append('\n');
                }
                else
                {
                    output.Append('\n').Append(heading.Level == 2 ? title.ToUpperInvariant() : "  " + title).Append('\n');
                }

                afterHeading = true;
                continue;
            }

            if (!afterHeading)
            {
                output.Append('\n');
            }

            afterHeading = false;
            foreach (var line in Render(block))
            {
                output.Append(line.TrimEnd()).Append('\n');
            }
        }

        if (!hasTitle)
        {
            diagnostics.Error(markdownPath, 1, $"an about topic starts with '# {expectedName}'.");
            return;
        }

        // With a byte order mark, Windows PowerShell 5.1 reads it as UTF-8 too.
        File.WriteAllText(outputPath, output.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    private static IEnumerable<string> Render(Block block)
    {
        switch (block)
        {
            case FencedCodeBlock or CodeBlock:
                return MarkdownText.Code((LeafBlock)block).Split('\n').Select(line => Code + line);
            case ListBlock list:
                return MarkdownText.Paragraphs(list, keepCodeTogether: true).SelectMany(item =>
                {
                    var marker = item.Substring(0, item.IndexOf(' ') + 1);
                    return Wrap(item.Substring(marker.Length), Text + marker, Text + new string(' ', marker.Length));
                });
            case Table table:
                // A table is read as a list of terms, each with its explanation beneath: it fits any console width.
                return MarkdownText.TableRows(table, keepCodeTogether: true).SelectMany(cells =>
                    Wrap(cells[0], Text, Text).Concat(Wrap(string.Join("; ", cells.Skip(1).Where(c => c.Length > 0)), Code, Code)));
            default:
                return MarkdownText.Paragraphs(block, keepCodeTogether: true).SelectMany((paragraph, index) =>
                    (index > 0 ? new[] { string.Empty } : Array.Empty<string>()).Concat(Wrap(paragraph, Text, Text)));
        }
    }

    private static IEnumerable<string> Wrap(string text, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        var lineHasWord = false;
        foreach (var word in text.Split(new[] { ' ', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineHasWord && line.Length + 1 + word.Length > Width)
            {
                yield return line.ToString();
                line.Clear().Append(indent);
                lineHasWord = false;
            }

            if (lineHasWord)
            {
                line.Append(' ');
            }

            line.Append(word.Replace(MarkdownText.CodeSpace, ' '));
            lineHasWord = true;
        }

        if (lineHasWord)
        {
            yield return line.ToString();
        }
    }
}
