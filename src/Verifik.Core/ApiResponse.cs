using System;
using System.Collections.Generic;
using System.Linq;

namespace Verifik;

/// <summary>An HTTP answer, read whole (and capped) before anything interprets it.</summary>
internal sealed class ApiResponse
{
    private static readonly IReadOnlyDictionary<string, string[]> NoHeaders = new Dictionary<string, string[]>();

    public ApiResponse(
        int statusCode,
        string? reasonPhrase,
        string? mediaType,
        byte[] body,
        int attempts = 1,
        TimeSpan? retryAfter = null,
        IReadOnlyList<int>? earlierStatuses = null,
        IReadOnlyDictionary<string, string[]>? headers = null)
    {
        Headers = headers ?? NoHeaders;
        EarlierStatuses = earlierStatuses ?? [];
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

    /// <summary>
    /// The answer's headers, names in any case, each value cleaned and credentials replaced (VerifikClient); empty
    /// unless the caller asked for them.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; }

    /// <summary>The statuses of the attempts retried before this answer, oldest first.</summary>
    public IReadOnlyList<int> EarlierStatuses { get; }

    /// <summary>
    /// Whether an earlier attempt may have been acted on although its answer was lost: a 502 or 503 can come from a
    /// gateway after Verifik handled the request (a 429 is Verifik itself saying no).
    /// </summary>
    public bool EarlierAttemptMayHaveBeenHandled => EarlierStatuses.Any(status => status is 502 or 503);

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
