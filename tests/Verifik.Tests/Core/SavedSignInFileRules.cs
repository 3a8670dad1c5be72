using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit;
using static Verifik.Tests.Core.TemporarySavedSignIn;

namespace Verifik.Tests.Core;

/// <summary>
/// The saved sign-in as a file: what it holds and its format, where it lives, who may read it, and that a file it
/// cannot trust or read is a problem reported with its path, never an exception; a failed write leaves nothing behind.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SavedSignInFileRules : IDisposable
{
    private readonly TemporarySavedSignIn _temporary = new();

    private string FilePath => _temporary.FilePath;

    public void Dispose() => _temporary.Dispose();

    [UnixFileFact]
    public void Round_trips_the_token_subject_and_issuer()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(20));
        var saved = new SavedSignIn(FilePath);

        saved.Save(VerifikToken.FromJwt(jwt, SignInSubject.ForPhone("+57", "3001234567", PhoneGateway.Sms), DateTimeOffset.UtcNow, new Uri("https://api.verifik.co/")));
        var found = saved.TryLoad(out var token, out var problem);

        Assert.True(found);
        Assert.Null(problem);
        Assert.Equal(jwt, token!.Reveal());
        Assert.Equal("3001234567", token.Phone);
        Assert.Equal("+57", token.CountryCode);
        Assert.Equal(new Uri("https://api.verifik.co/"), token.IssuedBy);
    }

    [UnixFileFact]
    public void A_token_of_a_client_alone_with_no_email_or_phone_round_trips_without_a_subject()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(20), clientId: "65f1a2b3c4d5e6f708192a3b");
        var saved = new SavedSignIn(FilePath);

        saved.Save(VerifikToken.FromJwt(jwt, null, DateTimeOffset.UtcNow, Issuer));

        Assert.True(saved.TryLoad(out var token, out var problem));
        Assert.Null(problem);
        Assert.Equal(jwt, token!.Reveal());
        Assert.Null(token.Subject);
        Assert.Equal("65f1a2b3c4d5e6f708192a3b", token.ClientId);
    }

    [UnixFileFact]
    public void Replaces_an_earlier_file_and_leaves_no_temporary_file()
    {
        var saved = new SavedSignIn(FilePath);
        saved.Save(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow, Issuer));
        var second = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(2));

        saved.Save(VerifikToken.FromJwt(second, SignInSubject.ForEmail("bob+ops@example.com"), DateTimeOffset.UtcNow, Issuer));

        Assert.True(saved.TryLoad(out var token, out _));
        Assert.Equal(second, token!.Reveal());
        Assert.Equal("bob+ops@example.com", token.Email);
        // Beside it only the lock file, which holds nothing and stays so that every process locks the same file.
        Assert.Equal(new[] { "token.json", "token.json.lock" }, Directory.GetFiles(Path.GetDirectoryName(FilePath)!).Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal));
    }

    [UnixFileFact]
    public void The_file_says_its_format_version_and_when_it_was_saved()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        new SavedSignIn(FilePath).Save(NewToken(days: 1));

        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
        Assert.InRange(document.RootElement.GetProperty("savedOn").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [UnixFileFact]
    public void A_save_that_fails_leaves_no_temporary_file_behind()
    {
        Directory.CreateDirectory(FilePath);

        Assert.ThrowsAny<IOException>(() => new SavedSignIn(FilePath).Save(NewToken(days: 1)));

        Assert.Equal(new[] { "token.json.lock" }, Directory.GetFiles(Path.GetDirectoryName(FilePath)!).Select(Path.GetFileName));
    }

    [UnixFileFact]
    public void A_missing_file_is_no_problem_and_Delete_says_whether_there_was_one()
    {
        var saved = new SavedSignIn(FilePath);

        Assert.False(saved.TryLoad(out _, out var problem));
        Assert.Null(problem);
        Assert.False(saved.Delete());
        saved.Save(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow));
        Assert.True(saved.Delete());
        Assert.False(File.Exists(FilePath));
    }

#if NETFRAMEWORK
    [Fact(Skip = "Unix-specific: reads the modes with File.GetUnixFileMode, which .NET Framework lacks; the .NET run checks them.")]
#else
    [Fact]
#endif
    public void Restricts_the_file_and_directory_to_the_owner()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        new SavedSignIn(FilePath).Save(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow));

#if !NETFRAMEWORK
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
#endif
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"accessToken\": \"half")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"accessToken\": 42}")]
    [InlineData("{\"accessToken\": null}")]
    [InlineData("{\"accessToken\": \"not-a-jwt\", \"baseUri\": \"https://api.verifik.co/\"}")]
    [InlineData("{\"accessToken\": \"a.b.c\", \"baseUri\": \"::\"}")]
    public void Reports_a_corrupt_file_as_a_problem_instead_of_throwing(string content)
    {
        WriteOwnerOnly(content);

        var found = new SavedSignIn(FilePath).TryLoad(out var token, out var problem);

        Assert.False(found);
        Assert.Null(token);
        Assert.Contains("could not be read", problem);
        Assert.Contains(FilePath, problem);
    }

    [UnixFileFact]
    public void Ignores_a_token_saved_without_the_Verifik_that_issued_it()
    {
        new SavedSignIn(FilePath).Save(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow));

        var found = new SavedSignIn(FilePath).TryLoad(out var token, out var problem);

        Assert.False(found);
        Assert.Null(token);
        Assert.Contains("does not say which Verifik issued the token", problem);
    }

    [UnixFileFact]
    public void Ignores_a_file_others_may_read_a_link_a_fifo_and_an_oversized_file()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        var saved = new SavedSignIn(FilePath);
        saved.Save(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow, Issuer));
        var good = File.ReadAllText(FilePath);

        UnixTool.Run("chmod", "644", FilePath);
        AssertIgnored("others may read or write it");

        var elsewhere = Path.Combine(_temporary.Folder, "elsewhere.json");
        File.Move(FilePath, elsewhere);
        UnixTool.Run("chmod", "600", elsewhere);
        UnixTool.Run("ln", "-s", elsewhere, FilePath);
        AssertIgnored("symbolic link");

        File.Delete(FilePath);
        UnixTool.Run("mkfifo", FilePath);
        AssertIgnored("not a regular file");

        File.Delete(FilePath);
        WriteOwnerOnly(good + new string(' ', SavedSignIn.MaxFileBytes));
        AssertIgnored("more than a saved sign-in's");

        File.Delete(FilePath);
        WriteOwnerOnly(good);
        Assert.True(saved.TryLoad(out _, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Lives_under_XDG_CONFIG_HOME_when_set()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        var saved = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _temporary.Folder);
            Assert.Equal(FilePath, SavedSignIn.ForCurrentUser().Path);
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", null);
            Assert.EndsWith(Path.Combine(".config", "verifik", "token.json"), SavedSignIn.ForCurrentUser().Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", saved);
        }
    }

    [Theory]
    [InlineData("relative/config")]
    [InlineData("   ")]
    public void An_XDG_CONFIG_HOME_that_is_not_an_absolute_path_is_ignored(string configHome)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        var saved = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", configHome);
            Assert.Equal(
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "verifik", "token.json"),
                SavedSignIn.ForCurrentUser().Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", saved);
        }
    }

    private void AssertIgnored(string why)
    {
        var found = new SavedSignIn(FilePath).TryLoad(out var token, out var problem);

        Assert.False(found);
        Assert.Null(token);
        Assert.Contains(why, problem);
    }

    private void WriteOwnerOnly(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, content);
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            UnixTool.Run("chmod", "600", FilePath);
        }
    }
}
