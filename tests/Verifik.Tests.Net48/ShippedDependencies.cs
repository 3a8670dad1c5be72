using System.IO;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Verifik.Tests.ShippedDependencies", "Verifik.Tests")]

namespace Verifik.Tests;

/// <summary>
/// Installs the module's own resolve handler before any test loads System.Text.Json, the way ModuleInitializer does
/// on Windows PowerShell 5.1: without it the shipped DLLs' requests for older versions of each other fail to bind.
/// </summary>
public sealed class ShippedDependencies : XunitTestFramework
{
    public ShippedDependencies(IMessageSink messageSink)
        : base(messageSink)
    {
        DesktopProcess.Prepare(Path.GetDirectoryName(typeof(DesktopProcess).Assembly.Location)!);
    }
}
