using System;
using System.Net;
using System.Net.Sockets;

namespace Verifik;

/// <summary>How a transport failure is told apart (retry or not) and reported without the server's or network's raw text.</summary>
internal sealed partial class VerifikClient
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// Only failures to connect are known to have sent nothing; a reset mid-answer may follow a processed request.
    /// A name that does not resolve is not one of them: it is a typo or a DNS problem that a retry seconds later
    /// does not fix, so it fails at once (IsNameNotResolved).
    /// </summary>
    private static bool IsFailureToConnect(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable;
            }
        }

        return false;
    }

    /// <summary>
    /// .NET reports an unknown name as a SocketException inside; .NET Framework (Windows PowerShell 5.1) as a
    /// WebException whose status says so, with no SocketException at all.
    /// </summary>
    private static bool IsNameNotResolved(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return socket.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain;
                case WebException web when web.Status is WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// .NET's text of a transport failure can quote the server (an invalid header name holding the token it was sent)
    /// or the network: the message shows it cleaned, and the failure is attached cleaned with the same secrets.
    /// </summary>
    private static VerifikException ConnectionFailed(Exception failure, string?[] secrets, Func<string?, string> message) => new(
        VerifikErrorKind.ConnectionFailed,
        message(ServerText.Clean(Innermost(failure).Message, secrets)),
        innerException: CleanedException.From(failure, secrets));

    /// <summary>The JWT of "Bearer &lt;jwt&gt;", which a server may echo without the scheme.</summary>
    private static string? TokenOf(string? authorization) =>
        authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.Ordinal) ? authorization.Substring(BearerPrefix.Length) : null;

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
