using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Verifik;

/// <summary>
/// The saved sign-in's file operations on Linux and macOS, through libc because netstandard2.0 has no way to open
/// without following a link, to open without blocking, to create a file with a mode, or to learn a file's owner.
/// </summary>
internal static class UnixFile
{
    private const uint TypeMask = 0xF000;         // S_IFMT
    private const uint RegularFile = 0x8000;      // S_IFREG
    private const uint GroupOrWorldBits = 0x3F;   // 0077
    private const int NoSuchFile = 2;             // ENOENT
    private const int Interrupted = 4;            // EINTR
    private const int LockExclusive = 2;          // LOCK_EX
    private const int LockNonBlocking = 4;        // LOCK_NB

    private static readonly bool IsMac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    private static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    private static int ReadOnly => 0;
    private static int WriteOnly => 1;
    private static int ReadWrite => 2;
    private static int Create => IsMac ? 0x200 : 0x40;
    private static int Exclusive => IsMac ? 0x800 : 0x80;
    private static int NoFollow => IsMac ? 0x100 : IsArm64 ? 0x8000 : 0x20000;
    private static int NonBlocking => IsMac ? 0x4 : 0x800;
    private static int CloseOnExec => IsMac ? 0x1000000 : 0x80000;

    /// <summary>
    /// Reads a file that only the current user can have written: opened without following a link and without
    /// blocking (a FIFO at the path would hang a plain read), then used only if it is a regular file owned by the
    /// current user, with no group or world permissions, and at most <paramref name="maxBytes"/> long. Returns null
    /// when there is no file; throws <see cref="UntrustedFileException"/> saying why when there is one not to trust.
    /// </summary>
    public static byte[]? ReadOwnerOnly(string path, int maxBytes)
    {
        var descriptor = open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec, 0);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            if (errno == NoSuchFile)
            {
                return null;
            }

