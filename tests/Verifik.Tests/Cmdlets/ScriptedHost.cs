using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// A PowerShell host whose prompts are answered by the test, the way VS Code's or a remoting host's would be
/// answered by a person. It proves the cmdlets ask through the host, never the console.
/// </summary>
internal sealed class ScriptedHost : PSHost
{
    private readonly ScriptedUserInterface _ui;

    public ScriptedHost(Func<FieldDescription, string?> answer) => _ui = new ScriptedUserInterface(answer);

    public List<(string Caption, string Message, FieldDescription Field)> Prompts => _ui.Prompts;

    public List<string> Warnings => _ui.Warnings;

    /// <summary>How a yes/no question (ShouldContinue) is answered: the index of the choice; unset, the host cannot ask.</summary>
    public Func<Collection<ChoiceDescription>, int>? Choose
    {
        get => _ui.Choose;
        set => _ui.Choose = value;
    }

    /// <summary>The yes/no questions asked, with the label of the choice a bare Enter picks.</summary>
    public List<(string Caption, string Message, string? Default)> Questions => _ui.Questions;

    public override string Name => "Scripted test host";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class ScriptedUserInterface : PSHostUserInterface
    {
        private readonly Func<FieldDescription, string?> _answer;

        public ScriptedUserInterface(Func<FieldDescription, string?> answer) => _answer = answer;

        public List<(string Caption, string Message, FieldDescription Field)> Prompts { get; } = new();

        public List<string> Warnings { get; } = new();

        public Func<Collection<ChoiceDescription>, int>? Choose { get; set; }

        public List<(string Caption, string Message, string? Default)> Questions { get; } = new();

        public override PSHostRawUserInterface? RawUI => null;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            var answers = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Prompts.Add((caption, message, field));
                var text = _answer(field);
                if (text is null)
                {
                    continue;
                }

                answers[field.Name] = field.ParameterTypeFullName == typeof(SecureString).FullName
                    ? new PSObject(Secure(text))
                    : new PSObject(text);
            }

            return answers;
        }

        public override void WriteWarningLine(string message) => Warnings.Add(message);

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Questions.Add((caption, message, defaultChoice >= 0 && defaultChoice < choices.Count ? choices[defaultChoice].Label.Replace("&", string.Empty) : null));
            return Choose is { } choose ? choose(choices) : throw new NotSupportedException();
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException("The cmdlets must prompt through Prompt, not ReadLine.");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The cmdlets must prompt through Prompt.");

        public override void Write(string value)
        {
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
        }

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteErrorLine(string value)
        {
        }

        public override void WriteLine(string value)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var character in text)
            {
                secure.AppendChar(character);
            }

            return secure;
        }
    }
}
