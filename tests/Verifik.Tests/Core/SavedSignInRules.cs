using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit;
using static Verifik.Tests.Core.TemporarySavedSignIn;

namespace Verifik.Tests.Core;

/// <summary>
/// The saved sign-in's generations (each sign-in writes a new one; a renewal rewrites the file only while it still
/// holds the generation the session loaded or saved, so a renewal never brings back a sign-in that was removed or
/// replaced). What the file holds, where it lives and when it is trusted: SavedSignInFileRules.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SavedSignInRules : IDisposable
{
    private readonly TemporarySavedSignIn _temporary = new();

    private string FilePath => _temporary.FilePath;

    public void Dispose() => _temporary.Dispose();

    [UnixFileFact]
    public void A_renewal_rewrites_the_file_while_it_holds_the_generation_and_leaves_another_sign_in_alone()
    {
        var saved = new SavedSignIn(FilePath);
        var generation = saved.Save(NewToken(days: 1));
        var renewed = NewToken(days: 2);

        Assert.True(saved.SaveRenewal(renewed, generation));
        Assert.False(saved.SaveRenewal(NewToken(days: 3), Guid.NewGuid().ToString("N")));

        Assert.True(saved.TryLoad(out var token, out var loadedGeneration, out _));
        Assert.Equal(renewed.Reveal(), token!.Reveal());
        Assert.Equal(generation, loadedGeneration);
    }

    [UnixFileFact]
    public void Each_sign_in_is_a_new_generation_so_a_renewal_of_the_one_it_replaced_is_refused()
    {
        var saved = new SavedSignIn(FilePath);
        var first = saved.Save(NewToken(days: 1));
        var second = saved.Save(NewToken(days: 1));

        Assert.NotEqual(first, second);
        Assert.False(saved.SaveRenewal(NewToken(days: 2), first));
        Assert.True(saved.TryLoad(out _, out var generation, out _));
        Assert.Equal(second, generation);
    }

    [UnixFileFact]
    public void A_renewal_after_a_sign_out_does_not_bring_the_file_back()
    {
        var saved = new SavedSignIn(FilePath);
        var generation = saved.Save(NewToken(days: 1));
        Assert.True(saved.Delete());

        Assert.False(saved.SaveRenewal(NewToken(days: 2), generation));

        Assert.False(File.Exists(FilePath));
    }

    [UnixFileFact]
    public void Signing_out_with_a_generation_removes_only_that_sign_in()
    {
        var saved = new SavedSignIn(FilePath);
        var generation = saved.Save(NewToken(days: 1));

        Assert.False(saved.Delete(Guid.NewGuid().ToString("N")));
        Assert.True(File.Exists(FilePath));
        Assert.True(saved.Delete(generation));
        Assert.False(File.Exists(FilePath));
    }

    [UnixFileFact]
    public void A_renewal_over_a_corrupt_or_untrusted_file_leaves_it_as_it_is()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        var saved = new SavedSignIn(FilePath);
        var generation = saved.Save(NewToken(days: 1));
        File.WriteAllText(FilePath, "{\"generation\": \"" + generation);

        Assert.False(saved.SaveRenewal(NewToken(days: 2), generation));
        Assert.Equal("{\"generation\": \"" + generation, File.ReadAllText(FilePath));

        File.Delete(FilePath);
        generation = saved.Save(NewToken(days: 1));
        var before = File.ReadAllText(FilePath);
        UnixFile.Restrict(FilePath, 0x1A4); // 0644: others may read it
        Assert.False(saved.SaveRenewal(NewToken(days: 2), generation));
        Assert.Equal(before, File.ReadAllText(FilePath));
    }

    [UnixFileFact]
    public void A_file_saved_before_generations_loads_with_an_empty_generation_that_a_renewal_may_rewrite()
    {
        var saved = new SavedSignIn(FilePath);
        saved.Save(NewToken(days: 1));
        WithoutGeneration();

        Assert.True(saved.TryLoad(out _, out var generation, out var problem));
        Assert.Null(problem);
        Assert.Equal(string.Empty, generation);
        Assert.True(saved.SaveRenewal(NewToken(days: 2), string.Empty));
    }

    /// <summary>Rewrites the file as a version without generations wrote it, keeping its 0600 mode.</summary>
    private void WithoutGeneration()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        var properties = document.RootElement.EnumerateObject().Where(property => property.Name != "generation");
        File.WriteAllText(FilePath, "{" + string.Join(",", properties.Select(property => "\"" + property.Name + "\":" + property.Value.GetRawText())) + "}");
    }
}
