using System;
using System.Management.Automation;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Exchanges a one-time code for a bearer token, which it keeps in the session and outputs.</summary>
[Cmdlet(VerbsLifecycle.Confirm, "VerifikOtp", SupportsShouldProcess = true, DefaultParameterSetName = EmailSet)]
[OutputType(typeof(VerifikToken))]
public sealed class ConfirmVerifikOtpCommand : VerifikCmdlet
{
    private const string EmailSet = "Email";

    /// <summary>Binds by property name, so the output of Request-VerifikOtp can be piped in.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = EmailSet)]
    [Trim]
    [EmailAddress]
    public string Email { get; set; } = string.Empty;

    /// <summary>The code Verifik sent. Mandatory, so an interactive user who leaves it out is prompted.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [NormalizeOneTimeCode]
    [OneTimeCode]
    public string Otp { get; set; } = string.Empty;

    /// <summary>The 6-digit code of the authenticator app, for accounts with two-factor sign-in.</summary>
    [Parameter]
    [NormalizeOneTimeCode]
    [OneTimeCode]
    public string? AuthenticatorOtp { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Uri? BaseUri { get; set; }

    protected override void ProcessRecord()
    {
        var email = InputRules.NormalizeEmail(Email);
        if (!ShouldProcess(InputRules.MaskEmail(email), "Confirm the one-time code and keep the token in the session"))
        {
            return;
        }

        var session = CurrentSession;
        try
        {
            var baseUri = BaseUriResolver.Resolve(BaseUri, session);
            var token = Run((verbose, cancel) => VerifikApi.ConfirmEmailOtpAsync(
                session, baseUri, email, InputRules.NormalizeOtp(Otp), AuthenticatorOtp, verbose, cancel));
            WriteTyped(token, VerifikToken.TypeName);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, email);
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }
}
