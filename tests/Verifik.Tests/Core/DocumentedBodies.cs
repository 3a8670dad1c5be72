namespace Verifik.Tests.Core;

/// <summary>Bodies exactly as Verifik's documentation shows them (shared/seeds and shared/verifik-api.md).</summary>
internal static class DocumentedBodies
{
    public const string EmailLoginSent = """
        {
            "data": {
                "client": "613375a1eab2fe08527f81e2",
                "project": "6266193db77ccc8111730c90",
                "projectFlow": "658ed28b0990f300134d7b78",
                "status": "sent",
                "validationMethod": "verificationCode",
                "email": "miguel@gmail.com",
                "emailData": {
                    "address": {
                        "name": "Miguel T",
                        "email": "miguel@gmail.com",
                        "address": null,
                        "address2": null,
                        "city": null,
                        "postalCode": null,
                        "country": null
                    },
                    "authLink": "<auth_link_here>",
                    "buttonColor": "#14AE5C",
                    "buttonTxtColor": "#FFF",
                    "isVerifikSigned": true,
                    "logo": "https://cdn.verifik.co/projects/VerifikClientApp_1726146056389-image.png",
                    "projectName": "Verifik Client App",
                    "type": "login",
                    "firstName": "JORGE ELIECER REINA SANCHEZ"
                },
                "expiresAt": "2025-06-13T17:24:58.000Z",
                "extraParams": [],
                "type": "login",
                "redirectUrl": "https://app.verifik.co",
                "requires2FA": false,
                "_id": "684c5c92b2ff0e9fe242ffd6",
                "updatedAt": "2025-06-13T17:14:58.825Z",
                "createdAt": "2025-06-13T17:14:58.825Z",
                "__v": 0,
                "new": true,
                "sent": true
            }
        }
        """;

    public const string EmailLoginSentShort = """{"data":{"status":"sent","email":"ana@example.com","expiresAt":"2025-06-13T17:24:58.000Z"}}""";

    public const string InvalidEmail = """
        {
            "code": "NotFound",
            "message": "invalid_email"
        }
        """;

    public const string InvalidOtp = """{"message": "invalid_otp", "code": "ERROR"}""";

    public const string OtpExpired = """{"code": "PreconditionFailed", "message": "emailValidation_has_expired"}""";

    public const string OtpNotFound = """{"code": "NotFound", "message": "EmailValidation_not_found"}""";

    public const string MissingEmail = """{"code": "MissingParameter", "message": "missing email\n"}""";

    public const string WrongSecondFactor = """{"code": "BadRequest", "message": "authenticator_otp_does_not_match"}""";

    public const string ErrorOnlyShape = """{"error": "Unauthorized"}""";

    public const string SuccessFalseShape = """{"success": false, "error": "Code is not valid", "code": "INVALID_CODE"}""";

    public const string Unauthorized = """{"code": "Unauthorized", "message": "Invalid or expired token."}""";

    public static string Token(string jwt) => $$"""
        {
            "data": {
                "accessToken": "{{jwt}}",
                "tokenType": "bearer"
            }
        }
        """;

    public static string RefreshedToken(string jwt) => $$"""{"accessToken": "{{jwt}}", "tokenType": "bearer"}""";
}
