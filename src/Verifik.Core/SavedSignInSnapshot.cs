using System;
using System.IO;

namespace Verifik;

/// <summary>
/// What the saved sign-in held at one moment (<see cref="SavedSignIn.Read"/>): nothing, a usable token with its
/// generation, or a file that is there but unusable, with the reason in <see cref="Problem"/>.
/// </summary>
public sealed class SavedSignInSnapshot
{
    private SavedSignInSnapshot(FileStamp stamp, VerifikToken? token, string? generation, string? problem)
    {
        Stamp = stamp;
        Token = token;
        Generation = generation;
        Problem = problem;
    }

    /// <summary>False when there is no saved sign-in (never saved, or removed by Disconnect-Verifik).</summary>
    public bool Exists => Stamp.Exists;

    /// <summary>The saved token; null when there is none or the file is unusable.</summary>
    public VerifikToken? Token { get; }

    /// <summary>The saved sign-in's generation, with <see cref="Token"/>.</summary>
    public string? Generation { get; }

    /// <summary>Why a file that is there was ignored, for one warning; it names the path, never the token.</summary>
    public string? Problem { get; }

    internal FileStamp Stamp { get; }

    /// <summary>Whether the file holds this very token (the same JWT), so a session need not adopt it again.</summary>
    public bool Holds(VerifikToken token) => Token is { } saved && saved.Reveal() == token.Reveal();

    internal static SavedSignInSnapshot Missing(FileStamp stamp) => new(stamp.Exists ? FileStamp.None : stamp, null, null, null);

    internal static SavedSignInSnapshot Holding(FileStamp stamp, VerifikToken token, string generation) => new(stamp, token, generation, null);

    internal static SavedSignInSnapshot Unusable(FileStamp stamp, string problem) => new(stamp, null, null, problem);
}

/// <summary>
/// The saved sign-in's file as a stat sees it. Every write renames a new file over the old one, so a write shows as
/// a new last-write time and, on Linux and macOS, a new inode (two writes within one tick of a coarse file-system
/// clock have the same time); a removal shows as a missing file.
/// </summary>
internal readonly struct FileStamp : IEquatable<FileStamp>
{
    public static readonly FileStamp None = new(false, 0, 0, 0);

    private FileStamp(bool exists, long lastWriteTicks, long length, long inode)
    {
        Exists = exists;
        LastWriteTicks = lastWriteTicks;
        Length = length;
        Inode = inode;
    }

    public bool Exists { get; }

    public long LastWriteTicks { get; }

    public long Length { get; }

    /// <summary>0 on Windows, where NTFS's 100 ns write times tell writes apart.</summary>
    public long Inode { get; }

    public DateTimeOffset LastWriteUtc => new(LastWriteTicks, TimeSpan.Zero);

    public static FileStamp Of(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(true, file.LastWriteTimeUtc.Ticks, file.Length, SavedSignIn.IsWindows ? 0 : UnixFile.InodeOf(path)) : None;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable metadata reads as "there", so the file's own read reports why it cannot be used.
            return new FileStamp(true, 0, -1, 0);
        }
    }

    public bool Equals(FileStamp other) =>
        Exists == other.Exists && LastWriteTicks == other.LastWriteTicks && Length == other.Length && Inode == other.Inode;
}
