using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Verifik;

/// <summary>
/// Type data that leaves the token out of serialisation (Export-Clixml, Start-Job, remoting): on Linux and macOS
/// PowerShell writes a SecureString to CliXml as the hex of its characters, which anyone can read back. It is
/// registered in each runspace before the first token or session is output, not from a types file at import, where
/// the XML processing would cost every import, signed in or not, about 10 ms.
/// </summary>
internal static class SerializationTypeData
{
    private static readonly ConditionalWeakTable<Runspace, object> Registered = new();

    private static readonly string[] TokenProperties =
        { "TokenType", "ExpiresOn", "IssuedOn", "ClientId", "Email", "Phone", "CountryCode", "IsExpired", "TimeRemaining" };

    private static readonly string[] SessionProperties = { "BaseUri", "Email", "IsConnected", "TimeoutSec", "MaximumRetryCount" };

    public static void EnsureRegistered(PSCmdlet cmdlet)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null || Registered.TryGetValue(runspace, out _))
        {
            return;
        }

        var register = ScriptBlock.Create("param($TypeData) Update-TypeData -TypeData $TypeData -Force");
        cmdlet.InvokeCommand.InvokeScript(false, register, null, new object[] { new[] { Only(typeof(VerifikToken), TokenProperties), Only(typeof(VerifikSession), SessionProperties) } });
        Registered.GetValue(runspace, _ => new object());
    }

    private static TypeData Only(System.Type type, string[] properties) => new(type)
    {
        SerializationMethod = "SpecificProperties",
        PropertySerializationSet = new PropertySetData(properties),
    };
}
