using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Verifik.Completion;

/// <summary>Completes -Email with the addresses already used in the session (the -Session given, else the default).</summary>
public sealed class EmailCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = fakeBoundParameters["Session"] is { } bound && PSObject.AsPSObject(bound).BaseObject is VerifikSession given
            ? given
            : DefaultSession.Current;
        var typed = wordToComplete.Trim('\'', '"');
        // An address holding a line break, an escape code or a direction override is not offered: quoted or not, a
        // line break splits the pasted command where Enter submits it, and the others rewrite what the completion
        // menu shows. Which characters those are is ServerText's rule, the gate for any text shown from elsewhere.
        return session.UsedEmails
            .Where(email => email.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && ServerText.Clean(email) == email)
            .OrderBy(email => email, StringComparer.OrdinalIgnoreCase)
            .Select(email => new CompletionResult(Quote(email), email, CompletionResultType.ParameterValue, email));
    }

    /// <summary>
    /// Quotes an address that holds characters PowerShell would read as syntax, such as '&amp;' or '#'. Escaped by
    /// PowerShell's own rule, which also doubles the typographic quotes (‘ ’ ‚ ‛) that end a single-quoted string,
    /// so a completion is always one string argument and never code.
    /// </summary>
    private static string Quote(string email) =>
        email.All(character => character is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '+' or '-' or '@')
            ? email
            : "'" + CodeGeneration.EscapeSingleQuotedStringContent(email) + "'";
}
