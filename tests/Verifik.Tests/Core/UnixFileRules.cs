using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// The saved sign-in's file operations on Linux and macOS: a new file is created 0600 and never over an existing
/// file or through a link; a link at the path is named as the reason a file is not read; a failure says which path;
/// no descriptor is left open. (Windows keeps the file with DPAPI instead, which these tests cannot run here.)
/// </summary>
public sealed class UnixFileRules : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verifik-unixfile-" + Guid.NewGuid().ToString("N"));

    public UnixFileRules()
    {
        Directory.CreateDirectory(_directory);
    }

    private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [UnixFileFact]
    public void A_new_file_is_never_created_over_an_existing_one()
    {
        if (IsWindows)
        {
            return;
        }

        var path = Path.Combine(_directory, "token.json");
        File.WriteAllText(path, "someone else's");

        var failure = Assert.Throws<IOException>(() => UnixFile.CreateOwnerOnly(path, Encoding.UTF8.GetBytes("mine")));

        Assert.Contains("Could not create " + path, failure.Message);
        Assert.Equal("someone else's", File.ReadAllText(path));
    }

    [UnixFileFact]
    public void A_new_file_is_never_created_through_a_link()
    {
        if (IsWindows)
        {
            return;
        }

        var path = Path.Combine(_directory, "token.json");
        var target = Path.Combine(_directory, "target.json");
        UnixTool.Run("ln", "-s", target, path);

        Assert.Throws<IOException>(() => UnixFile.CreateOwnerOnly(path, Encoding.UTF8.GetBytes("mine")));

        Assert.False(File.Exists(target));
    }

    [UnixFileFact]
    public void A_link_to_nothing_is_named_as_the_reason_not_to_read()
    {
        if (IsWindows)
        {
            return;
        }

        var path = Path.Combine(_directory, "token.json");
        UnixTool.Run("ln", "-s", Path.Combine(_directory, "nowhere.json"), path);

        var failure = Assert.Throws<UntrustedFileException>(() => UnixFile.ReadOwnerOnly(path, 1024));

        Assert.Contains("symbolic link", failure.Message);
    }

    [UnixFileFact]
    public void A_path_that_cannot_be_opened_for_another_reason_says_so_with_the_errno_and_blames_no_link()
    {
        if (IsWindows)
        {
            return;
        }

        var notADirectory = Path.Combine(_directory, "plain");
        File.WriteAllText(notADirectory, "");

        var failure = Assert.Throws<UntrustedFileException>(() => UnixFile.ReadOwnerOnly(Path.Combine(notADirectory, "token.json"), 1024));

        Assert.StartsWith("it could not be opened (errno ", failure.Message);
        Assert.DoesNotContain("link", failure.Message);
    }

    [UnixFileFact]
    public void Restricting_a_path_that_is_not_there_is_an_IOException_naming_it()
    {
        if (IsWindows)
        {
            return;
        }

        var path = Path.Combine(_directory, "missing");

        var failure = Assert.Throws<IOException>(() => UnixFile.Restrict(path, 0x1C0));

        Assert.Contains(path, failure.Message);
    }

    [UnixFileFact]
    public void A_lock_that_fails_for_another_reason_than_being_held_is_an_IOException_not_a_busy_lock()
    {
        if (IsWindows)
        {
            return;
        }

        // A descriptor no file is open on (EBADF): false would make the caller wait for a holder that does not exist.
        using var notOpen = new SafeFileHandle((IntPtr)1_000_000, ownsHandle: false);

        var failure = Assert.Throws<IOException>(() => UnixFile.TryLockExclusive(notOpen));

        Assert.Contains("(errno ", failure.Message);
    }

    [UnixFileFact]
    public void Writing_and_reading_leave_no_descriptor_open()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return;
        }

        const int Files = 200;
        var before = Directory.GetFileSystemEntries("/proc/self/fd").Length;
        foreach (var index in Enumerable.Range(0, Files))
        {
            var path = Path.Combine(_directory, index + ".json");
            UnixFile.CreateOwnerOnly(path, Encoding.UTF8.GetBytes("{}"));
            Assert.Equal("{}", Encoding.UTF8.GetString(UnixFile.ReadOwnerOnly(path, 1024)!));
        }

        // Other tests open descriptors meanwhile, but never as many as one per file here.
        Assert.InRange(Directory.GetFileSystemEntries("/proc/self/fd").Length - before, int.MinValue, Files / 2);
    }
}
