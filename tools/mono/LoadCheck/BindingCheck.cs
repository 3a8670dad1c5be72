using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Verifik.LoadCheck;

/// <summary>
/// Windows PowerShell 5.1 has no binding redirects for a module, so every reference of every shipped DLL must bind
/// as it is: to a DLL shipped at that exact version, to one shipped at a higher version with the same key (which
/// only the module's resolve handler serves: listed), to .NET Framework 4.7.2 (which unifies its own assemblies),
/// or to the host's System.Management.Automation.
/// </summary>
internal static class BindingCheck
{
    private const string HostAssembly = "System.Management.Automation";

    public static void Run(string moduleDirectory, Report report)
    {
        var shipped = Directory.GetFiles(moduleDirectory, "*.dll")
            .Select(AssemblyName.GetAssemblyName)
            .ToDictionary(name => name.Name, StringComparer.OrdinalIgnoreCase);
        var framework = ReadReferenceSet();
        report.Check(".NET Framework 4.7.2 reference set read", framework.Count > 100, $"{framework.Count} assemblies");

        foreach (var dll in shipped.Values.OrderBy(name => name.Name, StringComparer.Ordinal))
        {
            var references = Assembly.ReflectionOnlyLoadFrom(Path.Combine(moduleDirectory, dll.Name + ".dll")).GetReferencedAssemblies();
            var unbound = new List<string>();
            foreach (var reference in references)
            {
                var how = Bind(reference, shipped, framework);
                Console.WriteLine($"    {dll.Name} -> {reference.FullName}: {how ?? "NOT BOUND"}");
                if (how is null)
                {
                    unbound.Add(reference.FullName);
                }
            }

            report.Check($"{dll.Name} {dll.Version}: every reference binds on Windows PowerShell 5.1", unbound.Count == 0, string.Join("; ", unbound));
        }
    }

    private static string Bind(AssemblyName reference, IDictionary<string, AssemblyName> shipped, IDictionary<string, AssemblyName> framework)
    {
        var token = Token(reference);
        if (shipped.TryGetValue(reference.Name, out var local) && Token(local) == token)
        {
            if (local.Version == reference.Version)
            {
                return "shipped at that version";
            }

            if (token.Length > 0 && local.Version > reference.Version)
            {
                return $"served by the resolve handler with the shipped {local.Version}";
            }
        }

        if (token.Length > 0 && framework.TryGetValue(reference.Name, out var inBox) && Token(inBox) == token && inBox.Version >= reference.Version)
        {
            return $"part of .NET Framework 4.7.2 ({inBox.Version})";
        }

        return reference.Name == HostAssembly && token == "31bf3856ad364e35" && reference.Version <= new Version(3, 0, 0, 0)
            ? "Windows PowerShell's own"
            : null;
    }

    private static Dictionary<string, AssemblyName> ReadReferenceSet()
    {
        var root = File.ReadAllText(Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "net472-reference-set.txt")).Trim();
        return Directory.GetFiles(root, "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(root, "Facades"), "*.dll"))
            .Select(TryReadName)
            .Where(name => name is not null)
            .GroupBy(name => name.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The reference set also holds a few native DLLs, which are no assemblies to bind to.</summary>
    private static AssemblyName TryReadName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path);
        }
        catch (Exception ex) when (ex is ArgumentException or BadImageFormatException)
        {
            return null;
        }
    }

    private static string Token(AssemblyName name) =>
        string.Concat((name.GetPublicKeyToken() ?? Array.Empty<byte>()).Select(b => b.ToString("x2")));
}
