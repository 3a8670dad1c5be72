using System;

namespace Verifik;

internal static class Base64Url
{
    public static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        switch (base64.Length % 4)
        {
            case 2: base64 += "=="; break;
            case 3: base64 += "="; break;
            // Stryker disable once String : equivalent: every caller wraps this exception in its own message, which is what the user sees.
            case 1: throw new FormatException("A base64url string cannot have a length of 4n+1.");
        }

        return Convert.FromBase64String(base64);
    }
}
