using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Verifik.Emulator.Endpoints;

/// <summary>
/// The /_emulator controls that let tests read the "delivered" codes, move the clock, mint tokens and inject
/// faults. Nothing here exists on the real API.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var controls = routes.MapGroup(Prefix);
        controls.MapGet("/outbox", Outbox);
        controls.MapGet("/requests", Requests);
        controls.MapDelete("/requests", (EmulatorState state) =>
        {
            state.ClearRequests();
            return Ok();
        });
        controls.MapGet("/authenticator", Authenticator);
        controls.MapPost("/tokens", MintTokenAsync);
        controls.MapPost("/faults", QueueFaultAsync);
        controls.MapDelete("/faults", (EmulatorState state) =>
        {
            state.ClearFaults();
            return Ok();
        });
        controls.MapPost("/reset", (EmulatorState state) =>
        {
            state.Reset();
            return Ok();
        });
        controls.MapPost("/clock", AdvanceClockAsync);
        controls.MapGet("/behaviour", (EmulatorState state) => Replies.Json(StatusCodes.Status200OK, state.Behaviour.ToJson()));
        controls.MapPost("/behaviour", ChangeBehaviourAsync);
        controls.MapGet("/stats", (EmulatorState state) => Replies.Json(
            StatusCodes.Status200OK,
            new JsonObject { ["connections"] = state.Connections, ["requests"] = state.ApiRequests, ["renewals"] = state.Renewals }));
    }

    private static IResult Ok() => Replies.Json(StatusCodes.Status200OK, new JsonObject { ["ok"] = true });

    private static IResult Outbox(HttpContext context, EmulatorState state)
    {
        var to = context.Request.Query["to"].ToString();
        var messages = state.GetOutbox()
            .Where(message => to.Length == 0 || string.Equals(message.To, to, StringComparison.OrdinalIgnoreCase))
            .Select(message => (JsonNode)new JsonObject
            {
                ["channel"] = message.Channel,
                ["to"] = message.To,
                ["code"] = message.Code,
                ["sentAt"] = Timestamps.Iso(message.SentAt),
                ["expiresAt"] = Timestamps.Iso(message.ExpiresAt),
                ["language"] = message.Language,
            });
        return Replies.Json(StatusCodes.Status200OK, new JsonArray([.. messages]));
    }

    private static IResult Requests(EmulatorState state) =>
        Replies.Json(StatusCodes.Status200OK, new JsonArray([.. state.GetRequests().Select(request => (JsonNode)new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.Path,
            ["query"] = request.Query,
            ["authorization"] = request.Authorization,
            ["body"] = request.Body,
            ["userAgent"] = request.UserAgent,
            ["headers"] = new JsonObject([.. request.Headers.Select(header => KeyValuePair.Create(header.Key, (JsonNode?)header.Value))]),
            ["receivedAt"] = Timestamps.Iso(request.ReceivedAt),
        })]));

    private static IResult Authenticator(HttpContext context, EmulatorState state)
    {
        var email = context.Request.Query["email"].ToString();
        if (state.FindByEmail(email) is not { AuthenticatorSecret: { } secret })
        {
            return Replies.NotFound("no_authenticator_for_email");
        }

        return Replies.Json(StatusCodes.Status200OK, new JsonObject { ["code"] = Totp.Compute(secret, state.Now) });
    }

    private static async Task<IResult> MintTokenAsync(HttpContext context, EmulatorState state, AccessTokens tokens)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        var email = RequestJson.Text(body, "email");
        var countryCode = RequestJson.Text(body, "countryCode");
        var phone = RequestJson.Text(body, "phone");
        var account = email is not null ? state.FindByEmail(email)
            : countryCode is not null && phone is not null ? state.FindByPhone(countryCode, phone)
            : null;
        if (account is null)
        {
            return Replies.NotFound("account_not_found");
        }

        var expiresAt = state.Now.AddMonths(1);
        if (body.TryGetProperty("lifetimeSeconds", out var seconds))
        {
            if (seconds.ValueKind != JsonValueKind.Number)
            {
                return Replies.BadRequest("invalid_lifetimeSeconds");
            }

            expiresAt = state.Now + TimeSpan.FromSeconds(seconds.GetDouble());
        }

        var style = ExpiryClaimStyle.ExpiresAt;
        if (RequestJson.Text(body, "claimStyle") is { } styleName && !AccessTokens.ClaimStyles.TryGetValue(styleName, out style))
        {
            return Replies.BadRequest("invalid_claimStyle");
        }

        return Replies.Json(StatusCodes.Status200OK, new JsonObject { ["accessToken"] = tokens.Issue(account, expiresAt, style) });
    }

    /// <summary>Changes the named settings only; an unknown name or value changes nothing and says what is allowed.</summary>
    private static async Task<IResult> ChangeBehaviourAsync(HttpContext context, EmulatorState state)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        var behaviour = state.Behaviour;
        try
        {
            foreach (var setting in body.EnumerateObject())
            {
                var value = setting.Value.ValueKind switch
                {
                    JsonValueKind.Array => string.Join(",", setting.Value.EnumerateArray().Select(item => item.ToString())),
                    JsonValueKind.String => setting.Value.GetString()!,
                    _ => setting.Value.GetRawText(),
                };
                behaviour = behaviour.With(setting.Name, value);
            }
        }
        catch (ArgumentException exception)
        {
            return Replies.BadRequest("invalid_behaviour: " + exception.Message);
        }

        state.Behaviour = behaviour;
        return Replies.Json(StatusCodes.Status200OK, behaviour.ToJson());
    }

    private static async Task<IResult> AdvanceClockAsync(HttpContext context, EmulatorState state)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        if (!body.TryGetProperty("advanceSeconds", out var seconds) || seconds.ValueKind != JsonValueKind.Number)
        {
            return Replies.BadRequest("invalid_advanceSeconds");
        }

        state.AdvanceClock(TimeSpan.FromSeconds(seconds.GetDouble()));
        return Replies.Json(StatusCodes.Status200OK, new JsonObject { ["now"] = Timestamps.Iso(state.Now) });
    }

    private static async Task<IResult> QueueFaultAsync(HttpContext context, EmulatorState state)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        if (RequestJson.Text(body, "path") is not { } path)
        {
            return Replies.MissingParameters(("path", null));
        }

        if (!TryInteger(body, "times", 1, int.MaxValue, out var times)
            || !TryInteger(body, "delayMs", 0, int.MaxValue, out var delayMs)
            || !TryInteger(body, "status", 100, 599, out var status)
            || !TryInteger(body, "repeatBody", 1, 1_000_000, out var repeatBody))
        {
            return Replies.BadRequest("invalid_fault");
        }

        state.QueueFault(new Fault
        {
            Path = path,
            Method = RequestJson.Text(body, "method"),
            Times = times ?? 1,
            DelayMs = delayMs ?? 0,
            Status = status,
            ContentType = RequestJson.Text(body, "contentType"),
            Body = body.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "",
            RepeatBody = repeatBody ?? 1,
            RetryAfter = RequestJson.Text(body, "retryAfter"),
            Location = RequestJson.Text(body, "location"),
            ReasonPhrase = RequestJson.Text(body, "reasonPhrase"),
            Headers = body.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
                ? headers.EnumerateObject().ToDictionary(header => header.Name, header => header.Value.ToString())
                : null,
            Abort = RequestJson.IsTrue(body, "abort"),
            AfterHandling = RequestJson.IsTrue(body, "afterHandling"),
        });
        return Ok();
    }

    /// <summary>False only for a value that is present but not an integer within the range; absent or null gives null.</summary>
    private static bool TryInteger(JsonElement body, string name, int minimum, int maximum, out int? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number) || number < minimum || number > maximum)
        {
            return false;
        }

        value = number;
        return true;
    }
}
