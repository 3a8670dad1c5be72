using System;
using System.Collections;
using System.Linq;
using System.Management.Automation.Language;
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
}
