using System;
using System.Collections;
using System.Collections.Concurrent;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>
/// What every Verifik cmdlet shares: the -Session parameter, Ctrl+C wired to a CancellationToken, async core
/// calls run on the pipeline thread's terms, the token a default session adopts, and VerifikExceptions turned into
/// ErrorRecords. Host prompts are in VerifikCmdlet.Prompting.cs.
/// </summary>
public abstract partial class VerifikCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// An explicit session to use instead of the process's default one. Never from the pipeline: PowerShell would
    /// build a session from a piped object's Session property (a [uri], a hashtable), and so let data choose the host
    /// a code or token goes to. A piped Verifik.OtpRequest carries its session with it.
    /// </summary>
    [Parameter]
    public VerifikSession? Session { get; set; }

    protected VerifikSession CurrentSession => Session ?? DefaultSession.Current;

    protected bool IsStopping => _stopping.IsCancellationRequested;

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Before anything else, in whatever cmdlet comes first: from here on no session or token this runspace holds
    /// serialises its token, whether it reaches Export-Clixml as output, in an error record or inside another object.
    /// Per runspace, unlike the default session: type data lives in each runspace's own type table.
    /// </summary>
    protected override void BeginProcessing()
    {
        SerializationTypeData.EnsureRegistered(this);
        if (SessionSettings.PowerShellVersion is null && GetVariableValue("PSVersionTable") is Hashtable versions)
        {
            // For the User-Agent; the core cannot ask PowerShell itself.
            SessionSettings.PowerShellVersion = versions["PSVersion"]?.ToString();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The session whose token a command is about to use. The process's default session, when it has no token,
    /// adopts $env:VERIFIK_ACCESS_TOKEN, then the saved sign-in, so a new shell, a job or ForEach-Object -Parallel
    /// works with no extra step. The variable is looked at on every call until a token is held (it may be set
    /// later); the saved sign-in once, and a broken file is a warning, never a failure. After Disconnect-Verifik the
    /// session adopts nothing until the next sign-in. An unusable token in the variable fails the call with
    /// Verifik.InvalidToken rather than being passed over silently.
    /// A session that keeps the saved sign-in first follows another shell's change to it.
    /// </summary>
    protected VerifikSession SessionWithToken()
    {
        var session = Session ?? WithAdoptedToken(this, CurrentSession);
        FollowSavedSignIn(session);
        return session;
    }

    /// <summary>What <see cref="SessionWithToken"/> does to a default session, for Get-VerifikSession too.</summary>
    internal static VerifikSession WithAdoptedToken(Cmdlet cmdlet, VerifikSession session)
    {
        if (session.Token is not null || session.SignedOut)
        {
            return session;
        }

        // Decided under one lock, since runspaces share the session; written after it, since a warning may prompt.
        string? verbose = null, warning = null;
        lock (DefaultSession.AdoptionGate)
        {
            if (session.Token is not null || session.SignedOut)
            {
                return session;
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(VerifikSession.AccessTokenVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                session.SetToken(ReadToken(fromEnvironment!, VerifikSession.AccessTokenSource, IssuerOfEnvironmentToken(fromEnvironment!, session)));
                verbose = $"Using the Verifik token in {VerifikSession.AccessTokenSource}";
            }
            else if (!session.SavedSignInChecked)
            {
                session.SavedSignInChecked = true;
                var saved = SavedSignIn.ForCurrentUser();
                var loaded = saved.Read();
                if (loaded.Token is { } token)
                {
                    session.SetToken(token);
                    Follow(session, saved, loaded);
                    verbose = $"Using the saved Verifik sign-in from {saved.Path}";
                }
                else
                {
                    warning = loaded.Problem;
                }
            }
        }

        if (verbose is not null)
        {
            cmdlet.WriteVerbose(verbose);
        }

        if (warning is not null)
        {
            cmdlet.WriteWarning(warning);
        }

        return session;
    }

    /// <summary>
    /// Where a token from $env:VERIFIK_ACCESS_TOKEN goes: where calls went the first time this process adopted it,
    /// so a later change of $env:VERIFIK_BASE_URL, in any runspace, does not redirect it.
    /// </summary>
    private static Uri IssuerOfEnvironmentToken(string jwt, VerifikSession session) =>
        DefaultSession.IssuerOfEnvironmentToken(jwt, () => BaseUriResolver.Resolve(null, session, session.AllowUnencryptedAuthentication));

    /// <summary>Reads a token handed to the module (-AccessToken, the environment), refusing one already expired.</summary>
    /// <param name="source">How messages name where it came from, never the token itself.</param>
    protected static VerifikToken ReadToken(string jwt, string source, Uri? issuedBy)
    {
        VerifikToken token;
        try
        {
            token = VerifikToken.FromJwt(jwt, null, DateTimeOffset.UtcNow, issuedBy);
        }
        catch (VerifikException ex)
        {
            throw new VerifikException(VerifikErrorKind.InvalidToken, $"The token from {source} is not usable. {ex.Message}", innerException: ex);
        }

        if (token.IsExpired)
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidToken,
                $"The token from {source} expired on {token.ExpiresOn:u}, and an expired token cannot be renewed.");
        }

        return token;
    }

    /// <summary>
    /// After a sign-in: -Scope CurrentUser also saves the token for the user's next shells; a Process sign-in
    /// leaves any saved one alone and stops this session from updating it.
    /// </summary>
    protected void KeepSignIn(VerifikSession session, VerifikToken token, VerifikScope scope)
    {
        StopFollowing(session);
        if (scope != VerifikScope.CurrentUser)
        {
            return;
        }

        var saved = SavedSignIn.ForCurrentUser();
        try
        {
            saved.Save(token);
            Follow(session, saved, saved.Read());
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
                StopFollowing(session);
                WriteVerbose(KeptInSessionOnly(saved));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The renewal itself worked; only its copy for later shells is missing.
            WriteWarning(saved.RenewalNotSaved(ex));
        }
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
        WriteError(ToErrorRecord(exception, target, RecommendedActionFor(exception.Kind)));

    /// <summary>
    /// The next step this cmdlet gives for a kind of failure, where the error table's default would send the user
    /// to another command (after Connect-Verifik's prompt is gone, "type the code again" cannot be done); null keeps
    /// the table's.
    /// </summary>
    protected virtual string? RecommendedActionFor(VerifikErrorKind kind) => null;

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

    internal static ErrorRecord ToErrorRecord(VerifikException exception, string? target, string? recommendedAction = null) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Kind), target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction ?? exception.RecommendedAction },
        };

    /// <summary>The category the error table names; the core holds it as a name, having no PowerShell.</summary>
    private static ErrorCategory CategoryOf(VerifikErrorKind kind) =>
        (ErrorCategory)Enum.Parse(typeof(ErrorCategory), VerifikErrors.For(kind).Category);
}
