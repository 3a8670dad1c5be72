using System;

namespace Verifik;

/// <summary>
/// What Verifik said when asked to send a one-time code (PowerShell type name Verifik.OtpRequest). It carries the
/// address, base URI and session it was made with, so piping it to Confirm-VerifikOtp confirms in the same place.
/// </summary>
public sealed class VerifikOtpRequest
{
    public const string TypeName = "Verifik.OtpRequest";

    internal VerifikOtpRequest()
    {
    }

    public string? Email { get; internal set; }

    public string? Phone { get; internal set; }

    public string? CountryCode { get; internal set; }

    public string? Gateway { get; internal set; }

    /// <summary>Where the code went: the address, or the phone number as +57 3001234567.</summary>
    public string? SentTo => Email ?? (Phone is null ? null : $"{CountryCode} {Phone}");

    /// <summary>How the code travelled: Email, Sms or WhatsApp (SignInSubject names them).</summary>
    public string? SentBy => SignInSubject.ChannelName(Email, Gateway);

    public string? Status { get; internal set; }

    public DateTimeOffset? ExpiresAt { get; internal set; }

    public string? ValidationMethod { get; internal set; }

    public bool Requires2FA { get; internal set; }

    public string? Id { get; internal set; }

    public string? ClientId { get; internal set; }

    public string? ProjectId { get; internal set; }

    public string? ProjectFlowId { get; internal set; }

    public Uri? BaseUri { get; internal set; }

    public VerifikSession? Session { get; internal set; }

    /// <summary>Who the code was requested for, as the user gave it; what Confirm-VerifikOtp confirms.</summary>
    internal SignInSubject? Subject { get; set; }

    public override string ToString() => $"Verifik code {Status ?? "requested"} to {SentTo}";
}
