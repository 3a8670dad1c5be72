using Xunit;

namespace Verifik.Tests.Core;

/// <summary>Server text is cut to 300 characters, marked with an ellipsis, and never cut inside a character.</summary>
public sealed class ServerTextRules
{
    [Fact]
    public void Text_of_exactly_the_limit_is_kept_whole()
    {
        var text = new string('a', ServerText.MaxLength);

        Assert.Equal(text, ServerText.Clean(text));
    }

    [Fact]
    public void Longer_text_keeps_the_first_300_characters_and_ends_with_an_ellipsis()
    {
        Assert.Equal(new string('a', ServerText.MaxLength) + "…", ServerText.Clean(new string('a', ServerText.MaxLength + 1)));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_at_the_cut_is_dropped_whole_not_split()
    {
        var text = new string('a', ServerText.MaxLength - 1) + "\U0001F600" + "b";

        Assert.Equal(new string('a', ServerText.MaxLength - 1) + "…", ServerText.Clean(text));
    }
}
