using System;

namespace Verifik;

/// <summary>
/// The one exception type the core raises. Messages say what happened and what to do next, and never contain a
/// token or a one-time code. What failed underneath is attached only cleaned (CleanedException), so no server or
/// network text reaches the chain a log or $Error keeps.
/// </summary>
public sealed class VerifikException : Exception
{
    public VerifikException(
        VerifikErrorKind kind,
        string message,
        int? statusCode = null,
        string? apiCode = null,
        string? apiMessage = null,
        Exception? innerException = null)
        : base(message, CleanedException.From(innerException))
    {
        Kind = kind;
        StatusCode = statusCode;
        ApiCode = apiCode;
        ApiMessage = apiMessage;
    }

    public VerifikErrorKind Kind { get; }

    /// <summary>The stable PowerShell ErrorId, such as Verifik.InvalidOtp.</summary>
    public string ErrorId => "Verifik." + Kind;

    /// <summary>The HTTP status of Verifik's answer; null when no answer arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>Verifik's own error code, such as NotFound or PreconditionFailed.</summary>
    public string? ApiCode { get; }

    /// <summary>Verifik's own error message, such as invalid_otp.</summary>
    public string? ApiMessage { get; }

    /// <summary>The next step for this kind of failure, which PowerShell shows as ErrorDetails.RecommendedAction.</summary>
    public string RecommendedAction => VerifikErrors.For(Kind).RecommendedAction;

    /// <summary>Whether running the same command again, unchanged and a little later, may succeed.</summary>
    public bool RetryMayHelp => VerifikErrors.For(Kind).RetryMayHelp;
}
