using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Isolation;

[Collection(EnvironmentCollection.Name)]
public sealed class IsolatedHomeTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public IsolatedHomeTests(EmulatorFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("HOME", "")]
    [InlineData("XDG_CONFIG_HOME", ".config")]
    [InlineData("LOCALAPPDATA", "AppData/Local")]
    public void The_run_points_each_home_variable_into_a_temporary_folder(string variable, string below)
    {
        Assert.StartsWith(Path.GetTempPath(), IsolatedHome.Folder);
        Assert.Equal(Path.GetFullPath(Path.Combine(IsolatedHome.Folder, below)), Path.GetFullPath(Environment.GetEnvironmentVariable(variable)!));
    }

    [Fact]
    public async Task A_sign_in_with_Scope_CurrentUser_saves_into_the_temporary_home_and_leaves_the_real_one_untouched()
    {
        // Checked before anything is saved: without the isolation this test would itself write the real file.
        Assert.StartsWith(Path.GetTempPath(), IsolatedHome.Folder);
        var realBefore = Snapshot(IsolatedHome.RealSavedSignInPath);
        var token = await _fixture.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":3600}""");
        using var secure = new SecureString();
        foreach (var character in token)
        {
            secure.AppendChar(character);
        }

        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ConnectVerifikCommand).Assembly.Location);
        using (var shell = PowerShell.Create(state))
        {
            DefaultSession.Isolate(shell.Runspace);
            shell.AddCommand("Connect-Verifik").AddParameter("AccessToken", secure).AddParameter("BaseUri", _fixture.Emulator.BaseUri)
                .AddParameter("Scope", VerifikScope.CurrentUser).Invoke();
            Assert.Empty(shell.Streams.Error);
        }

        var savedPath = SavedSignIn.ForCurrentUser().Path;
        try
        {
            Assert.StartsWith(IsolatedHome.Folder, savedPath);
            Assert.True(File.Exists(savedPath), "Connect-Verifik -Scope CurrentUser saved nothing at " + savedPath);
            Assert.NotEqual(IsolatedHome.RealSavedSignInPath, savedPath);
            Assert.Equal(realBefore, Snapshot(IsolatedHome.RealSavedSignInPath));
        }
        finally
        {
            new SavedSignIn(savedPath).Delete();
        }
    }

    /// <summary>Whether the file exists, and if so its size and last write time: metadata only, the real token is never read.</summary>
    private static string Snapshot(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.Length} bytes, written {file.LastWriteTimeUtc:O}" : "absent";
    }
}
