using System;
using System.Collections.Generic;

namespace Verifik.Emulator;

/// <summary>
/// An API request as received; <see cref="Query"/> is the raw, still-encoded query string, and the User-Agent shows
/// which client sent it. The Authorization header
/// and the body are kept so a test of a second, hostile host can show that no token, code or body ever reached it.
/// <see cref="Headers"/> has every header as received (names in any case), to show which extra headers arrived.
/// </summary>
public sealed record RecordedRequest(string Method, string Path, string Query, DateTimeOffset ReceivedAt, string? Authorization = null, string Body = "", string? UserAgent = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
