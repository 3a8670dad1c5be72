using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>
/// Sends one logical request: retries what is safe to retry, reads the whole answer (capped), and turns transport
/// failures into VerifikExceptions. It does not interpret bodies: ResponseMapper does.
/// </summary>
internal sealed partial class VerifikClient
{
    /// <summary>Verifik's answers are a few KiB; anything past this is not one, and reading it all would only cost memory.</summary>
    internal const int MaxResponseBytes = 1024 * 1024;

    /// <summary>A Retry-After longer than this is waited for only this long: a shell should not hang for an hour.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Random _jitter = new();

    /// <summary>A client made directly (tests, one-off calls) does not retry unless asked; a session passes its own settings.</summary>
    private static readonly SessionSettings DirectSettings = new() { MaximumRetryCount = 0 };

    public VerifikClient(HttpMessageHandler handler, SessionSettings? settings = null)
    {
        Settings = settings ?? DirectSettings;
        // The per-attempt timeout below replaces HttpClient's own, which cannot tell a timeout from Ctrl+C.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Settings.UserAgent);
    }

    public SessionSettings Settings { get; }

    /// <param name="baseUri">What redirects must stay under; the request's origin when null (a caller with no base path).</param>
    /// <param name="headers">Extra headers, already checked, sent with every attempt and hop.</param>
    /// <param name="readAnswerHeaders">Whether to hand back the answer's headers, cleaned; only a caller that reads them pays for that.</param>
    public async Task<ApiResponse> SendAsync(
        HttpMethod method,
        Uri uri,
        byte[]? jsonBody,
        string? authorization,
        Action<string>? verbose,
        CancellationToken cancellationToken,
        Uri? baseUri = null,
        RequestHeaders? headers = null,
        bool readAnswerHeaders = false)
    {
        var what = $"{method} {uri.AbsolutePath}";
        var earlierStatuses = new List<int>();
        for (var attempt = 1; ; attempt++)
        {
            var canRetry = attempt <= Settings.MaximumRetryCount;
            TimeSpan? delay;
            try
            {
                var response = await SendOnceAsync(method, uri, baseUri ?? new Uri(uri, "/"), jsonBody, (authorization, headers), readAnswerHeaders, what, attempt, earlierStatuses, verbose, cancellationToken).ConfigureAwait(false);
                if (!canRetry || !IsRetryable(method, response.StatusCode))
                {
                    return response;
                }

                earlierStatuses.Add(response.StatusCode);

                delay = response.RetryAfter is { } asked ? (asked < MaxRetryDelay ? asked : MaxRetryDelay) : Backoff(attempt);
                verbose?.Invoke($"{what} answered {response.StatusCode}; retrying in {delay.Value.TotalSeconds:0.0} s{(response.RetryAfter is null ? string.Empty : " as its Retry-After asked")} (attempt {attempt + 1} of {Settings.MaximumRetryCount + 1})");
            }
            // Not on a loopback address: there a refused connection means nothing listens on this machine (an emulator
            // or local server not started), which seconds of retrying do not change.
            catch (VerifikException ex) when (canRetry && ex.Kind == VerifikErrorKind.ConnectionFailed && ex.InnerException is { } cause && IsFailureToConnect(cause)
                && !BaseUriResolver.IsLoopback(uri))
            {
                delay = Backoff(attempt);
                verbose?.Invoke($"{what} could not connect; retrying in {delay.Value.TotalSeconds:0.0} s (attempt {attempt + 1} of {Settings.MaximumRetryCount + 1})");
            }

            // Stryker disable once Boolean : equivalent: this await runs after the request's own await has left the caller's thread, so there is no caller context to come back to (BlockingCallerRules holds the awaits that start on it).
            await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a failed answer may be asked again. 429 and 503 say the request was not handled, and 502 that the
    /// proxy could not hand it over. A 504 means the proxy gave up waiting while Verifik may still have acted on
    /// it, so only requests that are safe to repeat (GET) are retried then: sending a code twice, or confirming
    /// one twice, is worse than an error.
    /// </summary>
    private static bool IsRetryable(HttpMethod method, int status) => status switch
    {
        429 or 502 or 503 => true,
        504 => method == HttpMethod.Get,
        _ => false,
    };

    /// <summary>Exponential backoff with ±20% jitter, so many clients that failed together do not retry together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        double factor;
        lock (_jitter)
        {
            factor = 0.8 + (_jitter.NextDouble() * 0.4);
        }

        var delay = TimeSpan.FromMilliseconds(Settings.RetryInterval.TotalMilliseconds * Math.Pow(2, attempt - 1) * factor);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private async Task<ApiResponse> SendOnceAsync(
        HttpMethod method,
        Uri uri,
        Uri baseUri,
        byte[]? jsonBody,
        (string? Authorization, RequestHeaders? Extra) headers,
        bool readAnswerHeaders,
        string what,
        int attempt,
        IReadOnlyList<int> earlierStatuses,
        Action<string>? verbose,
        CancellationToken cancellationToken)
    {
        var attempts = attempt == 1 ? string.Empty : $" after {attempt} attempts";
        var authorization = headers.Authorization;
        string?[] secrets = [authorization, TokenOf(authorization)];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            // What each hop asked for, as its lines name it: after a redirect, the path actually requested.
            var (sendMethod, sendUri, sendBody, asked) = (method, uri, jsonBody, what);
            for (var hop = 0; ; hop++)
            {
                using var request = CreateRequest(sendMethod, sendUri, sendBody, headers);
                using var answer = await _http
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                    .ConfigureAwait(false);
                if (Redirects.Next(answer, sendMethod, sendUri, baseUri, asked, hop, secrets) is not { } next)
                {
                    // Stryker disable once Boolean : equivalent: this await runs after the request's own await has left the caller's thread, so there is no caller context to come back to (BlockingCallerRules holds the awaits that start on it).
                    return await ReadAnswerAsync(answer, asked, secrets, readAnswerHeaders, attempt, earlierStatuses, clock, verbose, timeout.Token).ConfigureAwait(false);
                }

                var path = ServerText.Clean(next.Uri.AbsolutePath, secrets);
                verbose?.Invoke($"{asked} -> {(int)answer.StatusCode}, following the redirect to {path}");
                (sendMethod, sendUri, sendBody, asked) = (next.Method, next.Uri, next.KeepBody ? sendBody : null, $"{next.Method} {path}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VerifikException(
                VerifikErrorKind.Timeout,
                $"{what} on {uri.Host} got no answer within {Settings.Timeout.TotalSeconds:0.#} seconds{attempts}.");
        }
        catch (HttpRequestException ex) when (IsNameNotResolved(ex))
        {
            throw ConnectionFailed(ex, secrets, why => $"The name {uri.Host} could not be resolved ({why}), so nothing was sent. Check the base URI (-BaseUri, the session's, $env:VERIFIK_BASE_URL) and your DNS or proxy.");
        }
        catch (HttpRequestException ex) when (IsFailureToConnect(ex))
        {
            throw ConnectionFailed(ex, secrets, why => $"Could not reach Verifik at {uri.GetLeftPart(UriPartial.Authority)}{attempts} ({why}). Check the base URI (-BaseUri, the session's, $env:VERIFIK_BASE_URL) and your network or proxy.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The earlier attempts got answers (429, 503) and were retried; only this broken one is not.
            var earlier = attempt == 1 ? string.Empty : $" on attempt {attempt}, after {string.Join(", ", earlierStatuses)}";
            throw ConnectionFailed(ex, secrets, why => $"The connection to {uri.GetLeftPart(UriPartial.Authority)} broke during {what}{earlier} ({why}). This attempt was not retried, as Verifik may have acted on it.");
        }
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? jsonBody, (string? Authorization, RequestHeaders? Extra) headers)
    {
        var request = new HttpRequestMessage(method, uri);
        AddExtraHeaders(request, headers.Extra);
        // .NET Framework otherwise sends 'Expect: 100-continue' with each POST and waits up to 350 ms for an answer.
        request.Headers.ExpectContinue = false;
        if (headers.Extra?.Contains("Accept") != true)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        if (headers.Authorization is { } authorization)
        {
            // Without validation, as the value is a token checked to be base64url when it was read (JwtClaims).
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return request;
    }

    private static async Task<ApiResponse> ReadAnswerAsync(
        HttpResponseMessage response,
        string what,
        string?[] secrets,
        bool readAnswerHeaders,
        int attempt,
        IReadOnlyList<int> earlierStatuses,
        Stopwatch clock,
        Action<string>? verbose,
        CancellationToken cancellationToken)
    {
        // Stryker disable once Boolean : equivalent: this await runs after the request's own await has left the caller's thread, so there is no caller context to come back to (BlockingCallerRules holds the awaits that start on it).
        var body = await ReadCappedAsync(response.Content, what, cancellationToken).ConfigureAwait(false);
        // The reason phrase is the server's text and may echo the code in the body, which is not known here.
        verbose?.Invoke($"{what} -> {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms ({body.Length} bytes)");
        return new ApiResponse(
            (int)response.StatusCode,
            ServerText.Clean(response.ReasonPhrase, secrets),
            response.Content.Headers.ContentType?.MediaType,
            body,
            attempt,
            RetryAfter(response),
            [.. earlierStatuses],
            readAnswerHeaders ? AnswerHeaders(response, secrets) : null);
    }

    /// <summary>
    /// Retry-After as seconds or as an HTTP date, as the server gave it (never negative); null when absent or unreadable.
    /// Not capped here: the retry loop caps its wait, while a cooldown answer reports the server's own time.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLarge(what);
        }

        // Stryker disable once Boolean : equivalent: this await runs after the request's own await has left the caller's thread, so there is no caller context to come back to (BlockingCallerRules holds the awaits that start on it).
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        // .NET Framework's response streams ignore the token; closing the stream is what unblocks a read there.
        using var abort = cancellationToken.Register(stream.Dispose);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                // Stryker disable once Boolean : equivalent: this await runs after the request's own await has left the caller's thread, so there is no caller context to come back to (BlockingCallerRules holds the awaits that start on it).
                var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw TooLarge(what);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is ObjectDisposedException or IOException or WebException)
        {
            // Closing the stream under a read shows as any of these, on .NET Framework mostly as IOException or
            // WebException: each means the timeout or Ctrl+C, not a broken connection.
            throw new OperationCanceledException(cancellationToken);
        }

        return buffer.ToArray();
    }

    private static VerifikException TooLarge(string what) => new(
        VerifikErrorKind.InvalidResponse,
        $"The answer to {what} is larger than {MaxResponseBytes / 1024} KiB, so it is not a Verifik answer; reading stopped there. Check the base URI points at the Verifik API.");
}
