using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Verifik;

/// <summary>
/// The one gate for text a server supplies (the reason phrase, error codes and messages, fields of answers, the
/// text of transport errors) before it reaches an error message, a verbose line or an output object. A server, or
/// anything between it and the user, can echo a token or a code there, or write terminal control sequences
/// (erase-line, an OSC 52 clipboard write) that a console would obey.
/// </summary>
internal static class ServerText
{
    /// <summary>Verifik's own messages are a few words; more than this is not a message a user needs to read.</summary>
    internal const int MaxLength = 300;

    internal const string Redacted = "***";

    /// <summary>Three base64url runs joined by dots: a JWT, even one the module was not told about (a renewed one, say).</summary>
    private static readonly Regex JwtShaped = new(@"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant);

    /// <summary>
    /// Removes <paramref name="secrets"/> and anything shaped like a JWT, turns line breaks, tabs and line/paragraph
    /// separators into spaces, drops every other control character (C0, DEL, C1) and format character (bidi
    /// overrides, zero-width), and cuts the result to <see cref="MaxLength"/> characters.
    /// </summary>
    public static string? Clean(string? text, params string?[] secrets)
    {
        if (text is null)
        {
            return null;
        }

        // Redacted before and after the controls go, so a secret broken up by them is caught once they are removed.
        var cleaned = Redact(Strip(Redact(text, secrets)), secrets);
        cleaned = JwtShaped.Replace(cleaned, Redacted).Trim();
        if (cleaned.Length <= MaxLength)
        {
            return cleaned;
        }

        var cut = char.IsHighSurrogate(cleaned[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return cleaned.Substring(0, cut) + "…";
    }

    private static string Strip(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (character is '\r' or '\n' or '\t' or '\u2028' or '\u2029')
            {
                // One space for a line break, however many characters it took (CR LF), not a gap of two.
                if (builder.Length == 0 || builder[builder.Length - 1] != ' ')
                {
                    builder.Append(' ');
                }

                // Stryker disable once Statement : equivalent: a line break is a control character, which the category check below skips too.
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(character);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    private static string Redact(string text, string?[] secrets)
    {
        var builder = new StringBuilder(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                builder.Replace(secret, Redacted);
            }
        }

        return builder.ToString();
    }
}
