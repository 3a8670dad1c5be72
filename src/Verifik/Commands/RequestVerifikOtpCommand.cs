using System;
using System.Management.Automation;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Asks Verifik to send a one-time sign-in code.</summary>
[Cmdlet(VerbsLifecycle.Request, "VerifikOtp", SupportsShouldProcess = true, DefaultParameterSetName = EmailSet)]
[OutputType(typeof(VerifikOtpRequest))]
public sealed class RequestVerifikOtpCommand : VerifikCmdlet
{
    private const string EmailSet = "Email";

    /// <summary>The address of the Verifik account; a string or any object with an Email property can be piped.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = EmailSet)]
    [Trim]
    [EmailAddress]
    public string Email { get; set; } = string.Empty;

    [Parameter]
    public Uri? BaseUri { get; set; }

    protected override void ProcessRecord()
    {
        var email = InputRules.NormalizeEmail(Email);
        if (!ShouldProcess(InputRules.MaskEmail(email), "Send a one-time sign-in code"))
        {
            return;
        }

        var session = CurrentSession;
        try
        {
            var baseUri = BaseUriResolver.Resolve(BaseUri, session);
            var request = Run((verbose, cancel) => VerifikApi.RequestEmailOtpAsync(session, baseUri, email, verbose, cancel));
            WriteTyped(request, VerifikOtpRequest.TypeName);
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
