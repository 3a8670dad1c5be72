using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using Verifik.Completion;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// A completion is pasted into a command line, so whatever address it holds must parse back as one string argument.
/// PowerShell ends a single-quoted string at ' and also at ‘ ’ ‚ ‛, so escaping only the ASCII quote let an address
/// complete into code.
/// </summary>
public sealed class CompletionSafetyTests
{
    [Theory]
    [InlineData("o'brien@example.com")]
    [InlineData("x\u2018+(Set-Content pwned 1)+\u2018@example.com")]
    [InlineData("x\u2019;Remove-Item ~ -Recurse;\u2019@example.com")]
    [InlineData("x\u201a)$(calc)(\u201b@example.com")]
    [InlineData("a&b#c{d}$e`f@example.com")]
    [InlineData("zo\u00eb@example.com")]
    public void Every_completion_parses_as_the_address_as_one_string(string address)
    {
        var session = new VerifikSession();
        session.RememberEmail(address);

        var completion = new EmailCompleter()
            .CompleteArgument("Request-VerifikOtp", "Email", string.Empty, null!, new Hashtable { ["Session"] = session })
            .Single();
        var ast = Parser.ParseInput("Request-VerifikOtp -Email " + completion.CompletionText, out _, out var errors);

        Assert.Empty(errors);
        var command = Assert.IsType<CommandAst>(ast.EndBlock.Statements.Single() is PipelineAst pipeline ? pipeline.PipelineElements.Single() : null);
        Assert.Equal(3, command.CommandElements.Count);
        var argument = Assert.IsType<StringConstantExpressionAst>(command.CommandElements[2]);
        Assert.Equal(address, argument.Value);
    }

    /// <summary>What a hostile value may hold: each quote and escape of PowerShell, a subexpression, a statement end and a line break.</summary>
    private static readonly string[] Hostile =
    [
        "o'brien@example.com", "back`tick@example.com", "x$(Remove-Item ~)@example.com", "x;calc@example.com",
        "x\nRemove-Item ~@example.com", "'`$(;\n@example.com",
    ];

    /// <summary>Every completer the module declares on a parameter, found from the cmdlets, so a new one cannot be left out.</summary>
    public static TheoryData<string, string, Type> Completers()
    {
        var data = new TheoryData<string, string, Type>();
        foreach (var cmdlet in typeof(EmailCompleter).Assembly.GetTypes().Where(type => type.GetCustomAttribute<CmdletAttribute>() is not null))
        {
            var attribute = cmdlet.GetCustomAttribute<CmdletAttribute>()!;
            foreach (var parameter in cmdlet.GetProperties())
            {
                if (parameter.GetCustomAttribute<ArgumentCompleterAttribute>()?.Type is { } completer)
                {
                    data.Add(attribute.VerbName + "-" + attribute.NounName, parameter.Name, completer);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_completer_class_of_the_module_is_declared_on_a_parameter()
    {
        var declared = Completers().Select(row => (Type)row[2]).ToHashSet();
        var classes = typeof(EmailCompleter).Assembly.GetTypes().Where(type => typeof(IArgumentCompleter).IsAssignableFrom(type) && !type.IsAbstract);

        Assert.DoesNotContain(classes, type => !declared.Contains(type));
    }

    [Theory]
    [MemberData(nameof(Completers))]
    public void Every_completion_is_one_plain_argument_whatever_was_used_or_typed(string command, string parameter, Type completerType)
    {
        var session = new VerifikSession();
        foreach (var value in Hostile)
        {
            session.RememberEmail(value);
        }

        var completer = (IArgumentCompleter)Activator.CreateInstance(completerType)!;
        var typed = new[] { string.Empty, "'", "x" }.Concat(Hostile).Concat(Hostile.Select(value => value.Substring(0, 1)));
        var completions = typed.SelectMany(word => completer.CompleteArgument(command, parameter, word, null!, new Hashtable { ["Session"] = session })).ToList();

        Assert.NotEmpty(completions);
        foreach (var completion in completions)
        {
            // Shown in the menu and pasted as it is: no line break, escape code or direction override anywhere.
            Assert.DoesNotContain(completion.CompletionText + completion.ListItemText + completion.ToolTip, character => IsUnsafeToShow(character));
            var ast = Parser.ParseInput($"{command} -{parameter} {completion.CompletionText}", out _, out var errors);
            Assert.Empty(errors);
            var element = ((CommandAst)((PipelineAst)ast.EndBlock.Statements.Single()).PipelineElements.Single()).CommandElements;
            Assert.Equal(3, element.Count);
            Assert.Equal(completion.ListItemText, Assert.IsType<StringConstantExpressionAst>(element[2]).Value);
        }
    }

    private static bool IsUnsafeToShow(char character) =>
        CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
