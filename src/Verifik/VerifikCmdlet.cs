using System;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>
/// What every Verifik cmdlet shares: the -Session parameter, Ctrl+C wired to a CancellationToken, async core
/// calls run on the pipeline thread's terms, the saved sign-in, host prompts, and VerifikExceptions turned into
/// ErrorRecords.
/// </summary>
public abstract class VerifikCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>An explicit session to use instead of this runspace's default one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public VerifikSession? Session { get; set; }

    protected VerifikSession CurrentSession => Session ?? DefaultSession.ForCurrentRunspace();

    protected bool IsStopping => _stopping.IsCancellationRequested;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Before anything else, in whatever cmdlet comes first: from here on no session or token this runspace holds
    /// serialises its token, whether it reaches Export-Clixml as output, in an error record or inside another object.
    /// </summary>
    protected override void BeginProcessing() => SerializationTypeData.EnsureRegistered(this);

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The session whose token a command is about to use. A runspace's default session looks once for the saved
    /// sign-in, so a new shell finds the token saved by an earlier one; a broken file is a warning, never a failure.
    /// </summary>
    protected VerifikSession SessionWithToken()
    {
        var session = CurrentSession;
        if (Session is null && session.Token is null && !session.SavedSignInChecked)
        {
            session.SavedSignInChecked = true;
            var saved = SavedSignIn.ForCurrentUser();
            if (saved.TryLoad(out var token, out var generation, out var problem))
            {
                session.SetToken(token);
                session.SavedGeneration = generation;
                WriteVerbose($"Using the saved Verifik sign-in from {saved.Path}");
            }
            else if (problem is not null)
            {
                WriteWarning(problem);
            }
        }

        return session;
    }

    /// <summary>
    /// After a sign-in: -Scope CurrentUser also saves the token for the user's next shells; a Process sign-in
    /// leaves any saved one alone and stops this session from updating it.
    /// </summary>
    protected void KeepSignIn(VerifikSession session, VerifikToken token, VerifikScope scope)
    {
        session.SavedGeneration = null;
        if (scope != VerifikScope.CurrentUser)
        {
            return;
        }

        var saved = SavedSignIn.ForCurrentUser();
        try
        {
            session.SavedGeneration = saved.Save(token);
            WriteVerbose($"Saved the Verifik sign-in to {saved.Path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The sign-in itself worked; only the copy for later shells is missing.
            WriteWarning($"Signed in, but the sign-in could not be saved to {saved.Path}: {ex.Message} New shells will have to sign in again.");
        }
    }

    /// <summary>
    /// After a renewal: rewrites the saved sign-in when this session keeps it, but only while the file still holds
    /// the sign-in this session loaded or wrote. If Disconnect-Verifik (here or in another shell) removed it, or a
    /// newer sign-in replaced it, the renewal does not bring it back, and this session stops keeping it.
    /// </summary>
    protected void SaveIfKept(VerifikSession session, VerifikToken token)
    {
        if (session.SavedGeneration is not { } generation)
        {
            return;
        }

        var saved = SavedSignIn.ForCurrentUser();
        try
        {
            if (saved.SaveRenewal(token, generation))
            {
                WriteVerbose($"Saved the renewed Verifik token to {saved.Path}");
            }
            else
            {
                session.SavedGeneration = null;
                WriteVerbose($"The saved Verifik sign-in at {saved.Path} was removed or replaced since this session loaded it, so the renewed token was kept in this session only.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The sign-in itself worked; only the copy for later shells is missing.
            WriteWarning($"Signed in, but the sign-in could not be saved to {saved.Path}: {ex.Message} New shells will have to sign in again.");
        }
    }

    /// <summary>
    /// Confirms a code; when Verifik then asks for the authenticator-app code and none was given, asks the user
    /// through the host (so VS Code, ISE and remoting work). Without an interactive host the error stands.
    /// </summary>
    protected VerifikToken ConfirmWithSecondFactor(VerifikSession session, Uri baseUri, SignInSubject subject, string otp, string? authenticatorOtp)
    {
        try
        {
            return Run((verbose, cancel) => VerifikApi.ConfirmOtpAsync(session, baseUri, subject, otp, authenticatorOtp, verbose, cancel));
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.AuthenticatorOtpRequired && authenticatorOtp is null)
        {
            var code = PromptForCode(
                "Two-factor sign-in",
                $"{subject.Display} also needs the 6-digit code from its authenticator app.",
                "Authenticator code") ?? throw ex;
            return Run((verbose, cancel) => VerifikApi.ConfirmOtpAsync(session, baseUri, subject, otp, code, verbose, cancel));
        }
    }

    /// <summary>
    /// Asks for a code through the host with masked input and returns it normalised, or null when the host cannot
    /// ask (no UI, -NonInteractive, no input). Ctrl+C at the prompt stops the pipeline as usual.
    /// </summary>
    protected string? PromptForCode(string caption, string message, string label)
    {
        var field = new FieldDescription(label) { IsMandatory = true };
        field.SetParameterType(typeof(SecureString));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var answer = Prompt(caption, message, field);
            if (answer is null)
            {
                return null;
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
    /// Whether the host can ask the user something. The console host refuses in -NonInteractive mode, and the
    /// default host of an embedded runspace has no UI at all.
    /// </summary>
    protected bool CanPrompt =>
        Host?.UI is not null
        && Host.Name != "Default Host"
        && !Environment.GetCommandLineArgs().Any(argument =>
            argument.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("/noni", StringComparison.OrdinalIgnoreCase));

    /// <summary>Asks one question through the host; null when the host cannot ask.</summary>
    protected string? Prompt(string caption, string message, FieldDescription field)
    {
        if (!CanPrompt)
        {
            return null;
        }

        Collection<FieldDescription> fields = new() { field };
        System.Collections.Generic.Dictionary<string, PSObject> answers;
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

        var text = value.BaseObject is SecureString secure ? Unprotect(secure) : value.BaseObject.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>
    /// Runs core work and blocks until it ends. Verbose lines the work reports from pool threads are queued and
    /// written here, on the pipeline thread, which is the only thread allowed to write to PowerShell's streams.
    /// </summary>
    protected T Run<T>(Func<Action<string>?, CancellationToken, Task<T>> work)
    {
        // Nobody listening: no queue, and the core builds no verbose lines at all.
        if (!IsVerboseWanted)
        {
            return work(null, _stopping.Token).GetAwaiter().GetResult();
        }

        using var messages = new BlockingCollection<string>();
        var task = work(messages.Add, _stopping.Token);
        task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var message in messages.GetConsumingEnumerable())
        {
            WriteVerbose(message);
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Masks a secret parameter's value in MyInvocation.BoundParameters, which every ErrorRecord of this command
    /// carries into $Error. The parameter itself keeps its value.
    /// </summary>
    protected void MaskBoundSecret(string parameterName)
    {
        if (MyInvocation.BoundParameters.ContainsKey(parameterName))
        {
            MyInvocation.BoundParameters[parameterName] = "***";
        }
    }

    private bool IsVerboseWanted =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var verbose)
            ? ((SwitchParameter)verbose).IsPresent
            : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue
              && preference != ActionPreference.Ignore;

    /// <summary>
    /// How every failure that concerns one call is reported: written, not thrown, so -ErrorAction,
    /// $ErrorActionPreference and -ErrorVariable behave as they do with PowerShell's own cmdlets.
    /// </summary>
    /// <param name="target">A masked description of what failed (a***@example.com, a path), never an object that holds a secret.</param>
    protected void WriteVerifikError(VerifikException exception, string? target) =>
        WriteError(ToErrorRecord(exception, target));

    /// <summary>What a failure about the session's token names as its target: who is signed in, masked.</summary>
    protected static string DescribeForError(VerifikSession session) =>
        session.Token is { } token ? "Verifik session for " + VerifikSession.MaskedWho(token) : "Verifik session (not signed in)";

    protected void WriteTyped(object value, string typeName) => WriteObject(TypedOutput.Wrap(this, value, typeName));

    internal static string Unprotect(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    internal static ErrorRecord ToErrorRecord(VerifikException exception, string? target) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Kind), target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = exception.RecommendedAction },
        };

    private static ErrorCategory CategoryOf(VerifikErrorKind kind) => kind switch
    {
        VerifikErrorKind.InvalidEmail or VerifikErrorKind.InvalidPhone or VerifikErrorKind.OtpNotFound => ErrorCategory.ObjectNotFound,
        VerifikErrorKind.InvalidOtp or VerifikErrorKind.InvalidAuthenticatorOtp or VerifikErrorKind.OtpExpired
            or VerifikErrorKind.AuthenticatorOtpRequired or VerifikErrorKind.NotConnected or VerifikErrorKind.TokenExpired
            or VerifikErrorKind.TokenExpiring or VerifikErrorKind.Unauthorized or VerifikErrorKind.InteractionRequired => ErrorCategory.AuthenticationError,
        VerifikErrorKind.MissingParameter or VerifikErrorKind.InvalidToken or VerifikErrorKind.InvalidBaseUri
            or VerifikErrorKind.InvalidBody => ErrorCategory.InvalidArgument,
        VerifikErrorKind.InvalidResponse => ErrorCategory.InvalidResult,
        VerifikErrorKind.ConnectionFailed => ErrorCategory.ConnectionError,
        VerifikErrorKind.Timeout => ErrorCategory.OperationTimeout,
        VerifikErrorKind.InsecureBaseUri => ErrorCategory.SecurityError,
        VerifikErrorKind.OtpRecentlySent => ErrorCategory.LimitsExceeded,
        VerifikErrorKind.OtpNotSent => ErrorCategory.ResourceUnavailable,
        VerifikErrorKind.InsufficientCredits => ErrorCategory.QuotaExceeded,
        _ => ErrorCategory.InvalidOperation,
    };
}
