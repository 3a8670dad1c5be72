using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HelpCompiler;

/// <summary>
/// Writes the MAML that Get-Help reads for a binary module's cmdlets (&lt;Assembly&gt;.dll-Help.xml), in the shape
/// platyPS produces. Syntax, types and binding facts come from the cmdlet; every sentence comes from the markdown.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The sentences PowerShell's own help uses; a doc may say more, but need not repeat them.</summary>
    private static readonly Dictionary<string, string> StandardDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public static void Write(string path, IEnumerable<(CommandMetadata Metadata, CommandDoc? Doc)> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var (metadata, doc) in commands)
        {
            root.Add(CommandElement(metadata, doc));
        }

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) };
        using var writer = XmlWriter.Create(path, settings);
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
    }

    /// <summary>The description a parameter gets in help: the doc's, else PowerShell's standard one, else none.</summary>
    private static List<string> DescriptionOf(string parameter, CommandDoc? doc) =>
        doc?.FindParameter(parameter) is { Count: > 0 } written ? written
        : StandardDescriptions.TryGetValue(parameter, out var standard) ? new List<string> { standard }
        : new List<string>();

    private static XElement CommandElement(CommandMetadata metadata, CommandDoc? doc)
    {
        var sets = metadata.ParameterSets.OrderByDescending(set => set.IsDefault).ToList();
        var command = new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(
                Command + "details",
                new XElement(Command + "name", metadata.Name),
                new XElement(Command + "verb", metadata.Verb),
                new XElement(Command + "noun", metadata.Noun),
                Description(doc?.Synopsis)),
            Description(doc?.Description),
            new XElement(
                Command + "syntax",
                sets.Select(set => new XElement(
                    Command + "syntaxItem",
                    new XElement(Maml + "name", metadata.Name),
                    InSyntaxOrder(set.Parameters).Select(p => Parameter(p.Name, new[] { p }, doc))))),
            new XElement(Command + "parameters", ParameterEntries(sets, doc)),
            new XElement(Command + "inputTypes", (doc?.Inputs ?? DerivedInputs(sets)).Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", (doc?.Outputs ?? DerivedOutputs(metadata)).Select(t => TypeElement("returnValue", t))));

        if (doc is { Notes.Count: > 0 })
        {
            command.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(doc.Notes))));
        }

        command.Add(new XElement(
            Command + "examples",
            (doc?.Examples ?? new List<ExampleDoc>()).Select(example => new XElement(
                Command + "example",
                new XElement(Maml + "title", $"---------- {example.Title} ----------"),
                new XElement(Dev + "code", example.Code ?? string.Empty),
                // The empty paragraph puts a blank line between one example's remarks and the next title.
                new XElement(Dev + "remarks", Paragraphs(example.Remarks.Append(string.Empty)))))));

        command.Add(new XElement(
            Maml + "relatedLinks",
            (doc?.Links ?? new List<LinkDoc>()).Select(link => new XElement(
                Maml + "navigationLink",
                new XElement(Maml + "linkText", link.Text),
                new XElement(Maml + "uri", link.Uri)))));
        return command;
    }

    /// <summary>Positional parameters by position, then mandatory named ones, then the rest: Get-Command's order.</summary>
    private static IEnumerable<ParameterMetadata> InSyntaxOrder(IEnumerable<ParameterMetadata> parameters) =>
        parameters
            .Select((parameter, index) => (parameter, index))
            .OrderBy(p => p.parameter.Position is not null ? 0 : p.parameter.IsMandatory ? 1 : 2)
            .ThenBy(p => p.parameter.Position ?? 0)
            .ThenBy(p => p.index)
            .Select(p => p.parameter);

    /// <summary>One entry per parameter across all sets, in the doc's order, then any the doc leaves out.</summary>
    private static IEnumerable<XElement> ParameterEntries(List<ParameterSetMetadata> sets, CommandDoc? doc)
    {
        var byName = sets.SelectMany(set => set.Parameters)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var documentedOrder = (doc?.Parameters ?? new List<KeyValuePair<string, List<string>>>()).Select(p => p.Key).ToList();
        return byName
            .OrderBy(group => documentedOrder.FindIndex(name => string.Equals(name, group.Key, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i : int.MaxValue)
            .Select(group => Parameter(group.Key, group.ToList(), doc));
    }

    /// <summary>
    /// A parameter as it appears in one or more sets: required when every set requires it, the first set's
    /// position, and each way it binds from the pipeline in any set.
    /// </summary>
    private static XElement Parameter(string name, IReadOnlyList<ParameterMetadata> appearances, CommandDoc? doc)
    {
        var first = appearances[0];
        var byValue = appearances.Any(p => p.ValueFromPipeline);
        var byPropertyName = appearances.Any(p => p.ValueFromPipelineByPropertyName);
        var pipeline = (byValue, byPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var isArray = first.TypeFullName.EndsWith("[]", StringComparison.Ordinal);
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", appearances.All(p => p.IsMandatory) ? "true" : "false"),
            new XAttribute("variableLength", isArray ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", first.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", first.Aliases.Count > 0 ? string.Join(", ", first.Aliases) : "none"),
            new XElement(Maml + "name", name),
            Description(DescriptionOf(name, doc)));
        if (!first.IsSwitch)
        {
            // A switch takes no value, so Get-Help shows it as [-Name] rather than [-Name <SwitchParameter>].
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", "true"),
                new XAttribute("variableLength", isArray ? "true" : "false"),
                first.TypeName));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", first.TypeFullName), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", string.IsNullOrEmpty(first.DefaultValue) ? "None" : first.DefaultValue));
        return element;
    }

    private static List<TypeDoc> DerivedInputs(IEnumerable<ParameterSetMetadata> sets)
    {
        var types = sets.SelectMany(set => set.Parameters)
            .Where(p => p.ValueFromPipeline)
            .Select(p => p.TypeFullName)
            .Distinct()
            .Select(type => new TypeDoc(type, new List<string>()))
            .ToList();
        return types.Count > 0 ? types : new List<TypeDoc> { new("None", new List<string>()) };
    }

    private static List<TypeDoc> DerivedOutputs(CommandMetadata metadata) =>
        metadata.OutputTypes.Select(type => new TypeDoc(type, new List<string>())).ToList();

    private static XElement TypeElement(string kind, TypeDoc type) =>
        new(
            Command + kind,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(type.Description));

    private static XElement Description(IEnumerable<string>? paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string>? paragraphs) =>
        (paragraphs ?? Enumerable.Empty<string>()).Select(text => new XElement(Maml + "para", text));
}
