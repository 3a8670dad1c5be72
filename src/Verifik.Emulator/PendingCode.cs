using System;

namespace Verifik.Emulator;

internal enum ValidationKind
{
    Email,
    Phone,
}

internal enum SendOutcome
{
    Sent,
    RecentlySent,
    ProviderFailed,
}

/// <summary>A code waiting to be confirmed; <see cref="SendFailed"/> when its provider refused to deliver it.</summary>
internal sealed record PendingCode(string Id, string Code, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool SendFailed = false);
