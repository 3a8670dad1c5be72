using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// The opt-in saved sign-in (-Scope CurrentUser) that lets a new shell of the same user find the token.
/// Windows: %LOCALAPPDATA%\Verifik\token.dat, encrypted for the current user with DPAPI.
/// Elsewhere: $XDG_CONFIG_HOME/verifik/token.json (default ~/.config/verifik/token.json), created 0600 in a 0700
/// directory and renamed over the old one so a reader never sees half a file; read only if it is a regular file of
/// the current user that nobody else may read or write.
/// Each sign-in writes a new generation; a renewal rewrites the file only while it still holds the generation the
/// session loaded or saved, so a renewal never brings back a sign-in that Disconnect-Verifik (in this shell or
/// another) removed or that a newer sign-in replaced. Every write and removal, and a shared renewal from its re-read
/// to its write (SavedSignIn.Sharing.cs), holds <see cref="SavedSignInLock"/>, so that check and the write after it
/// are one step for all of the user's processes.
/// </summary>
public sealed partial class SavedSignIn
{
    /// <summary>A saved sign-in is well under 1 KiB; a bigger file is not one and is not read.</summary>
    internal const int MaxFileBytes = 64 * 1024;

    private const uint OwnerOnlyDirectory = 0x1C0; // 0700

    public SavedSignIn(string path)
    {
        Path = path;
        LockPath = SavedSignInLock.PathFor(path);
    }

    public string Path { get; }

    /// <summary>The file whose operating-system lock serialises the writers; it holds nothing.</summary>
    public string LockPath { get; }

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

    internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>
    /// Saves a new sign-in, replacing any other; returns its generation. Throws IOException (a
    /// <see cref="SavedSignInBusyException"/> when another process held the lock for all of
    /// <paramref name="lockTimeout"/>) or UnauthorizedAccessException when it cannot be saved.
    /// </summary>
    public string Save(VerifikToken token, TimeSpan? lockTimeout = null)
    {
        var generation = Guid.NewGuid().ToString("N");
        using (Lock(lockTimeout))
        {
            Write(token, generation);
        }

        return generation;
    }

    /// <summary>
    /// Saves a renewed token only if the file still holds <paramref name="generation"/>; false when it is gone
    /// (signed out) or holds another sign-in, which is then left as it is. Throws as <see cref="Save"/> does.
    /// </summary>
    public bool SaveRenewal(VerifikToken token, string generation, TimeSpan? lockTimeout = null)
    {
        using (Lock(lockTimeout))
        {
            if (ReadGeneration() != generation)
            {
                return false;
            }

            Write(token, generation);
            return true;
        }
    }

    /// <summary>
    /// Reads the saved sign-in. A missing file is not a problem; a corrupt, unreadable or untrusted one is reported
    /// in <paramref name="problem"/> and otherwise ignored, so a broken file never stops a shell from working.
    /// </summary>
    public bool TryLoad(out VerifikToken? token, out string? generation, out string? problem)
    {
        var now = Read();
        token = now.Token;
        generation = now.Generation;
        problem = now.Problem;
        return token is not null;
    }

