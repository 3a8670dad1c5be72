using System.Collections.Generic;

namespace Verifik.Emulator;

/// <summary>
/// A misbehaviour applied to the next <see cref="Times"/> matching requests before normal handling.
/// Without <see cref="Status"/> and <see cref="Abort"/> it is a pure delay.
/// </summary>
public sealed record Fault
{
    public required string Path { get; init; }
    public string? Method { get; init; }
    public int Times { get; init; } = 1;
    public int DelayMs { get; init; }
    public int? Status { get; init; }

    /// <summary>Defaults to application/json.</summary>
    public string? ContentType { get; init; }

    public string Body { get; init; } = "";
    public int RepeatBody { get; init; } = 1;
    public string? RetryAfter { get; init; }

    /// <summary>A Location header, for redirects (301/302/307/308) to another host or to http://.</summary>
    public string? Location { get; init; }

    /// <summary>The status line's reason phrase, which a hostile server can fill with anything, controls included.</summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>More answer headers, such as a Set-Cookie or an echo of the Authorization header, that a caller must not pass on raw.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public bool Abort { get; init; }

    /// <summary>
    /// Handle the request normally first and then replace its answer with this fault's: a gateway that lost the
    /// answer of a request the back end did process (a code really sent, then a 502).
    /// </summary>
    public bool AfterHandling { get; init; }
}
