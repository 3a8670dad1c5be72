using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Verifik.Completion;

/// <summary>
/// Completes -Language with the languages Verifik documents. A completer rather than ValidateSet, because Verifik
/// may write in more languages than its documentation names.
/// </summary>
public sealed class LanguageCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        return InputRules.DocumentedLanguages
            .Where(language => language.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(language => new CompletionResult(language, language, CompletionResultType.ParameterValue, language));
    }
}
