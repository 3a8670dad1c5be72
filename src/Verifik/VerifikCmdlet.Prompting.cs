using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Verifik;

/// <summary>Asking a person for a code through the host, and only where someone can answer.</summary>
public abstract partial class VerifikCmdlet
{
    /// <summary>How many times a person is asked for a code before the command gives up.</summary>
    protected const int CodeAttempts = 3;

    /// <summary>
    /// Confirms a code; when Verifik then asks for the authenticator-app code and none was given, asks the user
    /// through the host (so VS Code, ISE and remoting work), again after a wrong one as for a wrong emailed code.
    /// Without an interactive host the error stands.
    /// </summary>
    protected VerifikToken ConfirmWithSecondFactor(VerifikSession session, Uri baseUri, SignInSubject subject, string otp, string? authenticatorOtp)
    {
        try
        {
            return Run((verbose, cancel) => VerifikApi.ConfirmOtpAsync(session, baseUri, subject, otp, authenticatorOtp, verbose, cancel));
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.AuthenticatorOtpRequired && authenticatorOtp is null)
        {
            var again = $"Type the current 6-digit code from the authenticator app of {subject.Display}.";
            for (var attempt = 1; ; attempt++)
            {
                var code = PromptForCode(
                    "Two-factor sign-in",
                    attempt == 1 ? $"{subject.Display} also needs the 6-digit code from its authenticator app." : again,
                    again,
                    "Authenticator code") ?? throw ex;
                try
                {
                    return Run((verbose, cancel) => VerifikApi.ConfirmOtpAsync(session, baseUri, subject, otp, code, verbose, cancel));
                }
                catch (VerifikException wrong) when (wrong.Kind == VerifikErrorKind.InvalidAuthenticatorOtp && attempt < CodeAttempts)
                {
                    WriteWarning("That authenticator code was not accepted. Wait for the app to show the next one and type it.");
                }
            }
        }
    }

    /// <summary>
    /// Asks for a code through the host with masked input and returns it normalised, or null when the host cannot
    /// ask or nothing usable was typed in <see cref="CodeAttempts"/> tries. A stray empty Enter or a malformed code
    /// asks again with <paramref name="again"/>, which must not read as if a new code was sent. Ctrl+C at the
    /// prompt stops the pipeline as usual.
    /// </summary>
    protected string? PromptForCode(string caption, string message, string again, string label)
    {
        var field = new FieldDescription(label) { IsMandatory = true };
        field.SetParameterType(typeof(SecureString));
        for (var attempt = 0; attempt < CodeAttempts; attempt++)
        {
            var answer = Prompt(caption, attempt == 0 ? message : again, field);
            if (answer is null)
            {
                return null;
            }

            if (answer.Length == 0)
            {
                continue;
            }

            try
            {
                return InputRules.NormalizeOtp(answer);
            }
            catch (ArgumentException ex)
            {
                WriteWarning(ex.Message);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether someone can answer a prompt, as the host says, never the process's command line: a host with its own
    /// UI (VS Code, an application hosting PowerShell) may prompt even in a process started with -NonInteractive or
    /// with redirected input. The default host of an embedded runspace has no one to ask. The console host cannot
    /// ask when its input is redirected (cron, CI, pwsh -File x.ps1 &lt; /dev/null), and says whether it runs
    /// -NonInteractive by how it refuses an empty choice: that mode refuses every prompt before looking at the
    /// arguments, so nothing is shown.
    /// </summary>
    protected bool CanPrompt
    {
        get
        {
            if (Host?.UI is null || Host.Name == "Default Host")
            {
                return false;
            }

            if (Host.Name != "ConsoleHost")
            {
                return true;
            }

            if (Console.IsInputRedirected)
            {
                return false;
            }

            try
            {
                Host.UI.PromptForChoice(string.Empty, string.Empty, new Collection<ChoiceDescription>(), 0);
                return true;
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HostException or NotImplementedException)
            {
                return false;
            }
        }
    }

    /// <summary>Asks one question through the host; null when the host cannot ask, empty when nothing was typed.</summary>
    protected string? Prompt(string caption, string message, FieldDescription field)
    {
        if (!CanPrompt)
        {
            return null;
        }

        Collection<FieldDescription> fields = new() { field };
        Dictionary<string, PSObject> answers;
        try
        {
            answers = Host.UI.Prompt(caption, message, fields);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotImplementedException or HostException)
        {
            // The console host in -NonInteractive mode, or a host without prompting.
            return null;
        }

        if (answers is null || !answers.TryGetValue(field.Name, out var value) || value?.BaseObject is null)
        {
            return null;
        }

        // An empty answer is still an answer: the caller asks again rather than giving up.
        var text = value.BaseObject is SecureString secure ? Unprotect(secure) : value.BaseObject.ToString();
        return text.Trim();
    }
}
