using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace Verifik;

/// <summary>Headers beyond the module's own: extra ones on the way out, and the answer's on the way back.</summary>
internal sealed partial class VerifikClient
{
    /// <summary>Answer headers that carry a credential whatever their text: their values are never handed on.</summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Set-Cookie2", "Cookie", "Authorization", "Proxy-Authorization",
    };

    /// <summary>Extra headers go first, so one the caller gave (Accept, User-Agent) replaces the module's default.</summary>
    private static void AddExtraHeaders(HttpRequestMessage request, RequestHeaders? headers)
    {
        foreach (var header in headers?.All ?? [])
        {
            // Checked by RequestHeaders.From: names are tokens, values visible ASCII.
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>
    /// The answer's headers, content headers included, as a caller may see them: each value through ServerText.Clean
    /// with the call's secrets (a server can echo the Authorization it got), and credentials such as Set-Cookie
    /// replaced whole, since a session cookie is as good as a token.
    /// </summary>
    private static Dictionary<string, string[]> AnswerHeaders(HttpResponseMessage response, string?[] secrets)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            var name = ServerText.Clean(header.Key) ?? string.Empty;
            var values = CredentialHeaders.Contains(name)
                ? header.Value.Select(_ => ServerText.Redacted)
                : header.Value.Select(value => ServerText.Clean(value, secrets) ?? string.Empty);
            headers[name] = headers.TryGetValue(name, out var earlier) ? [.. earlier, .. values] : [.. values];
        }

        return headers;
    }
}
