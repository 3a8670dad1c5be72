using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Verifik.Emulator.Endpoints;

/// <summary>The calls made with an access token: who am I, refresh the session, revoke every earlier token.</summary>
internal static class AccountEndpoints
{
    private const int MaxMonths = 1200;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/clients/me", Me);
        routes.MapGet("/v2/auth/session", RefreshSession);
        routes.MapPost("/v2/auth/renew-and-revoke", RenewAndRevoke);
    }

    private static IResult Me(HttpContext context, EmulatorState state, AccessTokens tokens)
    {
        if (tokens.Authenticate(context.Request.Headers[HeaderNames.Authorization]) is not { } account)
        {
            return Replies.Unauthorized();
        }

        return Replies.Json(StatusCodes.Status200OK, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["_id"] = account.ClientId,
                ["email"] = account.Email,
                ["phone"] = account.Phone,
                ["countryCode"] = account.CountryCode,
                ["name"] = account.Name,
                ["credits"] = account.Credits,
            },
            ["signature"] = new JsonObject
            {
                ["dateTime"] = state.Now.ToString("R", CultureInfo.InvariantCulture),
                ["message"] = "Certified by Verifik.co",
            },
        });
    }

    private static IResult RefreshSession(HttpContext context, EmulatorState state, AccessTokens tokens)
    {
        string? authorization = context.Request.Headers[HeaderNames.Authorization];
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Replies.MissingParameters(("authorization", null));
        }

        if (tokens.Authenticate(authorization) is not { } account)
        {
            return Replies.Unauthorized();
        }

        var expiresIn = context.Request.Query["expiresIn"].ToString();
        var months = 1;
        // Verifik documents "1 to any number you wish"; past a century the date arithmetic, not Verifik, is the limit.
        if (expiresIn.Length > 0
            && (!int.TryParse(expiresIn, NumberStyles.None, CultureInfo.InvariantCulture, out months) || months is < 1 or > MaxMonths))
        {
            return Replies.BadRequest("invalid_expiresIn");
        }

        state.CountRenewal();
        // Unlike the sign-in calls, Verifik answers this one without the "data" wrapper.
        return Replies.Json(StatusCodes.Status200OK, new JsonObject
        {
            ["accessToken"] = tokens.Issue(account, months),
            ["tokenType"] = "bearer",
        });
    }

    private static IResult RenewAndRevoke(HttpContext context, EmulatorState state, AccessTokens tokens)
    {
        if (tokens.Authenticate(context.Request.Headers[HeaderNames.Authorization]) is not { } account)
        {
            return Replies.Unauthorized();
        }

        state.RenewPhrase(account);
        state.CountRenewal();
        return Replies.Json(StatusCodes.Status200OK, new JsonObject { ["token"] = tokens.Issue(account) });
    }
}
