using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using Verifik.Completion;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>
/// Signs in in one command: at the prompt it requests the code, asks for it through the host and confirms it;
/// in automation it adopts a token from -AccessToken or $env:VERIFIK_ACCESS_TOKEN.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Verifik", DefaultParameterSetName = EnvironmentSet, HelpUri = HelpLinks.Docs + "Connect-Verifik.md")]
[OutputType(typeof(VerifikToken))]
public sealed class ConnectVerifikCommand : VerifikRequestCmdlet
{
    private const string EnvironmentSet = "Environment";
    private const string EmailSet = "Email";
    private const string PhoneSet = "Phone";
    private const string AccessTokenSet = "AccessToken";

    /// <summary>From the pipeline too: "ana@example.com" | Connect-Verifik.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = EmailSet, ValueFromPipeline = true)]
    [Trim]
    [EmailAddress]
    [ArgumentCompleter(typeof(EmailCompleter))]
    public string Email { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
    [PhoneNumber]
    public string Phone { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
    [CountryCode]
    public string CountryCode { get; set; } = string.Empty;

    [Parameter(ParameterSetName = PhoneSet)]
    public PhoneGateway Gateway { get; set; } = PhoneGateway.Sms;

    /// <summary>The language Verifik writes the message with the code in (en, es, pt, fr, de, ...); when absent none is sent.</summary>
    [Parameter(ParameterSetName = EmailSet)]
    [Parameter(ParameterSetName = PhoneSet)]
    [Parameter(ParameterSetName = EnvironmentSet)]
    [Language]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string? Language { get; set; }

    /// <summary>
    /// A token obtained elsewhere: an automation variable, a vault, a pipeline secret. A plain string is accepted too.
    /// An empty value (an unset variable) is let through binding so that it fails as Verifik.InvalidToken, saying so.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [AllowNull]
    [AllowEmptyString]
    [SecureStringTransformation]
    public SecureString? AccessToken { get; set; }

    /// <summary>CurrentUser also saves the token so the user's next shells find it; Process (the default) writes nothing.</summary>
    [Parameter]
    public VerifikScope Scope { get; set; } = VerifikScope.Process;


    /// <summary>Output the Verifik.Token; without it nothing reaches the output stream.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Leave out the one line that says who is signed in and until when, as Connect-MgGraph -NoWelcome.</summary>
    [Parameter]
    public SwitchParameter NoWelcome { get; set; }

    protected override void EndProcessing()
    {
        MaskBoundSecret(nameof(AccessToken));
        var session = CurrentSession;
        try
        {
            var baseUri = ResolveBaseUri(session);
            var token = ParameterSetName switch
            {
                AccessTokenSet => Adopt(session, baseUri, AccessToken is { Length: > 0 } given ? Unprotect(given) : null, "-AccessToken"),
                EmailSet => SignIn(session, baseUri, SignInSubject.ForEmail(Email)),
                PhoneSet => SignIn(session, baseUri, SignInSubject.ForPhone(CountryCode, Phone, Gateway)),
                _ => FromEnvironmentOrPrompt(session, baseUri),
            };
            KeepSignIn(session, token, Scope);
            Welcome(session, token);
            if (PassThru)
            {
                WriteTyped(token, VerifikToken.TypeName);
            }
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, Target());
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    /// <summary>
    /// Next steps that fit Connect-Verifik: its prompt is gone once it fails, so the step is to run it again, not to
    /// type a code again or to confirm one with another cmdlet.
    /// </summary>
    protected override string? RecommendedActionFor(VerifikErrorKind kind) => kind switch
    {
        VerifikErrorKind.InvalidOtp or VerifikErrorKind.OtpExpired or VerifikErrorKind.OtpNotFound
            or VerifikErrorKind.InvalidAuthenticatorOtp => "Run Connect-Verifik again for a new code.",
        VerifikErrorKind.AuthenticatorOtpRequired => "Run Connect-Verifik again and type the authenticator app's code when it asks.",
        VerifikErrorKind.OtpRecentlySent => "Run Connect-Verifik again once the time given has passed.",
        VerifikErrorKind.InteractionRequired =>
            $"Run Connect-Verifik at a prompt; in scripts pass -AccessToken, set {VerifikSession.AccessTokenSource}, or use Request-VerifikOtp and Confirm-VerifikOtp -Otp <code>.",
        VerifikErrorKind.InvalidToken => "Pass a current token, or run Connect-Verifik -Email <address> to sign in with a code.",
        _ => null,
    };

    /// <summary>
    /// Success said once, through the information stream (tagged PSHOST, so it shows as Write-Host's does and
    /// 6>$null or -InformationAction Ignore drop it): who, until when, and whether later shells find it.
    /// </summary>
    private void Welcome(VerifikSession session, VerifikToken token)
    {
        if (NoWelcome)
        {
            return;
        }

        var kept = session.IsSaved ? "saved for your next shells; Disconnect-Verifik removes it" : "this shell only; -Scope CurrentUser keeps it";
        var line = $"Signed in to Verifik as {VerifikSession.Who(token)} until {token.ExpiresOn.ToLocalTime():yyyy-MM-dd HH:mm} ({kept}).";
        WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });
    }

    private string Target() => ParameterSetName switch
    {
        EmailSet => InputRules.MaskEmail(Email),
        PhoneSet => InputRules.MaskPhone(CountryCode, Phone),
        AccessTokenSet => "-AccessToken",
        _ => VerifikSession.AccessTokenSource,
    };

    private VerifikToken FromEnvironmentOrPrompt(VerifikSession session, Uri baseUri)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(VerifikSession.AccessTokenVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            // The same token adopted earlier in this process, in any runspace, keeps the issuer it was adopted for:
            // a changed $env:VERIFIK_BASE_URL does not move it to another host.
            var issuedBy = DefaultSession.IssuerOfEnvironmentToken(fromEnvironment!, () => baseUri);
            return Adopt(session, issuedBy, fromEnvironment!, VerifikSession.AccessTokenSource);
        }

        var field = new FieldDescription("Email") { IsMandatory = true };
        var email = CanPrompt ? Prompt("Sign in to Verifik", "The address of your Verifik account:", field) : null;
        if (email is { Length: 0 })
        {
            throw new VerifikException(VerifikErrorKind.InvalidEmail, "No address was typed, so nothing was sent.");
        }

        if (email is null)
        {
            throw new VerifikException(
                VerifikErrorKind.InteractionRequired,
                $"Connect-Verifik was given nothing to sign in with: {VerifikSession.AccessTokenSource} is empty and this session cannot prompt, so nothing was sent.");
        }

        try
        {
            return SignIn(session, baseUri, SignInSubject.ForEmail(email));
        }
        catch (ArgumentException ex)
        {
            throw new VerifikException(VerifikErrorKind.InvalidEmail, ex.Message);
        }
    }

