using System;
using System.Management.Automation;
using Verifik.Completion;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Exchanges a one-time code for a bearer token, which it keeps in the session and outputs.</summary>
[Cmdlet(VerbsLifecycle.Confirm, "VerifikOtp", SupportsShouldProcess = true, DefaultParameterSetName = EmailSet)]
[OutputType(typeof(VerifikToken))]
public sealed class ConfirmVerifikOtpCommand : VerifikRequestCmdlet
{
    private const string EmailSet = "Email";
    private const string PhoneSet = "Phone";
    private const string RequestSet = "Request";

    /// <summary>
    /// The output of Request-VerifikOtp. Taking it whole (rather than its Email property alone) confirms a phone
    /// request by phone, against the base URI and in the session the code was requested with.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RequestSet)]
    public VerifikOtpRequest? InputObject { get; set; }

    /// <summary>Binds by property name, so objects with an Email property can be piped in.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = EmailSet)]
    [Trim]
    [EmailAddress]
    [ArgumentCompleter(typeof(EmailCompleter))]
    public string Email { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PhoneSet)]
    [PhoneNumber]
    public string Phone { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PhoneSet)]
    [CountryCode]
    public string CountryCode { get; set; } = string.Empty;

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

    /// <summary>CurrentUser also saves the token so the user's next shells find it; Process (the default) writes nothing.</summary>
    [Parameter]
    public VerifikScope Scope { get; set; } = VerifikScope.Process;


    protected override void ProcessRecord()
    {
        MaskBoundSecret(nameof(Otp));
        MaskBoundSecret(nameof(AuthenticatorOtp));
        var session = InputObject?.Session is { } requested && Session is null ? requested : CurrentSession;
        SignInSubject? subject = null;
        try
        {
            subject = Subject();
            if (!ShouldProcess(subject.Masked, "Confirm the one-time code and keep the token in the session"))
            {
                return;
            }

            var baseUri = ResolveBaseUri(session, InputObject?.BaseUri);
            var token = ConfirmWithSecondFactor(session, baseUri, subject, InputRules.NormalizeOtp(Otp), AuthenticatorOtp);
            KeepSignIn(session, token, Scope);
            WriteTyped(token, VerifikToken.TypeName);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, subject?.Masked ?? "the piped request");
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    private SignInSubject Subject() => ParameterSetName switch
    {
        PhoneSet => SignInSubject.ForPhone(CountryCode, Phone, (string?)null),
        RequestSet => InputObject?.Subject ?? throw new VerifikException(
            VerifikErrorKind.MissingParameter,
            "This request object does not say who the code was sent to. Pipe the output of Request-VerifikOtp, or use -Email or -Phone with -CountryCode."),
        _ => SignInSubject.ForEmail(Email),
    };
}
