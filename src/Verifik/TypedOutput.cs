using System.Management.Automation;

namespace Verifik;

internal static class TypedOutput
{
    /// <summary>Wraps the object so PowerShell sees <paramref name="typeName"/> first, which selects its format view.</summary>
    public static PSObject Wrap(object value, string typeName)
    {
        var wrapped = new PSObject(value);
        wrapped.TypeNames.Insert(0, typeName);
        return wrapped;
    }
}
