using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Verifik;

/// <summary>
/// Windows PowerShell 5.1 has no binding redirects for a module's DLLs, and the dependencies ask each other for older
/// versions than the ones shipped (System.Memory asks for System.Runtime.CompilerServices.Unsafe 4.0.4.1, 6.0.0.0 is
/// shipped; System.Text.Json asks for System.Buffers 4.0.2.0, 4.0.3.0 is shipped). This handler stands in for those
/// redirects, and for nothing else: other modules' loads in the same process are none of its business.
/// </summary>
internal sealed class DependencyResolver
{
    private readonly string _directory;
    private readonly Lazy<IReadOnlyList<AssemblyName>> _shipped;

    public DependencyResolver(string directory)
    {
        _directory = directory;
        _shipped = new Lazy<IReadOnlyList<AssemblyName>>(() => ReadShipped(directory));
    }

    /// <summary>
    /// The AssemblyResolve handler. It never throws: an exception here fails the load that asked, whoever asked
    /// (Windows PowerShell's own Assembly.Load of a bare module name, an Add-Type -AssemblyName), so anything it
    /// cannot answer is left to the other handlers and the usual error.
    /// </summary>
    public Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        try
        {
            if (args.RequestingAssembly is { } requester && !IsInDirectory(requester))
            {
                return null;
            }

            var shipped = Choose(_shipped.Value, new AssemblyName(args.Name));
            return shipped is null ? null : Assembly.LoadFrom(Path.Combine(_directory, shipped.Name + ".dll"));
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// The shipped assembly that may stand in for the requested one: same name, same public key token, a version at
    /// least the one asked for. A name without a version or a token (a partial name) is not a binding request from
    /// the module's DLLs, whose references are all full names, so it gets no answer.
    /// </summary>
    internal static AssemblyName? Choose(IEnumerable<AssemblyName> shipped, AssemblyName requested)
    {
        var requestedToken = requested.GetPublicKeyToken();
        if (requested.Version is null || requestedToken is null || requestedToken.Length == 0)
        {
            return null;
        }

        return shipped.FirstOrDefault(candidate =>
            string.Equals(candidate.Name, requested.Name, StringComparison.OrdinalIgnoreCase)
            && candidate.GetPublicKeyToken() is { Length: > 0 } token
            && token.SequenceEqual(requestedToken)
            && candidate.Version is { } version
            && version >= requested.Version);
    }

    private bool IsInDirectory(Assembly assembly) =>
        !assembly.IsDynamic
        && string.Equals(Path.GetDirectoryName(assembly.Location), _directory, StringComparison.OrdinalIgnoreCase);

    /// <summary>The strong-named DLLs beside the module: the module's own assemblies are not signed, so they are left out.</summary>
    private static IReadOnlyList<AssemblyName> ReadShipped(string directory) =>
        Directory.GetFiles(directory, "*.dll")
            .Select(TryReadName)
            .OfType<AssemblyName>()
            .Where(name => name.GetPublicKeyToken() is { Length: > 0 })
            .ToList();

    /// <summary>A file that is not an assembly (or cannot be read) is simply not one of the shipped assemblies.</summary>
    private static AssemblyName? TryReadName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
