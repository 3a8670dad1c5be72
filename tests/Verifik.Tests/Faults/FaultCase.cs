using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Verifik.Tests.Core;

namespace Verifik.Tests.Faults;

/// <summary>Which documented call a fault case makes.</summary>
internal enum FaultCall
{
    RequestOtp,
    ConfirmOtp,
}

/// <summary>
/// One way the network or the server can misbehave, and what the module must make of it. The list is data so it
/// can be read as a table (see README.md here) and so each case runs, and fails, on its own.
/// </summary>
/// <param name="Name">The case's name, as the theory shows it.</param>
/// <param name="Call">The call that meets the fault.</param>
/// <param name="Fault">
/// What is queued at POST /_emulator/faults (path and method are filled in), or a <see cref="SilentServer"/> when
/// the fault is one the emulator cannot stage: a server that stops answering.
/// </param>
/// <param name="ExpectedErrorId">The ErrorId the call must fail with; null when it must succeed.</param>
/// <param name="ExpectedStatusCode">The StatusCode the exception must carry, when an answer arrived.</param>
/// <param name="MessageMentions">Text the message must contain (case-insensitive), such as the size cap.</param>
/// <param name="Secrets">Codes and tokens in play besides the OTP sent: the message must contain none of them.</param>
internal sealed record FaultCase(
    string Name,
    FaultCall Call,
    object? Fault,
    string? ExpectedErrorId,
    int? ExpectedStatusCode = null,
    string? MessageMentions = null,
    params string[] Secrets)
{
    public const string Email = "ana@example.com";

    /// <summary>The code every confirmation sends; a message must never repeat it.</summary>
    public const string Otp = "482913";

    public const string RequestPath = "/v2/projects/email-login";
    public const string ConfirmPath = "/v2/projects/email-login/confirm";

    private const string NotAJwt = "opaque9f8e7d6c5b4a";

    private static readonly string Jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

    private static readonly string SentBody = """{"data":{"email":"ana@example.com","status":"sent","expiresAt":"2030-01-01T00:00:00.000Z"}}""";

    public static IReadOnlyList<FaultCase> All { get; } = new FaultCase[]
    {
        new("proxy-html-502", FaultCall.RequestOtp,
            new { status = 502, contentType = "text/html", body = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>" },
            "Verifik.ApiError", 502, "text/html"),
        new("proxy-html-502-on-confirm", FaultCall.ConfirmOtp,
            new { status = 502, contentType = "text/html", body = $"<html><body>upstream rejected otp={Otp}</body></html>" },
            "Verifik.ApiError", 502),
        new("error-echoing-the-code", FaultCall.ConfirmOtp,
            new { status = 400, body = $$"""{"code":"BadRequest","message":"otp {{Otp}} is not valid"}""" },
            "Verifik.InvalidOtp", 400),
        new("empty-body-200", FaultCall.RequestOtp,
            new { status = 200, body = "" },
            "Verifik.InvalidResponse", 200, "empty"),
        new("truncated-json", FaultCall.RequestOtp,
            new { status = 200, body = """{"data":{"email":"ana@exa""" },
            "Verifik.InvalidResponse", 200, "not valid JSON"),
        new("json-null", FaultCall.RequestOtp,
            new { status = 200, body = "null" },
            "Verifik.InvalidResponse", null, "'data'"),
        new("200-without-data", FaultCall.RequestOtp,
            new { status = 200, body = """{"status":"sent","email":"ana@example.com"}""" },
            "Verifik.InvalidResponse", null, "'data'"),
        new("confirm-without-accessToken", FaultCall.ConfirmOtp,
            new { status = 200, body = """{"data":{"tokenType":"bearer"}}""" },
            "Verifik.InvalidResponse", 200, "accessToken"),
        new("token-not-a-jwt", FaultCall.ConfirmOtp,
            new { status = 200, body = JsonSerializer.Serialize(new { data = new { tokenType = "bearer", accessToken = NotAJwt } }) },
            "Verifik.InvalidResponse", null, "not a readable JWT", NotAJwt),
        new("body-over-1-mib", FaultCall.RequestOtp,
            new { status = 200, body = "0123456789abcdef", repeatBody = (VerifikClient.MaxResponseBytes / 16) + 1 },
            "Verifik.InvalidResponse", null, $"{VerifikClient.MaxResponseBytes / 1024} KiB"),
        new("json-labelled-text-plain", FaultCall.RequestOtp,
            new { status = 200, contentType = "text/plain", body = SentBody },
            null),
        new("token-labelled-text-plain", FaultCall.ConfirmOtp,
            new { status = 200, contentType = "text/plain", body = JsonSerializer.Serialize(new { data = new { tokenType = "bearer", accessToken = Jwt } }) },
            null, null, null, Jwt),
        new("connection-reset", FaultCall.RequestOtp,
            new { abort = true },
            "Verifik.ConnectionFailed"),
        new("accepts-and-never-answers", FaultCall.ConfirmOtp,
            new SilentServer(string.Empty),
            "Verifik.Timeout", null, "0.5 seconds"),
        new("headers-then-silence", FaultCall.ConfirmOtp,
            new SilentServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"data\":"),
            "Verifik.Timeout", null, "0.5 seconds"),
    };

    public static FaultCase Named(string name) => All.Single(@case => @case.Name == name);

    public string Path => Call == FaultCall.RequestOtp ? RequestPath : ConfirmPath;

    /// <summary>
    /// The fault as JSON for the emulator, aimed at this case's path and method. It lasts for every attempt (the
    /// emulator is reset before each case), so the outcome is the same whether or not the client retries.
    /// </summary>
    public string FaultJson()
    {
        var fields = JsonSerializer.SerializeToNode(Fault)!.AsObject();
        fields["path"] = Path;
        fields["method"] = "POST";
        fields["times"] = 100;
        return fields.ToJsonString();
    }

    /// <summary>The fault in a few words, for the reliability table.</summary>
    public string Describe()
    {
        var call = Call == FaultCall.RequestOtp ? "request a code" : "confirm a code";
        var what = Fault switch
        {
            SilentServer { Written.Length: 0 } => "the server accepts the connection and never answers",
            SilentServer => "the server sends headers, then nothing",
            _ => Shorten(JsonSerializer.Serialize(Fault, Readable)),
        };
        return $"{call}: {what}";
    }

    public override string ToString() => Name;

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Shorten(string text) => text.Length > 120 ? text.Substring(0, 117) + "..." : text;
}

/// <summary>A TCP server that accepts, writes <paramref name="Written"/> (perhaps nothing) and then says no more.</summary>
internal sealed record SilentServer(string Written);
