using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net.Http;
using System.Security;
using System.Text.RegularExpressions;

namespace Verifik.PesterHosts
{

/// <summary>
/// A host with someone at it, for Pester (Add-Type), as VS Code's or an application's would be: each prompt is
/// answered with the next of the given answers, as a person typing them would (an empty string is a bare Enter;
/// <see cref="LatestCode"/> reads the code the emulator last sent, from the outbox URL in $env:TEST_OUTBOX). It lets
/// tests reach what only happens at a prompt, such as three wrong codes inside Connect-Verifik.
/// </summary>
public sealed class AnsweringHost : PSHost
{
    private readonly AnsweringUserInterface _ui;

    /// <summary>The answer that stands for the code the emulator sent last, read when the prompt comes.</summary>
    public const string LatestCode = "{latest code}";

    public AnsweringHost(string[] answers) => _ui = new AnsweringUserInterface(new Queue<string>(answers));

    /// <summary>How many fields were asked for.</summary>
    public int Prompts => _ui.Prompts;

    public override string Name => "Answering test host";
    public override Version Version { get; } = new Version(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class AnsweringUserInterface : PSHostUserInterface
    {
        private readonly Queue<string> _answers;

        public AnsweringUserInterface(Queue<string> answers) => _answers = answers;

        public int Prompts;

        public override PSHostRawUserInterface RawUI => null;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            var result = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Prompts++;
                var text = _answers.Count > 0 ? _answers.Dequeue() : string.Empty;
                if (text == LatestCode)
                {
                    var outbox = new HttpClient().GetStringAsync(Environment.GetEnvironmentVariable("TEST_OUTBOX")).GetAwaiter().GetResult();
                    text = Regex.Matches(outbox, "\"code\"\\s*:\\s*\"(\\w+)\"")[0].Groups[1].Value;
                }

                var secure = new SecureString();
                foreach (var character in text)
                {
                    secure.AppendChar(character);
                }

                result[field.Name] = field.ParameterTypeFullName == typeof(SecureString).FullName ? new PSObject(secure) : new PSObject(text);
            }

            return result;
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteDebugLine(string message) { }
        public override void WriteErrorLine(string value) { }
        public override void WriteLine(string value) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) { }
    }
}
}
