using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Verifik.Tests.Isolation;

/// <summary>
/// Points HOME, XDG_CONFIG_HOME and LOCALAPPDATA of the test process, and so of every process it starts, at a fresh
/// temporary folder before any test runs. Whatever the code under test does (a mutant that saves a sign-in with the
/// default scope, say), it never reads or writes the real user's saved sign-in.
/// </summary>
internal static class IsolatedHome
{
    /// <summary>The temporary folder that stands in for the user's home during the run.</summary>
    public static string Folder { get; private set; } = "";

    /// <summary>Where the saved sign-in of the real user lives: the file no test may touch.</summary>
    public static string RealSavedSignInPath { get; private set; } = "";

    // A module initializer runs before any code of the test assembly, fixtures included, and once per process.
    [ModuleInitializer]
    internal static void Enter()
    {
        RealSavedSignInPath = SavedSignIn.ForCurrentUser().Path;
        Folder = Path.Combine(Path.GetTempPath(), "verifik-home-" + Guid.NewGuid().ToString("N"));
        var configHome = Path.Combine(Folder, ".config");
        var localAppData = Path.Combine(Folder, "AppData", "Local");
        Directory.CreateDirectory(configHome);
        Directory.CreateDirectory(localAppData);

        Environment.SetEnvironmentVariable("HOME", Folder);
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", configHome);
        Environment.SetEnvironmentVariable("LOCALAPPDATA", localAppData);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Leave();
    }

    private static void Leave()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process the run started may still hold a file; the folder is in the temporary area and harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
