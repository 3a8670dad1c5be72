using System;
using System.Linq;

namespace Verifik.Validation;

/// <summary>
/// -Method of Invoke-VerifikRequest: one of <see cref="Methods"/>, or an endpoint, because the first positional
/// argument is the method in `Invoke-VerifikRequest GET /v2/clients/me` and the path in
/// `Invoke-VerifikRequest /v2/clients/me` (as with Invoke-MgGraphRequest).
/// </summary>
public sealed class HttpMethodAttribute : InputRuleAttribute
{
    public static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    public static bool IsMethod(string value) => Methods.Contains(value, StringComparer.OrdinalIgnoreCase);

    protected override void Check(string value)
    {
        if (IsMethod(value) || ApiPathAttribute.IsEndpoint(value))
        {
            return;
        }

        // An address that is no endpoint (a password in it, say) gets the endpoint's refusal, which masks it.
        if (value.IndexOf('/') >= 0 || value.IndexOf('@') >= 0)
        {
            throw ApiPathAttribute.Refusal(value);
        }

        throw new ArgumentException($"'{InputRules.MaskRefusedUrl(value)}' is not one of {string.Join(", ", Methods)}, nor an endpoint such as /v2/clients/me.");
    }
}
