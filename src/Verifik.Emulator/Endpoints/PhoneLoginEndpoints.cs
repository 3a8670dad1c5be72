using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Verifik.Emulator.Endpoints;

internal static class PhoneLoginEndpoints
{
    private const decimal MessageCost = 1m;

    private static readonly ConfirmationWording Wording = new(
        "PhoneValidation_not_found",
        "phoneValidation_has_expired",
        "phone_validation_already_validated",
        () => Replies.BadRequest("Invalid OTP code."));

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v2/projects/phone-login", RequestCodeAsync);
        routes.MapPost("/v2/projects/phone-login/confirm", ConfirmAsync);
    }

    private static async Task<IResult> RequestCodeAsync(HttpContext context, EmulatorState state)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        var countryCode = RequestJson.Text(body, "countryCode");
        var phone = RequestJson.Text(body, "phone");
        var type = RequestJson.Text(body, "type");
        if (countryCode is null || phone is null || type is null)
        {
            return Replies.MissingParameters(("countryCode", countryCode), ("phone", phone), ("type", type));
        }

        var gateway = RequestJson.Text(body, "phoneGateway") ?? "sms";
        if (gateway is not ("sms" or "whatsapp"))
        {
            return Replies.BadRequest("Invalid phoneGateway.");
        }

        if (!PhoneNumbers.IsValid(countryCode, phone))
        {
            return Replies.BadRequest("Invalid phone number format.");
        }

        if (state.FindByPhone(countryCode, phone) is not { CountryCode: { } accountCountryCode, Phone: { } accountPhone } account)
        {
            return Replies.NotFound("invalid_phone");
        }

        // Text messages are paid from the account's prepaid credits; a balance that cannot pay one sends nothing.
        if (account.Credits < MessageCost)
        {
            return Replies.Forbidden("insufficient_credits");
        }

        var (outcome, pending) = state.SendCode(
            ValidationKind.Phone,
            account,
            gateway,
            $"{accountCountryCode} {accountPhone}",
            RequestJson.Text(body, "language"),
            RequestJson.IsTrue(body, "force"));
        if (outcome != SendOutcome.Sent || pending is null)
        {
            return Replies.NotSent(outcome);
        }

        var createdAt = Timestamps.Iso(pending.CreatedAt);
        return Replies.Data(new JsonObject
        {
            ["client"] = account.ClientId,
            ["project"] = SignInProject.ProjectId,
            ["projectFlow"] = SignInProject.ProjectFlowId,
            ["status"] = "sent",
            ["validationMethod"] = "verificationCode",
            ["countryCode"] = accountCountryCode,
            ["phone"] = accountPhone,
            ["phoneGateway"] = gateway,
            ["expiresAt"] = Timestamps.Iso(pending.ExpiresAt),
            ["type"] = "login",
            ["requires2FA"] = account.Requires2FA,
            ["_id"] = pending.Id,
            ["createdAt"] = createdAt,
            ["updatedAt"] = createdAt,
            ["new"] = true,
            ["sent"] = true,
        });
    }

    private static async Task<IResult> ConfirmAsync(HttpContext context, EmulatorState state, AccessTokens tokens)
    {
        if (await RequestJson.ReadObjectAsync(context.Request) is not { } body)
        {
            return Replies.InvalidJson();
        }

        var countryCode = RequestJson.Text(body, "countryCode");
        var phone = RequestJson.Text(body, "phone");
        var otp = RequestJson.Text(body, "otp");
        if (countryCode is null || phone is null || otp is null)
        {
            return Replies.MissingParameters(("countryCode", countryCode), ("phone", phone), ("otp", otp));
        }

        return OtpConfirmation.Confirm(
            state,
            tokens,
            ValidationKind.Phone,
            state.FindByPhone(countryCode, phone),
            otp,
            RequestJson.Text(body, "authenticatorOTP"),
            Wording);
    }
}
