namespace Verifik.Emulator.Endpoints;

/// <summary>The Verifik project every client signs in through (values from the documented example response).</summary>
internal static class SignInProject
{
    public const string ProjectId = "6266193db77ccc8111730c90";
    public const string ProjectFlowId = "658ed28b0990f300134d7b78";
    public const string Name = "Verifik Client App";
    public const string RedirectUrl = "https://app.verifik.co";
    public const string Logo = "https://cdn.verifik.co/projects/VerifikClientApp_1726146056389-image.png";
}
