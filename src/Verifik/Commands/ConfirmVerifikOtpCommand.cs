using System;
using System.Management.Automation;
using Verifik.Completion;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Exchanges a one-time code for a bearer token, which it keeps in the session and outputs.</summary>
[Cmdlet(VerbsLifecycle.Confirm, "VerifikOtp", SupportsShouldProcess = true, DefaultParameterSetName = EmailSet, HelpUri = HelpLinks.Docs + "Confirm-VerifikOtp.md")]
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

    /// <summary>
    /// The code Verifik sent. When left out, it is asked for through the host, masked, once the request it answers
    /// has gone out (so `Request-VerifikOtp a@b.com | Confirm-VerifikOtp` asks after the code is sent).
    /// </summary>
    [Parameter(Position = 0)]
    [NormalizeOneTimeCode]
    [OneTimeCode]
    public string? Otp { get; set; }

    /// <summary>The 6-digit code of the authenticator app, for accounts with two-factor sign-in.</summary>
    [Parameter]
    [NormalizeOneTimeCode]
    [OneTimeCode]
    public string? AuthenticatorOtp { get; set; }

    /// <summary>CurrentUser also saves the token so the user's next shells find it; Process (the default) writes nothing.</summary>
    [Parameter]
    public VerifikScope Scope { get; set; } = VerifikScope.Process;


    /// <summary>
    /// Runs before any command of the pipeline processes input, so a missing code that nobody could type stops
    /// the pipeline before an upstream Request-VerifikOtp sends one. Terminating for the same reason a missing
    /// mandatory parameter is in -NonInteractive mode: the command cannot run at all as written.
    /// </summary>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Otp is null && !CanPrompt)
        {
            ThrowTerminatingError(ToErrorRecord(
                new VerifikException(
                    VerifikErrorKind.InteractionRequired,
                    "Confirm-VerifikOtp was given no -Otp and this session cannot prompt for it, so nothing was sent."),
                "-Otp",
                RecommendedActionFor(VerifikErrorKind.InteractionRequired)));
        }
    }

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
            var otp = Otp is null ? AskForCode(subject) : InputRules.NormalizeOtp(Otp);
            var token = ConfirmWithSecondFactor(session, baseUri, subject, otp, AuthenticatorOtp);
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

    protected override string? RecommendedActionFor(VerifikErrorKind kind) =>
        kind == VerifikErrorKind.InteractionRequired ? "Pass the code with -Otp <code>." : null;

    private string AskForCode(SignInSubject subject)
    {
        var message = $"Type the one-time code Verifik sent to {subject.Display}.";
        return PromptForCode("Confirm the Verifik sign-in", message, message, "Code")
            ?? throw new VerifikException(VerifikErrorKind.InteractionRequired, $"No code was entered for {subject.Masked}, so Confirm-VerifikOtp stopped.");
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
