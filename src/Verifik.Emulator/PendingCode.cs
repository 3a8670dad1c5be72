using System;

namespace Verifik.Emulator;

internal enum ValidationKind
{
    Email,
    Phone,
}

internal sealed record PendingCode(string Id, string Code, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
