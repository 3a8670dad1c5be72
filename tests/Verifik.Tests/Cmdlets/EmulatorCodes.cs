using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using Verifik.Tests.Emulator;

namespace Verifik.Tests.Cmdlets;

/// <summary>The codes a person would type at a prompt, read where they would read them: the emulator's outbox and authenticator.</summary>
internal static class EmulatorCodes
{
    /// <summary>Synchronous, as a host's prompt is answered on the pipeline thread.</summary>
    public static string LatestCode(this EmulatorFixture emulator, string to) =>
        emulator.Emulator.State.GetOutbox().Last(message => message.To == to).Code;

    public static string AuthenticatorCode(this EmulatorFixture emulator, string email)
    {
        using var client = new HttpClient { BaseAddress = emulator.Emulator.BaseUri };
        var json = client.GetStringAsync("_emulator/authenticator?email=" + Uri.EscapeDataString(email)).GetAwaiter().GetResult();
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>A code of the right shape that is not the one given.</summary>
    public static string WrongCode(string code) => code == "000000" ? "111111" : "000000";
}
