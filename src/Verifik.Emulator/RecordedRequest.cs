using System;

namespace Verifik.Emulator;

/// <summary>An API request as received; <see cref="Query"/> is the raw, still-encoded query string.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, DateTimeOffset ReceivedAt);
