using System;
using System.IO;

namespace Verifik.Tests.Core;

/// <summary>A saved sign-in in a folder of its own that is removed afterwards, and tokens to save in it.</summary>
internal sealed class TemporarySavedSignIn : IDisposable
{
    public static readonly Uri Issuer = new("https://api.verifik.co/");

    public TemporarySavedSignIn()
    {
        Folder = Path.Combine(Path.GetTempPath(), "verifik-tests-" + Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "verifik", "token.json");
        SavedSignIn = new SavedSignIn(FilePath);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public SavedSignIn SavedSignIn { get; }

    /// <summary>A token with that much time left; the seconds make each one distinct.</summary>
    public static VerifikToken NewToken(double days, int seconds = 0) =>
        VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(days).AddSeconds(seconds)), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow, Issuer);

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
