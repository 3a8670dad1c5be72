namespace Verifik.Emulator;

public sealed class EmulatorOptions
{
    /// <summary>Kestrel URL to bind; port 0 picks any free port.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>JSON array of accounts replacing the built-in ones.</summary>
    public string? AccountsFile { get; init; }

    /// <summary>Keeps the "sent" codes off the console.</summary>
    public bool Quiet { get; init; }

    /// <summary>The answers to give where Verifik's sources disagree; /_emulator/reset comes back to these.</summary>
    public EmulatorBehaviour Behaviour { get; init; } = new();
}
