using System.Security;

namespace Verifik;

internal static class Secrets
{
    /// <summary>A read-only SecureString holding <paramref name="text"/>.</summary>
    public static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
