using System;

namespace Verifik.Emulator;

/// <summary>A code the emulator pretends to have delivered.</summary>
public sealed record OutboxMessage(string Channel, string To, string Code, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);
