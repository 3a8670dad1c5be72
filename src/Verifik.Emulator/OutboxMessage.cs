using System;

namespace Verifik.Emulator;

/// <summary>A code the emulator pretends to have delivered; <see cref="Language"/> is what the client asked the message to be written in.</summary>
public sealed record OutboxMessage(string Channel, string To, string Code, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, string? Language = null);
