using System.Management.Automation;

namespace Verifik;

internal static class TypedOutput
{
    /// <summary>
    /// Wraps the object so PowerShell sees <paramref name="typeName"/> first, which selects its format view, once
    /// the type data that keeps tokens out of serialisation is in place.
    /// </summary>
    public static PSObject Wrap(PSCmdlet cmdlet, object value, string typeName)
    {
        SerializationTypeData.EnsureRegistered(cmdlet);
        var wrapped = new PSObject(value);
        wrapped.TypeNames.Insert(0, typeName);
        return wrapped;
    }
}