    /// <summary>
    /// Takes a token from elsewhere. Its issuer is the base URI in effect now (-BaseUri, the session's,
    /// $env:VERIFIK_BASE_URL or the public API), kept with it and saved with it, so a later shell with another
    /// $env:VERIFIK_BASE_URL does not send it there.
    /// </summary>
    private VerifikToken Adopt(VerifikSession session, Uri issuedBy, string? jwt, string source)
    {
        if (jwt is null)
        {
            throw new VerifikException(VerifikErrorKind.InvalidToken, $"{source} was given an empty value (an unset variable?), so no token was adopted.");
        }

        var token = ReadToken(jwt, source, issuedBy);
        session.SetToken(token);
        return token;
    }

    private VerifikToken SignIn(VerifikSession session, Uri baseUri, SignInSubject subject)
    {
        // Asking before anything is sent: a code the user cannot type in would only clutter their mailbox.
        if (!CanPrompt)
        {
            throw new VerifikException(
                VerifikErrorKind.InteractionRequired,
                "Connect-Verifik -Email/-Phone asks for the code at a prompt, and this session cannot prompt, so nothing was sent.");
        }

        subject = subject.InLanguage(Language);
        var sentTo = subject.IsEmail ? subject.Display : $"{subject.Display} by {subject.Channel}";
        try
        {
            Run((verbose, cancel) => VerifikApi.RequestOtpAsync(session, baseUri, subject, verbose, cancel));
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.OtpRecentlySent && !session.CodeWasUsed(subject))
        {
            // Running the sign-in twice in a row: the code from the first run is still valid, so the prompt asks for
            // that one and says so; a warning besides would say it twice. A code already used fails as it stands.
            sentTo += " moments ago";
        }

        var again = $"Type the code Verifik sent to {sentTo} (the same code; no new one was sent).";
        for (var attempt = 1; ; attempt++)
        {
            var code = PromptForCode("Sign in to Verifik", attempt == 1 ? $"Verifik sent a one-time code to {sentTo}." : again, again, "Code")
                ?? throw new VerifikException(VerifikErrorKind.InteractionRequired, $"No code was entered for {subject.Masked}, so Connect-Verifik stopped.");
            try
            {
                return ConfirmWithSecondFactor(session, baseUri, subject, code, null);
            }
            catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.InvalidOtp && attempt < CodeAttempts)
            {
                WriteWarning("That code was not accepted. Check it and type it again.");
            }
        }
    }
}
