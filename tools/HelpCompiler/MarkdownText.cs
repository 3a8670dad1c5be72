using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpCompiler;

/// <summary>
/// Turns markdown into the plain text that console help shows: no backticks or emphasis marks, a link as its text
/// (with the address when it is a web address that the text does not already show).
/// </summary>
internal static class MarkdownText
{
    /// <summary>Stands for a space inside `code` while text is wrapped, so that a line never breaks inside code.</summary>
    public const char CodeSpace = '\u00A0';

    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, Pipeline);

    public static string Inline(ContainerInline? container) => Inline(container, keepCodeTogether: false);

    /// <summary>The text of inlines; with keepCodeTogether, the spaces inside code are <see cref="CodeSpace"/>.</summary>
    public static string Inline(ContainerInline? container, bool keepCodeTogether)
    {
        var text = new StringBuilder();
        AppendInlines(text, container, keepCodeTogether);
        return text.ToString().Trim();
    }

    /// <summary>A fenced or indented code block's text, as written.</summary>
    public static string Code(LeafBlock block) => block.Lines.ToString().TrimEnd();

    /// <summary>
    /// The paragraphs of a block: one per paragraph, list item or table row, a code block as one. MAML has no
    /// richer structure that Get-Help renders, so a list item keeps its marker to read as one.
    /// </summary>
    public static IEnumerable<string> Paragraphs(Block block) => Paragraphs(block, keepCodeTogether: false);

    public static IEnumerable<string> Paragraphs(Block block, bool keepCodeTogether)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                yield return Inline(paragraph.Inline, keepCodeTogether);
                break;
            case HeadingBlock heading:
                yield return Inline(heading.Inline, keepCodeTogether);
                break;
            case FencedCodeBlock or CodeBlock:
                yield return Code((LeafBlock)block);
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}. " : "- ";
                    yield return marker + string.Join(" ", item.SelectMany(child => Paragraphs(child, keepCodeTogether)));
                }

                break;
            case Table table:
                foreach (var row in TableRows(table, keepCodeTogether))
                {
                    yield return string.Join(": ", row.Where(cell => cell.Length > 0));
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    foreach (var paragraph in Paragraphs(child, keepCodeTogether))
                    {
                        yield return paragraph;
                    }
                }

                break;
        }
    }

    /// <summary>The body rows of a table as plain-text cells; the header row names columns, so it is left out.</summary>
    public static IEnumerable<string[]> TableRows(Table table, bool keepCodeTogether) =>
        table.OfType<TableRow>()
            .Where(row => !row.IsHeader)
            .Select(row => row.OfType<TableCell>().Select(cell => string.Join(" ", cell.SelectMany(child => Paragraphs(child, keepCodeTogether)))).ToArray());

    /// <summary>Every link in a block, with its text and address.</summary>
    public static IEnumerable<(string Text, string Url)> Links(Block block)
    {
        foreach (var leaf in block.Descendants<LeafBlock>())
        {
            if (leaf.Inline is null)
            {
                continue;
            }

            foreach (var link in leaf.Inline.Descendants<LinkInline>().Where(link => !link.IsImage))
            {
                yield return (Inline(link), link.Url ?? string.Empty);
            }

            foreach (var link in leaf.Inline.Descendants<AutolinkInline>())
            {
                yield return (link.Url, link.Url);
            }
        }
    }

    public static bool IsWebAddress(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static void AppendInlines(StringBuilder text, ContainerInline? container, bool keepCodeTogether)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(keepCodeTogether ? code.Content.Replace(' ', CodeSpace) : code.Content);
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LinkInline link:
                    var start = text.Length;
                    AppendInlines(text, link, keepCodeTogether);
                    var linkText = text.ToString(start, text.Length - start);
                    if (link.Url is { } url && IsWebAddress(url) && !linkText.Contains(url, StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append(" (").Append(url).Append(')');
                    }

                    break;
                case LineBreakInline lineBreak:
                    text.Append(lineBreak.IsHard ? "\n" : " ");
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case HtmlInline html:
                    text.Append(html.Tag);
                    break;
                case ContainerInline nested:
                    AppendInlines(text, nested, keepCodeTogether);
                    break;
            }
        }
    }
}
