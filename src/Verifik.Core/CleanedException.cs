using System;
using System.Net.Sockets;

namespace Verifik;

/// <summary>
/// What failed under a VerifikException, with its text through the server-text gate. .NET quotes what a server sent
/// in its own messages ("Received an invalid header name: '…'", a token echoed back included), and a runbook logs
/// $_.Exception.ToString(), Get-Error or $Error | Export-Clixml, which show the whole chain. So the chain keeps the
/// type of each failure, its cleaned message and its stack trace (method names, no data), never the original.
/// </summary>
public sealed class CleanedException : Exception
{
    private readonly string? _stackTrace;

    private CleanedException(Exception original, string? message, Exception? inner)
        : base(message, inner)
    {
        // An object's own type is never an open generic or a type parameter, the only types without a full name.
        OriginalType = original.GetType().FullName;
        HResult = original.HResult;
        _stackTrace = original.StackTrace;
    }

    /// <summary>The full name of the exception this one stands for, such as System.Net.Http.HttpRequestException.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    /// <summary>As .NET writes an exception, under the original type's name, so a log reads as it would have.</summary>
    public override string ToString()
    {
        var text = $"{OriginalType} (text cleaned by Verifik): {Message}";
        if (InnerException is not null)
        {
            text += $" ---> {InnerException}{Environment.NewLine}   --- End of inner exception stack trace ---";
        }

        return StackTrace is null ? text : text + Environment.NewLine + StackTrace;
    }

    /// <summary>
    /// <paramref name="exception"/> and its inner ones, with every message cleaned of <paramref name="secrets"/>, of
    /// anything shaped like a token and of control characters. The module's own exceptions are cleaned when made.
    /// </summary>
    internal static Exception? From(Exception? exception, params string?[] secrets) => exception switch
    {
        null or VerifikException or CleanedException => exception,
        // Its error code is what retries read; rebuilt from the code, its message is the system's text for that code.
        SocketException socket => new SocketException((int)socket.SocketErrorCode),
        _ => new CleanedException(exception, ServerText.Clean(exception.Message, secrets), From(exception.InnerException, secrets)),
    };
}
