using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Verifik.Emulator.Endpoints;

internal static class EmailLoginEndpoints
{
    private static readonly ConfirmationWording Wording = new(
        "EmailValidation_not_found",
        "emailValidation_has_expired",
        "email_validation_already_validated",
        // Verifik really does put message before code here, unlike its other errors.
        () => Replies.Json(StatusCodes.Status400BadRequest, new JsonObject { ["message"] = "invalid_otp", ["code"] = "ERROR" }));

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v2/projects/email-login", RequestCodeAsync);
        routes.MapPost("/v2/projects/email-login/confirm", ConfirmAsync);
    }

    private static async Task<IResult> RequestCodeAsync(HttpContext context, EmulatorState state)
    {
        // The documented call carries the address in the query; Verifik's sign-in app sends a JSON body instead.
        string? email = context.Request.Query["email"].ToString();
        var body = await RequestJson.ReadObjectAsync(context.Request);
        if (string.IsNullOrWhiteSpace(email))
        {
            if (body is null)
            {
                return Replies.InvalidJson();
            }

            email = RequestJson.Text(body.Value, "email");
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return Replies.MissingParameters(("email", null));
        }

        if (state.FindByEmail(email) is not { Email: { } address } account)
        {
            return Replies.NotFound("invalid_email");
        }

        var language = RequestJson.Query(context.Request, "language") ?? (body is { } options ? RequestJson.Text(options, "language") : null);
        var (outcome, pending) = state.SendCode(
            ValidationKind.Email, account, "email", address, language, body is { } forced && RequestJson.IsTrue(forced, "force"));
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
            ["email"] = address,
            ["emailData"] = new JsonObject
            {
                ["address"] = new JsonObject
                {
                    ["name"] = account.Name,
                    ["email"] = address,
                    ["address"] = null,
                    ["address2"] = null,
                    ["city"] = null,
                    ["postalCode"] = null,
                    ["country"] = null,
                },
                ["authLink"] = $"{SignInProject.RedirectUrl}/email-login?validation={pending.Id}",
                ["buttonColor"] = "#14AE5C",
                ["buttonTxtColor"] = "#FFF",
                ["isVerifikSigned"] = true,
                ["logo"] = SignInProject.Logo,
                ["projectName"] = SignInProject.Name,
                ["type"] = "login",
                ["firstName"] = account.Name,
            },
            ["expiresAt"] = Timestamps.Iso(pending.ExpiresAt),
            ["extraParams"] = new JsonArray(),
            ["type"] = "login",
            ["redirectUrl"] = SignInProject.RedirectUrl,
            ["requires2FA"] = account.Requires2FA,
            ["_id"] = pending.Id,
            ["updatedAt"] = createdAt,
            ["createdAt"] = createdAt,
            ["__v"] = 0,
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

        var email = RequestJson.Text(body, "email");
        var otp = RequestJson.Text(body, "otp");
        if (email is null || otp is null)
        {
            return Replies.MissingParameters(("email", email), ("otp", otp));
        }

        return OtpConfirmation.Confirm(
            state, tokens, ValidationKind.Email, state.FindByEmail(email), otp, RequestJson.Text(body, "authenticatorOTP"), Wording);
    }
}
