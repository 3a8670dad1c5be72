using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>
/// What every Verifik cmdlet shares: the -Session parameter, Ctrl+C wired to a CancellationToken, async core
/// calls run on the pipeline thread's terms, and VerifikExceptions turned into ErrorRecords.
/// </summary>
public abstract class VerifikCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>An explicit session to use instead of this runspace's default one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public VerifikSession? Session { get; set; }

    protected VerifikSession CurrentSession => Session ?? DefaultSession.ForCurrentRunspace();

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs core work and blocks until it ends. Verbose lines the work reports from pool threads are queued and
    /// written here, on the pipeline thread, which is the only thread allowed to write to PowerShell's streams.
    /// </summary>
    protected T Run<T>(Func<Action<string>, CancellationToken, Task<T>> work)
    {
        using var messages = new BlockingCollection<string>();
        var task = work(messages.Add, _stopping.Token);
        task.ContinueWith(_ => messages.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var message in messages.GetConsumingEnumerable())
        {
            WriteVerbose(message);
        }

        return task.GetAwaiter().GetResult();
    }

    protected void WriteVerifikError(VerifikException exception, object? target) =>
        WriteError(ToErrorRecord(exception, target));

    protected void ThrowVerifikError(VerifikException exception, object? target) =>
        ThrowTerminatingError(ToErrorRecord(exception, target));

    protected void WriteTyped(object value, string typeName) => WriteObject(TypedOutput.Wrap(value, typeName));

    protected bool IsStopping => _stopping.IsCancellationRequested;

    internal static ErrorRecord ToErrorRecord(VerifikException exception, object? target) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Kind), target);

    private static ErrorCategory CategoryOf(VerifikErrorKind kind) => kind switch
    {
        VerifikErrorKind.InvalidEmail or VerifikErrorKind.InvalidPhone or VerifikErrorKind.OtpNotFound => ErrorCategory.ObjectNotFound,
        VerifikErrorKind.InvalidOtp or VerifikErrorKind.InvalidAuthenticatorOtp or VerifikErrorKind.OtpExpired
            or VerifikErrorKind.AuthenticatorOtpRequired or VerifikErrorKind.NotConnected or VerifikErrorKind.TokenExpired
            or VerifikErrorKind.TokenExpiring or VerifikErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
        VerifikErrorKind.MissingParameter or VerifikErrorKind.InvalidToken or VerifikErrorKind.InvalidBaseUri => ErrorCategory.InvalidArgument,
        VerifikErrorKind.InvalidResponse => ErrorCategory.InvalidResult,
        VerifikErrorKind.ConnectionFailed => ErrorCategory.ConnectionError,
        VerifikErrorKind.Timeout => ErrorCategory.OperationTimeout,
        VerifikErrorKind.InsecureBaseUri => ErrorCategory.SecurityError,
        _ => ErrorCategory.InvalidOperation,
    };
}
