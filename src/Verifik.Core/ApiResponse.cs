using System;

namespace Verifik;

/// <summary>An HTTP answer, read whole (and capped) before anything interprets it.</summary>
internal sealed class ApiResponse
{
    public ApiResponse(int statusCode, string? reasonPhrase, string? mediaType, byte[] body, int attempts = 1, TimeSpan? retryAfter = null)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        MediaType = mediaType;
        Body = body;
        Attempts = attempts;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public string? ReasonPhrase { get; }

    public string? MediaType { get; }

    public byte[] Body { get; }

    /// <summary>How many times the request was sent before this answer.</summary>
    public int Attempts { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
