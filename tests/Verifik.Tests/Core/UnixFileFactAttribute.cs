using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// A test of the saved sign-in's file operations. The net48 build of these tests runs under Mono on Linux, whose
/// FileStream cannot wrap the raw descriptor that UnixFile opens; that pairing never happens for real (.NET Framework
/// means Windows PowerShell, on Windows), so there the test is skipped and the .NET run covers it.
/// </summary>
internal sealed class UnixFileFactAttribute : FactAttribute
{
    public UnixFileFactAttribute()
    {
#if NETFRAMEWORK
        Skip = "Mono on Linux cannot wrap UnixFile's raw descriptor in a FileStream; the .NET run covers the saved sign-in.";
#endif
    }
}
