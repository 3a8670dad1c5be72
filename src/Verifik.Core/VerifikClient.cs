using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>
/// Sends one HTTP request and reads the whole answer, turning transport failures into VerifikExceptions. It does
/// not interpret bodies: ResponseMapper does.
/// </summary>
internal sealed class VerifikClient
{
    /// <summary>Verifik's answers are a few KiB; anything past this is not one, and reading it all would only cost memory.</summary>
    internal const int MaxResponseBytes = 1024 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;

    public VerifikClient(HttpMessageHandler handler, TimeSpan? timeout = null)
    {
        // The per-request timeout below replaces HttpClient's own, which cannot tell a timeout from Ctrl+C.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public TimeSpan RequestTimeout { get; }

    public async Task<ApiResponse> SendAsync(
        HttpMethod method,
        Uri uri,
        byte[]? jsonBody,
        string? authorization,
        Action<string>? verbose,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.ParseAdd("application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
        }

        var what = $"{method} {uri.AbsolutePath}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            var body = await ReadCappedAsync(response.Content, what, timeout.Token).ConfigureAwait(false);
            verbose?.Invoke($"{what} -> {(int)response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms ({body.Length} bytes)");
            return new ApiResponse(
                (int)response.StatusCode,
                response.ReasonPhrase,
                response.Content.Headers.ContentType?.MediaType,
                body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VerifikException(
                VerifikErrorKind.Timeout,
                $"{what} on {uri.Host} got no answer within {RequestTimeout.TotalSeconds:0.#} seconds. Try again later, or raise the session's timeout.");
        }
        catch (HttpRequestException ex)
        {
            throw new VerifikException(
                VerifikErrorKind.ConnectionFailed,
                $"Could not reach Verifik at {uri.GetLeftPart(UriPartial.Authority)} ({Innermost(ex).Message}). Check the base URI (-BaseUri, the session's, $env:VERIFIK_BASE_URL) and your network or proxy.",
                innerException: ex);
        }
        catch (IOException ex)
        {
            throw new VerifikException(
                VerifikErrorKind.ConnectionFailed,
                $"The connection to {uri.GetLeftPart(UriPartial.Authority)} broke during {what} ({Innermost(ex).Message}). Check your network and try again.",
                innerException: ex);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLarge(what);
        }

        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        // .NET Framework's response streams ignore the token; closing the stream is what unblocks a read there.
        using var abort = cancellationToken.Register(stream.Dispose);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw TooLarge(what);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return buffer.ToArray();
    }

    private static VerifikException TooLarge(string what) => new(
        VerifikErrorKind.InvalidResponse,
        $"The answer to {what} is larger than {MaxResponseBytes / 1024} KiB, so it is not a Verifik answer; reading stopped there. Check the base URI points at the Verifik API.");

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