            throw new UntrustedFileException(File.Exists(path) || IsLink(path)
                ? $"it could not be opened without following a link (errno {errno}); a symbolic link there is not trusted"
                : $"it could not be opened (errno {errno})");
        }

        using var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        var (mode, owner, size, _) = Status(descriptor);
        if ((mode & TypeMask) != RegularFile)
        {
            throw new UntrustedFileException("it is not a regular file");
        }

        if (owner != geteuid())
        {
            throw new UntrustedFileException($"it belongs to another user (uid {owner})");
        }

        if ((mode & GroupOrWorldBits) != 0)
        {
            throw new UntrustedFileException($"others may read or write it (mode {Convert.ToString(mode & 0x1FF, 8)}; it must be 600)");
        }

        if (size > maxBytes)
        {
            throw new UntrustedFileException($"it is {size} bytes long, more than a saved sign-in's {maxBytes}");
        }

        using var stream = new FileStream(handle, FileAccess.Read);
        var bytes = new byte[size];
        var read = 0;
        // One statement per step, with count assigned on every path: a mutant of the loop that left it unassigned
        // would not compile, and Stryker would then skip every mutant of this method, the trust checks above included.
        while (read < bytes.Length)
        {
            var count = stream.Read(bytes, read, bytes.Length - read);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return read == bytes.Length ? bytes : throw new UntrustedFileException("it changed while it was read");
    }

    /// <summary>Creates a new file with mode 0600 from its first moment, never through a link, and writes it.</summary>
    public static void CreateOwnerOnly(string path, byte[] bytes)
    {
        var descriptor = open(path, WriteOnly | Create | Exclusive | NoFollow | CloseOnExec, 0x180);
        if (descriptor < 0)
        {
            throw new IOException($"Could not create {path} (errno {Marshal.GetLastWin32Error()}).");
        }

        using var stream = new FileStream(new SafeFileHandle((IntPtr)descriptor, ownsHandle: true), FileAccess.Write);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Opens a lock file, creating it with mode 0600 if need be, never through a link. Its content is never used:
    /// only the lock that <see cref="TryLockExclusive"/> takes on it matters.
    /// </summary>
    public static SafeFileHandle OpenLockFile(string path)
    {
        var descriptor = open(path, ReadWrite | Create | NoFollow | CloseOnExec, 0x180);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open the lock file {path} (errno {Marshal.GetLastWin32Error()}).");
        }

        return new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
    }

    /// <summary>
    /// Takes flock's exclusive lock without waiting; false when another open file holds it (in this process or
    /// another). The kernel releases it when the file is closed, including when the process dies. flock, not fcntl:
    /// it is what .NET's FileShare.None takes on Unix, and fcntl locks would be dropped by any close of the file.
    /// </summary>
    public static bool TryLockExclusive(SafeFileHandle handle)
    {
        while (true)
        {
            if (flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastWin32Error();
            if (errno == Interrupted)
            {
                continue;
            }

            // EWOULDBLOCK is 11 on Linux and 35 on macOS; anything else is a real failure.
            if (errno == (IsMac ? 35 : 11))
            {
                return false;
            }

            throw new IOException($"Could not lock the saved sign-in's lock file (errno {errno}).");
        }
    }

    public static void Restrict(string path, uint mode)
    {
        if (chmod(path, mode) != 0)
        {
            throw new IOException($"Could not restrict the permissions of {path} (errno {Marshal.GetLastWin32Error()}).");
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The file's inode number, 0 when there is no file or it cannot be read. Every save renames a new file over
    /// the old one, so a new inode tells a rewrite apart even within one tick of the file system's clock.
    /// </summary>
    public static long InodeOf(string path)
    {
        var descriptor = open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec, 0);
        if (descriptor < 0)
        {
            return 0;
        }

        using var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        try
        {
            return Status(descriptor).Inode;
        }
        catch (UntrustedFileException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Mode, owner, size and inode from fstat. struct stat differs by platform: these are the offsets of glibc and
    /// musl on x86-64 and arm64 and of macOS (64-bit inodes; st_ino is at 8 on all three). Elsewhere the file is not
    /// trusted rather than misread.
    /// </summary>
    private static (uint Mode, uint Owner, long Size, long Inode) Status(int descriptor)
    {
        var (modeAt, modeIsShort, ownerAt, sizeAt) = IsMac ? (4, true, 16, 96)
            : RuntimeInformation.ProcessArchitecture == Architecture.X64 ? (24, false, 28, 48)
            : IsArm64 ? (16, false, 24, 48)
            : throw new UntrustedFileException($"its owner cannot be checked on {RuntimeInformation.OSArchitecture}");
        var buffer = Marshal.AllocHGlobal(512);
        try
        {
            if (Fstat(descriptor, buffer) != 0)
            {
                throw new UntrustedFileException($"its status could not be read (errno {Marshal.GetLastWin32Error()})");
            }

            var mode = modeIsShort ? (uint)(ushort)Marshal.ReadInt16(buffer, modeAt) : (uint)Marshal.ReadInt32(buffer, modeAt);
            return (mode, (uint)Marshal.ReadInt32(buffer, ownerAt), Marshal.ReadInt64(buffer, sizeAt), Marshal.ReadInt64(buffer, 8));
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    /// <summary>glibc before 2.33 exports fstat only as __fxstat (version 1 on x86-64, 0 on arm64).</summary>
    private static int Fstat(int descriptor, IntPtr buffer)
    {
        if (IsMac)
        {
            return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? fstat64mac(descriptor, buffer) : fstat(descriptor, buffer);
        }

        try
        {
            return fstat(descriptor, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return __fxstat(IsArm64 ? 0 : 1, descriptor, buffer);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(string pathname, int flags, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int fstat(int fd, IntPtr buffer);

    [DllImport("libc", SetLastError = true, EntryPoint = "fstat$INODE64")]
    private static extern int fstat64mac(int fd, IntPtr buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int __fxstat(int version, int fd, IntPtr buffer);

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string pathname, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);
}

/// <summary>A saved sign-in that is there but must not be used; the message says why.</summary>
internal sealed class UntrustedFileException : Exception
{
    public UntrustedFileException(string reason)
        : base(reason)
    {
    }
}
