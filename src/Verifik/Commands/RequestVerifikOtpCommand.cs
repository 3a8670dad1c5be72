using System;
using System.Management.Automation;
using Verifik.Completion;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Asks Verifik to send a one-time sign-in code by email, SMS or WhatsApp.</summary>
[Cmdlet(VerbsLifecycle.Request, "VerifikOtp", SupportsShouldProcess = true, DefaultParameterSetName = EmailSet, HelpUri = HelpLinks.Docs + "Request-VerifikOtp.md")]
[OutputType(typeof(VerifikOtpRequest))]
public sealed class RequestVerifikOtpCommand : VerifikRequestCmdlet
{
    private const string EmailSet = "Email";
    private const string PhoneSet = "Phone";

    /// <summary>The address of the Verifik account; a string or any object with an Email property can be piped.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = EmailSet)]
    [Trim]
    [EmailAddress]
    [ArgumentCompleter(typeof(EmailCompleter))]
    public string Email { get; set; } = string.Empty;

    /// <summary>The account's national phone number, such as 3001234567.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PhoneSet)]
    [PhoneNumber]
    public string Phone { get; set; } = string.Empty;

    /// <summary>The country calling code, such as +57 (the '+' is optional).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PhoneSet)]
    [CountryCode]
    public string CountryCode { get; set; } = string.Empty;

    /// <summary>How the code travels to the phone: Sms (the default) or WhatsApp.</summary>
    [Parameter(ParameterSetName = PhoneSet)]
    public PhoneGateway Gateway { get; set; } = PhoneGateway.Sms;

    /// <summary>The language Verifik writes the message in (en, es, pt, fr, de, ...); when absent none is sent and Verifik chooses.</summary>
    [Parameter]
    [Language]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string? Language { get; set; }


    protected override void ProcessRecord()
    {
        var subject = ParameterSetName == PhoneSet
            ? SignInSubject.ForPhone(CountryCode, Phone, Gateway)
            : SignInSubject.ForEmail(Email);
        subject = subject.InLanguage(Language);

        // The target is masked because ShouldProcess also writes it to the verbose stream, which may be logged.
        if (!ShouldProcess(subject.Masked, "Send a one-time sign-in code"))
        {
            return;
        }

        var session = CurrentSession;
        try
        {
            var baseUri = ResolveBaseUri(session);
            var request = Run((verbose, cancel) => VerifikApi.RequestOtpAsync(session, baseUri, subject, verbose, cancel));
            WriteTyped(request, VerifikOtpRequest.TypeName);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, subject.Masked);
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }
}
