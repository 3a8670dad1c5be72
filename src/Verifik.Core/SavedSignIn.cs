using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// The opt-in saved sign-in (-Scope CurrentUser) that lets a new shell of the same user find the token.
/// Windows: %LOCALAPPDATA%\Verifik\token.dat, encrypted for the current user with DPAPI.
/// Elsewhere: $XDG_CONFIG_HOME/verifik/token.json (default ~/.config/verifik/token.json), mode 0600 in a 0700
/// directory, written to a temporary file and renamed over the old one so a reader never sees half a file.
/// </summary>
public sealed class SavedSignIn
{
    public SavedSignIn(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static SavedSignIn ForCurrentUser()
    {
        if (IsWindows)
        {
            var localAppData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return new SavedSignIn(System.IO.Path.Combine(localAppData, "Verifik", "token.dat"));
        }

        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(configHome) || !System.IO.Path.IsPathRooted(configHome))
        {
            configHome = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return new SavedSignIn(System.IO.Path.Combine(configHome, "verifik", "token.json"));
    }

    private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public void Save(VerifikToken token)
    {
        var json = Json.Object(writer =>
        {
            writer.WriteNumber("version", 1);
            writer.WriteString("accessToken", token.Reveal());
            writer.WriteString("email", token.Email);
            writer.WriteString("countryCode", token.CountryCode);
            writer.WriteString("phone", token.Phone);
            writer.WriteString("baseUri", token.IssuedBy?.AbsoluteUri);
            writer.WriteString("savedOn", DateTimeOffset.UtcNow);
        });
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        if (!IsWindows)
        {
            Unix.Restrict(directory, Unix.OwnerOnlyDirectory);
        }

        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // Restricted before the first byte is written, so the token is never readable by others.
                if (!IsWindows)
                {
                    Unix.Restrict(temporary, Unix.OwnerOnlyFile);
                }

                var bytes = IsWindows ? Dpapi.Protect(json) : json;
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(Path))
            {
                File.Replace(temporary, Path, null);
            }
            else
            {
                File.Move(temporary, Path);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Reads the saved sign-in. A missing file is not a problem; a corrupt or unreadable one is reported in
    /// <paramref name="problem"/> and otherwise ignored, so a broken file never stops a shell from working.
    /// </summary>
    public bool TryLoad(out VerifikToken? token, out string? problem)
    {
        token = null;
        problem = null;
        if (!File.Exists(Path))
        {
            return false;
        }

        try
        {
            var bytes = File.ReadAllBytes(Path);
            using var document = JsonDocument.Parse(IsWindows ? Dpapi.Unprotect(bytes) : bytes);
            var root = document.RootElement;
            var jwt = root.GetProperty("accessToken").GetString() ?? throw new FormatException("accessToken is null");
            var email = Json.ReadString(root, "email");
            var phone = Json.ReadString(root, "phone");
            var subject = email is not null ? SignInSubject.ForEmail(email)
                : phone is not null ? SignInSubject.ForPhone(Json.ReadString(root, "countryCode") ?? string.Empty, phone, (string?)null)
                : null;
            var issuedBy = Json.ReadString(root, "baseUri") is { } uri ? new Uri(uri) : null;
            token = VerifikToken.FromJwt(jwt, subject, File.GetLastWriteTimeUtc(Path), issuedBy);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException
                                       or InvalidOperationException or FormatException or ArgumentException or VerifikException
                                       or ExternalException)
        {
            problem = $"The saved Verifik sign-in at {Path} could not be read ({ex.GetType().Name}) and was ignored. Sign in again with -Scope CurrentUser to replace it, or run Disconnect-Verifik to remove it.";
            return false;
        }
    }

    public bool Delete()
    {
        if (!File.Exists(Path))
        {
            return false;
        }

        File.Delete(Path);
        return true;
    }


    private static class Unix
    {
        public const uint OwnerOnlyFile = 0x180;      // 0600
        public const uint OwnerOnlyDirectory = 0x1C0; // 0700

        public static void Restrict(string path, uint mode)
        {
            if (chmod(path, mode) != 0)
            {
                throw new IOException($"Could not restrict the permissions of {path} (errno {Marshal.GetLastWin32Error()}).");
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string pathname, uint mode);
    }

    private static class Dpapi
    {
        public static byte[] Protect(byte[] data) => Transform(data, protect: true);

        public static byte[] Unprotect(byte[] data) => Transform(data, protect: false);

        private static byte[] Transform(byte[] data, bool protect)
        {
            var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
            var input = new DataBlob { Size = data.Length, Data = handle.AddrOfPinnedObject() };
            var output = default(DataBlob);
            try
            {
                var ok = protect
                    ? CryptProtectData(ref input, "Verifik sign-in", IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output)
                    : CryptUnprotectData(ref input, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output);
                if (!ok)
                {
                    throw new ExternalException("DPAPI refused the saved sign-in.", Marshal.GetLastWin32Error());
                }

                var result = new byte[output.Size];
                Marshal.Copy(output.Data, result, 0, output.Size);
                return result;
            }
            finally
            {
                handle.Free();
                if (output.Data != IntPtr.Zero)
                {
                    LocalFree(output.Data);
                }
            }
        }

        private const int UiForbidden = 0x1;

        [StructLayout(LayoutKind.Sequential)]
        private struct DataBlob
        {
            public int Size;
            public IntPtr Data;
        }

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptProtectData(ref DataBlob dataIn, string description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptUnprotectData(ref DataBlob dataIn, IntPtr description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
