using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Verifik.LoadCheck;

/// <summary>
/// The module's real resolve handler on Mono, whose AssemblyName and Version behave as .NET Framework's (a null
/// version throws in a comparison). Verifik.dll is loaded with LoadFrom, as Windows PowerShell loads it, and
/// prepared the way its ModuleInitializer does on Windows PowerShell.
/// </summary>
internal static class HandlerCheck
{
    private const string MicrosoftToken = "b03f5f7f11d50a3a";
    private const string Unsafe = "System.Runtime.CompilerServices.Unsafe";

    public static void Run(string moduleDirectory, Report report)
    {
        moduleDirectory = Path.GetFullPath(moduleDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var module = Assembly.LoadFrom(Path.Combine(moduleDirectory, "Verifik.dll"));
        var prepare = module.GetType("Verifik.DesktopProcess", throwOnError: true).GetMethod("Prepare", BindingFlags.Static | BindingFlags.NonPublic);
        var core = Assembly.LoadFrom(Path.Combine(moduleDirectory, "Verifik.Core.dll"));

        report.Check("first import subscribes", (bool)prepare.Invoke(null, new object[] { moduleDirectory }));
        report.Check("second import does not subscribe again", !(bool)prepare.Invoke(null, new object[] { moduleDirectory }));
        report.Check("one handler in the process", () => Expect(Subscriptions(module), 1).ToString());

        report.Check("full name, lower version: the shipped higher one", () =>
            Loaded($"{Unsafe}, Version=4.0.4.1, Culture=neutral, PublicKeyToken={MicrosoftToken}", moduleDirectory, "6.0.0.0"));
        report.Check("full name, exact version", () =>
            Loaded("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", moduleDirectory, "4.0.3.0"));
        report.Check("full name, lower version, other casing", () =>
            Loaded($"system.memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", moduleDirectory, null));

        report.Check("partial name (Windows PowerShell's Assembly.Load of a module name): no answer, no throw", () => NotLoaded("Verifik.Requirements"));
        report.Check("partial name of a shipped DLL: no answer, no throw", () => NotLoaded("System.Text.Json"));
        report.Check("Add-Type -AssemblyName (LoadWithPartialName) of a shipped DLL does not throw", () =>
        {
#pragma warning disable CS0618 // What Add-Type -AssemblyName calls on Windows PowerShell.
            Assembly.LoadWithPartialName("System.Text.Encodings.Web");
#pragma warning restore CS0618
            return "returned";
        });
        report.Check("higher version than shipped: not served", () =>
            NotLoaded($"System.Threading.Tasks.Extensions, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
        report.Check("other public key token: not served", () =>
            NotLoaded("System.Text.Encodings.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef"));
        report.Check("no public key token: not served", () =>
            NotLoaded("Microsoft.Bcl.AsyncInterfaces, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null"));
        report.Check("a name the module does not ship: not served", () =>
            NotLoaded($"System.Collections.Immutable, Version=8.0.0.0, Culture=neutral, PublicKeyToken={MicrosoftToken}"));

        report.Check("System.Text.Json reads a token through the shipped dependency graph", () => ReadToken(core));
        report.Check("Verifik.Requirements.dll (net462) names .NET Framework 4.7.2 to a release before it", () =>
            Expect(Requirements(moduleDirectory, 461308)?.Contains("needs .NET Framework 4.7.2 or later") ?? false, true).ToString());
        report.Check("Verifik.Requirements.dll lets release 4.8 and an unreadable release through", () =>
            Expect(Requirements(moduleDirectory, 528040) ?? Requirements(moduleDirectory, null), null) ?? "no problem");
        report.Check("a third import after use changes nothing", () =>
        {
            Expect((bool)prepare.Invoke(null, new object[] { moduleDirectory }), false);
            return Expect(Subscriptions(module), 1).ToString();
        });
    }

    private static string Loaded(string name, string moduleDirectory, string expectedVersion)
    {
        var assembly = Assembly.Load(name);
        var folder = Path.GetDirectoryName(assembly.Location);
        Expect(folder, moduleDirectory);
        if (expectedVersion is not null)
        {
            Expect(assembly.GetName().Version.ToString(), expectedVersion);
        }

        return assembly.FullName;
    }

    /// <summary>A load the handler declines ends in the loader's own FileNotFoundException, not in the handler's exception.</summary>
    private static string NotLoaded(string name)
    {
        try
        {
            var assembly = Assembly.Load(name);
            throw new InvalidOperationException($"loaded {assembly.FullName} from {assembly.Location}");
        }
        catch (FileNotFoundException ex)
        {
            return ex.GetType().Name;
        }
    }

    private static string ReadToken(Assembly core)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var jwt = $"{Part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Part($"{{\"exp\":{expires},\"clientId\":\"mono-check\"}}")}.{Part("signature")}";
        var read = core.GetType("Verifik.JwtClaims", throwOnError: true).GetMethod("Read", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        try
        {
            return read.Invoke(null, new object[] { jwt }).ToString();
        }
        catch (TargetInvocationException ex)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>The nested module's rules for Windows PowerShell, run on .NET Framework's loader as that host runs them.</summary>
    private static string Requirements(string moduleDirectory, int? frameworkRelease)
    {
        var rules = Assembly.LoadFrom(Path.Combine(moduleDirectory, "Verifik.Requirements.dll")).GetType("Verifik.HostRequirements", throwOnError: true);
        try
        {
            return (string)rules.GetMethod("Problem").Invoke(null, new object[] { true, new Version(3, 0), frameworkRelease });
        }
        catch (TargetInvocationException ex)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>Mono keeps the event's delegate in a field of the same name; counted, not called.</summary>
    private static int Subscriptions(Assembly module)
    {
        var field = typeof(AppDomain).GetField("AssemblyResolve", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("This Mono keeps AppDomain.AssemblyResolve elsewhere; the count cannot be read.");
        var handlers = (Delegate)field.GetValue(AppDomain.CurrentDomain);
        return handlers?.GetInvocationList().Count(handler => handler.Method.DeclaringType?.Assembly == module) ?? 0;
    }

    private static T Expect<T>(T actual, T expected)
    {
        if (!Equals(actual, expected))
        {
            throw new InvalidOperationException($"expected {expected}, got {actual}");
        }

        return actual;
    }
}
