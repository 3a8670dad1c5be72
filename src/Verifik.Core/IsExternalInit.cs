namespace System.Runtime.CompilerServices;

/// <summary>What C# needs for records and init-only properties, which netstandard2.0 does not define.</summary>
internal static class IsExternalInit
{
}
