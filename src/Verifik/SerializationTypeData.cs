using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
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

    /// <summary>Who and where, and the settings record whole, so a setting added to it is serialised with no change here.</summary>
    private static readonly string[] SessionProperties =
    {
        nameof(VerifikSession.BaseUri), nameof(VerifikSession.Email), nameof(VerifikSession.IsConnected),
        nameof(VerifikSession.AllowUnencryptedAuthentication), nameof(VerifikSession.Settings),
    };

    public static void EnsureRegistered(PSCmdlet cmdlet)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null || Registered.TryGetValue(runspace, out _))
        {
            return;
        }

        var typeData = new[] { Only(typeof(VerifikToken), TokenProperties), Only(typeof(VerifikSession), SessionProperties) };
        if (!TryAddToTypeTable(runspace, typeData))
        {
            var register = ScriptBlock.Create("param($TypeData) Update-TypeData -TypeData $TypeData -Force");
            cmdlet.InvokeCommand.InvokeScript(false, register, null, new object[] { typeData });
        }

        Registered.GetValue(runspace, _ => new object());
    }

    /// <summary>
    /// Adds the type data straight to the runspace's TypeTable, the table Update-TypeData changes. Calling
    /// Update-TypeData instead means auto-loading Microsoft.PowerShell.Utility, which made the first Verifik call of
    /// a new process cost several times all its own work. PowerShell has no public way to reach a runspace's
    /// TypeTable, so this reads an internal property; false when that is not there (another PowerShell version) or
    /// the table refuses, and the caller then takes the slow, public way.
    /// </summary>
    private static bool TryAddToTypeTable(Runspace runspace, TypeData[] typeData)
    {
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        try
        {
            var context = typeof(Runspace).GetProperty("ExecutionContext", Internal)?.GetValue(runspace);
            if (context?.GetType().GetProperty("TypeTable", Internal)?.GetValue(context) is not TypeTable table)
            {
                return false;
            }

            foreach (var data in typeData)
            {
                table.AddType(data);
            }

            return true;
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidOperationException or TargetInvocationException or MemberAccessException)
        {
            return false;
        }
    }

    private static TypeData Only(Type type, string[] properties) => new(type)
    {
        SerializationMethod = "SpecificProperties",
        PropertySerializationSet = new PropertySetData(properties),
    };
}
