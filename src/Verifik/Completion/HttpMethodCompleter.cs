using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Verifik.Validation;

namespace Verifik.Completion;

/// <summary>Completes -Method with the HTTP methods Invoke-VerifikRequest sends.</summary>
public sealed class HttpMethodCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HttpMethodAttribute.Methods
            .Where(method => method.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(method => new CompletionResult(method, method, CompletionResultType.ParameterValue, method));
}
