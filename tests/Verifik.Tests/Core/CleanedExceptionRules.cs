using System;
using System.Net.Http;
using System.Net.Sockets;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// What a VerifikException carries underneath (docs/security.md, promise 4): each failure's type and stack trace,
/// its message only through the server-text gate. What reaches it over real HTTP is HostileText.Tests.ps1's.
/// </summary>
public sealed class CleanedExceptionRules
{
    private static readonly string Jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));

    [Fact]
    public void Every_exception_under_a_VerifikException_keeps_its_type_name_and_stack_but_not_the_text_it_quoted()
    {
        var quoted = new HttpRequestException($"Received an invalid header name: '\u001b]52;c;Y3VybA==\u0007Bearer {Jwt}\u202e'.", new InvalidOperationException("inner \u009b31m"));
        var thrown = Thrown(quoted);

        var attached = new VerifikException(VerifikErrorKind.ConnectionFailed, "The connection broke.", innerException: thrown).InnerException;

        var cleaned = Assert.IsType<CleanedException>(attached);
        Assert.Equal(typeof(HttpRequestException).FullName, cleaned.OriginalType);
        Assert.Equal(thrown.StackTrace, cleaned.StackTrace);
        Assert.Equal(thrown.HResult, cleaned.HResult);
        Assert.Equal(typeof(InvalidOperationException).FullName, Assert.IsType<CleanedException>(cleaned.InnerException).OriginalType);
        var logged = cleaned.ToString();
        Assert.StartsWith(typeof(HttpRequestException).FullName, logged);
        Assert.Contains("invalid header name", logged);
        Assert.DoesNotContain(Jwt.Split('.')[2], logged);
        Assert.DoesNotMatch(@"[\p{Cc}\p{Cf}-[\r\n]]", logged);
    }

    [Fact]
    public void A_socket_error_keeps_its_type_and_code_which_retries_read()
    {
        var attached = new VerifikException(VerifikErrorKind.ConnectionFailed, "Could not connect.", innerException: new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))).InnerException;

        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(attached!.InnerException).SocketErrorCode);
    }

    [Fact]
    public void The_module_s_own_exception_is_attached_as_it_is_as_it_was_cleaned_when_made()
    {
        var own = new VerifikException(VerifikErrorKind.InvalidToken, "Not a token.");

        Assert.Same(own, new VerifikException(VerifikErrorKind.InvalidResponse, "Verifik's answer carried no token.", innerException: own).InnerException);
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
