using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Verifik.Emulator.Endpoints;

/// <summary>The wording that differs between the email and the phone confirm endpoints.</summary>
internal sealed record ConfirmationWording(string NotFoundMessage, string ExpiredMessage, string AlreadyValidatedMessage, Func<IResult> WrongOtp);

/// <summary>The confirm step shared by email and phone sign-in: check the code, then the second factor, then issue a token.</summary>
internal static class OtpConfirmation
{
    public static IResult Confirm(
        EmulatorState state,
        AccessTokens tokens,
        ValidationKind kind,
        Account? account,
        string otp,
        string? authenticatorOtp,
        ConfirmationWording wording)
    {
        var behaviour = state.Behaviour;
        var pending = account is null ? null : state.FindPending(kind, account);
        if (account is null || pending is null)
        {
            return account is not null && behaviour.UsedCode == "already_validated" && state.FindValidated(kind, account) is not null
                ? Replies.Conflict(wording.AlreadyValidatedMessage)
                : Replies.NotFound(wording.NotFoundMessage);
        }

        if (pending.SendFailed)
        {
            return Replies.Conflict("otp_send_failed");
        }

        if (pending.ExpiresAt <= state.Now)
        {
            return behaviour.ExpiredBody == "validationCode"
                ? Replies.Error(StatusCodes.Status412PreconditionFailed, wording.ExpiredMessage, "412:" + wording.ExpiredMessage)
                : Replies.Error(StatusCodes.Status412PreconditionFailed, "PreconditionFailed", wording.ExpiredMessage);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pending.Code), Encoding.UTF8.GetBytes(otp)))
        {
            return behaviour.WrongOtp == "otp_does_not_match" ? Replies.Forbidden("otp_does_not_match") : wording.WrongOtp();
        }

        if (account.Requires2FA)
        {
            // The emailed code stays pending so the client can confirm again with both codes.
            if (authenticatorOtp is null)
            {
                return Replies.Data(new JsonObject { ["message"] = "authenticator_otp_required", ["requires2FA"] = true });
            }

            if (account.AuthenticatorSecret is null || !Totp.Verify(account.AuthenticatorSecret, authenticatorOtp, state.Now))
            {
                return Replies.BadRequest("authenticator_otp_does_not_match");
            }
        }

        if (!state.TryConsume(kind, account, pending))
        {
            return Replies.NotFound(wording.NotFoundMessage);
        }

        var token = tokens.Issue(account);
        return behaviour.ConfirmShape == "bare_string"
            ? Replies.Data(JsonValue.Create(token))
            : Replies.Data(new JsonObject { ["accessToken"] = token, ["tokenType"] = "bearer" });
    }
}
