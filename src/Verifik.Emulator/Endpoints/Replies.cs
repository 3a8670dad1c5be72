using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Verifik.Emulator.Endpoints;

/// <summary>Verifik's response bodies. JsonObject keeps keys in the order written, which some bodies rely on.</summary>
internal static class Replies
{
    public const string JsonContentType = "application/json; charset=utf-8";

    // Addresses such as zoë.o'brien&co@example.com come back readable, as Node's JSON.stringify writes them.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(int status, JsonNode body) =>
        Results.Content(body.ToJsonString(Options), JsonContentType, statusCode: status);

    public static IResult Data(JsonNode data) => Json(StatusCodes.Status200OK, new JsonObject { ["data"] = data });

    public static IResult Error(int status, string code, string message) =>
        Json(status, new JsonObject { ["code"] = code, ["message"] = message });

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "BadRequest", message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, "NotFound", message);

    public static IResult InvalidJson() => BadRequest("invalid_json");

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, "Conflict", message);

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    /// <summary>Why no code went out: the cooldown since the last one, or the provider refusing the message.</summary>
    public static IResult NotSent(SendOutcome outcome) =>
        Conflict(outcome == SendOutcome.RecentlySent ? "otp_recently_sent" : "otp_not_sent");

    public static IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Invalid or expired token.");

    /// <summary>Verifik lists each parameter that has no value as "missing name\n", joined by ". ".</summary>
    public static IResult MissingParameters(params (string Name, string? Value)[] parameters) =>
        Error(
            StatusCodes.Status409Conflict,
            "MissingParameter",
            string.Join(". ", parameters.Where(parameter => parameter.Value is null).Select(parameter => $"missing {parameter.Name}\n")));
}
