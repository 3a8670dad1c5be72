using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Reflection;
using Xunit;

namespace Verifik.Tests.Loading;

/// <summary>
/// The Windows PowerShell 5.1 resolve handler's rules, fed AssemblyName inputs. .NET compares a null version as
/// smaller instead of throwing as .NET Framework does, so the throwing cases are also run for real under Mono
/// (tools/mono, build.ps1's Mono suites).
/// </summary>
public sealed class DependencyResolverTests : IDisposable
{
    private const string Unsafe = "System.Runtime.CompilerServices.Unsafe";
    private const string MicrosoftToken = "b03f5f7f11d50a3a";

    private static readonly AssemblyName[] Shipped =
    {
        new($"{Unsafe}, Version=6.0.0.0, Culture=neutral, PublicKeyToken={MicrosoftToken}"),
        new("System.Buffers, Version=4.0.3.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"),
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verifik-resolver-" + Guid.NewGuid().ToString("n"));

    public DependencyResolverTests()
    {
        Directory.CreateDirectory(_directory);
        // A signed DLL to stand for a shipped dependency, and a file that is not an assembly at all.
        File.Copy(typeof(Assert).Assembly.Location, Path.Combine(_directory, "xunit.assert.dll"));
        File.WriteAllText(Path.Combine(_directory, "NotAnAssembly.dll"), "not an assembly");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData($"{Unsafe}, Version=4.0.4.1, Culture=neutral, PublicKeyToken={MicrosoftToken}", "6.0.0.0")]
    [InlineData($"{Unsafe}, Version=6.0.0.0, Culture=neutral, PublicKeyToken={MicrosoftToken}", "6.0.0.0")]
    [InlineData("system.buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "4.0.3.0")]
    [InlineData($"{Unsafe}, Version=6.0.0.1, Culture=neutral, PublicKeyToken={MicrosoftToken}", null)]
    [InlineData($"{Unsafe}, Version=4.0.4.1, Culture=neutral, PublicKeyToken=31bf3856ad364e35", null)]
    [InlineData($"{Unsafe}, Version=4.0.4.1, Culture=neutral, PublicKeyToken=null", null)]
    [InlineData($"{Unsafe}, Version=4.0.4.1", null)]
    [InlineData(Unsafe, null)]
    [InlineData($"{Unsafe}, PublicKeyToken={MicrosoftToken}", null)]
    [InlineData("Verifik", null)]
    [InlineData($"System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken={MicrosoftToken}", null)]
    public void Serves_only_a_shipped_name_with_its_key_at_the_version_asked_for_or_higher(string requested, string? served)
    {
        Assert.Equal(served, DependencyResolver.Choose(Shipped, new AssemblyName(requested))?.Version?.ToString());
    }

    [Theory]
    [InlineData("xunit.assert")]
    [InlineData("xunit.assert, Version=99.0.0.0, Culture=neutral, PublicKeyToken=8d05b1bb7a6fdb6c")]
    [InlineData("xunit.assert, Version=1.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    [InlineData("NotAnAssembly, Version=1.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    [InlineData("not, a = valid ,, name")]
    [InlineData("")]
    public void The_handler_never_throws_and_leaves_what_it_does_not_ship_to_others(string requested)
    {
        var resolver = new DependencyResolver(_directory);

        Assert.Null(resolver.Resolve(null, new ResolveEventArgs(requested)));
    }

    [Fact]
    public void A_load_asked_for_by_another_folder_s_assembly_is_not_answered()
    {
        var resolver = new DependencyResolver(_directory);
        var name = typeof(Assert).Assembly.GetName();
        name.Version = new Version(1, 0, 0, 0);

        Assert.NotNull(DependencyResolver.Choose(new[] { typeof(Assert).Assembly.GetName() }, name));
        Assert.Null(resolver.Resolve(null, new ResolveEventArgs(name.FullName, typeof(DependencyResolverTests).Assembly)));
    }

    [Theory]
    [InlineData((SecurityProtocolType)0, (SecurityProtocolType)0)]
    [InlineData(SecurityProtocolType.Tls12, SecurityProtocolType.Tls12)]
    [InlineData(SecurityProtocolType.Tls12 | (SecurityProtocolType)12288, SecurityProtocolType.Tls12 | (SecurityProtocolType)12288)]
    [InlineData(SecurityProtocolType.Tls | SecurityProtocolType.Tls11, SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12)]
    [InlineData((SecurityProtocolType)12288, SecurityProtocolType.Tls12 | (SecurityProtocolType)12288)]
    public void TLS_1_2_is_added_only_to_a_list_without_it_and_SystemDefault_is_left_alone(SecurityProtocolType current, SecurityProtocolType expected)
    {
        Assert.Equal(expected, DesktopProcess.WithTls12(current));
    }

    [Fact]
    public void Removing_the_module_unsubscribes_nothing_the_process_still_needs()
    {
        Assert.False(typeof(IModuleAssemblyCleanup).IsAssignableFrom(typeof(ModuleInitializer)));
        Assert.True(typeof(IModuleAssemblyInitializer).IsAssignableFrom(typeof(ModuleInitializer)));
    }
}