    /// <summary>
    /// What the saved sign-in holds now, as <see cref="TryLoad(out VerifikToken?, out string?, out string?)"/> reads
    /// it, with the file's stamp taken before the read: a change after it shows in the next stamp, so
    /// <see cref="SavedSignInFollower"/> never keeps a token older than the file. Never throws for the file's sake.
    /// </summary>
    public SavedSignInSnapshot Read()
    {
        var stamp = FileStamp.Of(Path);
        if (!stamp.Exists)
        {
            return SavedSignInSnapshot.Missing(stamp);
        }

        try
        {
            if (ReadDocument() is not { } document)
            {
                return SavedSignInSnapshot.Missing(stamp);
            }

            using (document)
            {
                var root = document.RootElement;
                var jwt = root.GetProperty("accessToken").GetString() ?? throw new FormatException("accessToken is null");
                var email = Json.ReadString(root, "email");
                var phone = Json.ReadString(root, "phone");
                var subject = email is not null ? SignInSubject.ForEmail(email)
                    : phone is not null ? SignInSubject.ForPhone(Json.ReadString(root, "countryCode") ?? string.Empty, phone, (string?)null)
                    : null;

                // A token goes only to the Verifik that issued it; one saved without saying which (by an earlier
                // version) would follow whatever $env:VERIFIK_BASE_URL a later shell has.
                if (Json.ReadString(root, "baseUri") is not { } issuedBy)
                {
                    return SavedSignInSnapshot.Unusable(stamp, $"The saved Verifik sign-in at {Path} does not say which Verifik issued the token, so it was ignored. Sign in again with -Scope CurrentUser to replace it, or run Disconnect-Verifik to remove it.");
                }

                var token = VerifikToken.FromJwt(jwt, subject, stamp.LastWriteUtc, new Uri(issuedBy));
                return SavedSignInSnapshot.Holding(stamp, token, Json.ReadString(root, "generation") ?? string.Empty);
            }
        }
        catch (UntrustedFileException ex)
        {
            return SavedSignInSnapshot.Unusable(stamp, $"The saved Verifik sign-in at {Path} was ignored because {ex.Message}. Remove it (Disconnect-Verifik, or delete the file) and sign in again with -Scope CurrentUser.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException
                                       or InvalidOperationException or FormatException or ArgumentException or VerifikException
                                       or ExternalException)
        {
            return SavedSignInSnapshot.Unusable(stamp, $"The saved Verifik sign-in at {Path} could not be read ({Unreadable(ex)}) and was ignored. Sign in again with -Scope CurrentUser to replace it, or run Disconnect-Verifik to remove it.");
        }
    }

    /// <summary>Why a saved sign-in could not be used, in words: an exception's type name tells a user nothing.</summary>
    private static string Unreadable(Exception ex) => ex switch
    {
        IOException or UnauthorizedAccessException => "the file system refused",
        ExternalException => "it cannot be decrypted by this user",
        VerifikException => "it holds no readable token",
        _ => "it is not the JSON this module writes",
    };

    /// <summary>Reads the saved sign-in, as <see cref="TryLoad(out VerifikToken?, out string?, out string?)"/> without the generation.</summary>
    public bool TryLoad(out VerifikToken? token, out string? problem) => TryLoad(out token, out _, out problem);

    /// <summary>
    /// Removes the saved sign-in; with <paramref name="generation"/>, only if it is still that one, so signing out
    /// of a session that did not save it leaves another's sign-in alone. Says whether a file was removed. Waits for
    /// a renewal in flight in another process, which then finds the file gone and does not write it back; throws
    /// as <see cref="Save"/> does.
    /// </summary>
    public bool Delete(string? generation = null, TimeSpan? lockTimeout = null)
    {
        // Nothing to remove, and no folder to create for the lock: a renewal never writes back a missing file.
        if (!File.Exists(Path))
        {
            return false;
        }

        using (Lock(lockTimeout))
        {
            if (!File.Exists(Path) || (generation is not null && ReadGeneration() != generation))
            {
                return false;
            }

            File.Delete(Path);
            return true;
        }
    }

    /// <summary>The lock for a synchronous write or removal, in the owner-only folder it creates if need be.</summary>
    private SavedSignInLock Lock(TimeSpan? timeout)
    {
        PrepareDirectory();
        var wait = timeout ?? SavedSignInLock.DefaultTimeout;
        return SavedSignInLock.TryAcquire(LockPath, wait) ?? throw new SavedSignInBusyException(LockPath, wait);
    }

    private void PrepareDirectory()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        if (!IsWindows)
        {
            UnixFile.Restrict(directory, OwnerOnlyDirectory);
        }
    }

    private void Write(VerifikToken token, string generation)
    {
        var json = Json.Object(writer =>
        {
            writer.WriteNumber("version", 1);
            writer.WriteString("accessToken", token.Reveal());
            writer.WriteString("email", token.Email);
            writer.WriteString("countryCode", token.CountryCode);
            writer.WriteString("phone", token.Phone);
            writer.WriteString("baseUri", token.IssuedBy?.AbsoluteUri);
            writer.WriteString("generation", generation);
            writer.WriteString("savedOn", DateTimeOffset.UtcNow);
        });
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            if (IsWindows)
            {
                var bytes = Dpapi.Protect(json);
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            else
            {
                UnixFile.CreateOwnerOnly(temporary, json);
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

    /// <summary>The generation in the file now: null when there is none or it cannot be used.</summary>
    private string? ReadGeneration()
    {
        try
        {
            using var document = ReadDocument();
            return document is null ? null : Json.ReadString(document.RootElement, "generation") ?? string.Empty;
        }
        catch (Exception ex) when (ex is UntrustedFileException or IOException or UnauthorizedAccessException or JsonException
                                       or InvalidOperationException or ExternalException)
        {
            return null;
        }
    }

    private JsonDocument? ReadDocument()
    {
        byte[]? bytes;
        if (IsWindows)
        {
            var file = new FileInfo(Path);
            if (!file.Exists)
            {
                return null;
            }

            bytes = file.Length <= MaxFileBytes ? Dpapi.Unprotect(File.ReadAllBytes(Path)) : throw new UntrustedFileException($"it is {file.Length} bytes long, more than a saved sign-in's {MaxFileBytes}");
        }
        else
        {
            bytes = UnixFile.ReadOwnerOnly(Path, MaxFileBytes);
        }

        return bytes is null ? null : JsonDocument.Parse(bytes);
    }
}
