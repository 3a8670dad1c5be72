using System;
using System.Collections.Generic;
using System.Linq;

namespace Verifik;

/// <summary>
/// Extra headers for a request (Invoke-VerifikRequest -Headers), each checked before anything is sent. The only way
/// to build one is <see cref="From"/>, so no unchecked header reaches the wire.
/// </summary>
public sealed class RequestHeaders
{
    /// <summary>
    /// Headers the module or the HTTP client write from the session, the URL and the body. Given by hand they would
    /// send another credential, reach another virtual host with the token, or break the request's framing.
    /// </summary>
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE",
        "Trailer", "Expect",
    };

    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization" };

    /// <summary>
    /// Headers some servers and gateways obey to treat a request as another method: a GET that -WhatIf and the
    /// verbose line show as a read could then delete. The method is -Method's alone.
    /// </summary>
    private static readonly HashSet<string> MethodOverrides = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    };

    /// <summary>The characters of an HTTP field name (RFC 9110 token), besides letters and digits.</summary>
    private const string NameSymbols = "!#$%&'*+-.^_`|~";

    private RequestHeaders(IReadOnlyList<KeyValuePair<string, string>> all) => All = all;

    /// <summary>Name and value pairs in the order given; a name given with several values appears once per value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All { get; }

    /// <summary>Whether a header of this name is among them, whatever its case.</summary>
    public bool Contains(string name) => All.Any(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks each header; the first that breaks a rule throws an ArgumentException stating the rule. A value is never
    /// repeated in a message: headers carry keys.
    /// </summary>
    public static RequestHeaders From(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var all = headers.ToList();
        foreach (var header in all)
        {
            Check(header.Key, header.Value);
        }

        return new RequestHeaders(all);
    }

    private static void Check(string name, string value)
    {
        if (name.Length == 0 || !name.All(character => character is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') || NameSymbols.IndexOf(character) >= 0))
        {
            throw new ArgumentException($"'{ServerText.Clean(name)}' is not a header name: a name has only letters, digits and {NameSymbols}, and no spaces or line breaks.");
        }

        if (Credentials.Contains(name))
        {
            throw new ArgumentException($"-Headers cannot set {name}: Invoke-VerifikRequest sends the session's token itself. To call as someone else, sign in to another session (New-VerifikSession, then Connect-Verifik -Session) and pass it with -Session.");
        }

        if (Framing.Contains(name))
        {
            throw new ArgumentException($"-Headers cannot set {name}: the HTTP client writes it from the URL and the body.");
        }

        if (MethodOverrides.Contains(name))
        {
            throw new ArgumentException($"-Headers cannot set {name}: the request's method is the one -Method gives, which -WhatIf and -Verbose show.");
        }

        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"-Headers cannot set {name}: Content- headers describe the body, which is always sent as JSON in UTF-8.");
        }

        // CR or LF would end this header and start another; other controls and non-ASCII are refused by HTTP stacks
        // (.NET's among them) with less helpful messages, or altered on the way.
        if (value.Any(character => character is not ('\t' or (>= ' ' and <= '~'))))
        {
            throw new ArgumentException($"The value of the {name} header has a line break, another control character or a character outside ASCII, which a header cannot carry. Encode it (Base64, URL encoding) first.");
        }
    }
}
