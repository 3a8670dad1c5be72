using System;
using System.Management.Automation;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>
/// Creates a session to pass with -Session, apart from the process's default one. The same settings can be
/// changed on any session, the default one included: (Get-VerifikSession).TimeoutSec = 10.
/// </summary>
[Cmdlet(VerbsCommon.New, "VerifikSession", DefaultParameterSetName = BaseUriSet, HelpUri = HelpLinks.Docs + "New-VerifikSession.md")]
[OutputType(typeof(VerifikSession))]
public sealed class NewVerifikSessionCommand : PSCmdlet
{
    private const string BaseUriSet = "BaseUri";
    private const string EnvironmentSet = "Environment";

    /// <summary>The Verifik to talk to with this session; when absent, $env:VERIFIK_BASE_URL, $env:VERIFIK_ENVIRONMENT or the public API.</summary>
    [Parameter(Position = 0, ParameterSetName = BaseUriSet)]
    public Uri? BaseUri { get; set; }

    /// <summary>A named Verifik: Production (https://api.verifik.co) or Staging (https://staging-api.verifik.co).</summary>
    [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
    public VerifikEnvironment Environment { get; set; }

    /// <summary>Seconds one attempt may take before Verifik.Timeout.</summary>
    [Parameter]
    [ValidateRange(SessionSettings.MinTimeoutSec, SessionSettings.MaxTimeoutSec)]
    public int TimeoutSec { get; set; } = SessionSettings.DefaultTimeoutSec;

    /// <summary>How many times to retry after 429, 502, 503, 504 (GET only) or a failure to connect.</summary>
    [Parameter]
    [ValidateRange(SessionSettings.MinMaximumRetryCount, SessionSettings.MaxMaximumRetryCount)]
    public int MaximumRetryCount { get; set; } = SessionSettings.DefaultMaximumRetryCount;

    /// <summary>The first wait between retries in seconds, doubled each time (with jitter); a Retry-After header wins.</summary>
    [Parameter]
    [ValidateRange(SessionSettings.MinRetryIntervalSec, SessionSettings.MaxRetryIntervalSec)]
    public int RetryIntervalSec { get; set; } = SessionSettings.DefaultRetryIntervalSec;

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Bypass every proxy, including the system's.</summary>
    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>Allow a plain http base URI that is not loopback.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>
    /// Renew the token before a call when this much or less is left; 0 never renews. Left out, it is automatic:
    /// SessionSettings.DefaultSavedRenewWithin for a token from the saved sign-in, never for any other.
    /// </summary>
    [Parameter]
    [Duration]
    public TimeSpan? RenewWithin { get; set; }

    protected override void EndProcessing()
    {
        SessionSettings settings;
        try
        {
            settings = new SessionSettings
            {
                TimeoutSec = TimeoutSec,
                MaximumRetryCount = MaximumRetryCount,
                RetryIntervalSec = RetryIntervalSec,
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                NoProxy = NoProxy,
                RenewWithin = RenewWithin,
            };
        }
        catch (ArgumentException ex)
        {
            // As ValidateRange would (it cannot take a TimeSpan): the bounds are the record's, stated once there. The
            // record refuses two values: a RenewWithin out of bounds, and a proxy address with a password in it.
            var isProxy = ex is not ArgumentOutOfRangeException;
            var record = new ErrorRecord(ex, "ParameterArgumentValidationError", ErrorCategory.InvalidArgument, isProxy ? "-Proxy" : "-RenewWithin");
            if (isProxy)
            {
                record.ErrorDetails = new ErrorDetails(SessionSettings.ProxyWithUserInfo) { RecommendedAction = SessionSettings.ProxyWithUserInfoAction };
            }

            ThrowTerminatingError(record);
            return;
        }

        var session = new VerifikSession(ParameterSetName == EnvironmentSet ? VerifikEnvironments.UriOf(Environment) : BaseUri)
        {
            Settings = settings,
            AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
        };
        if (BaseUri is not null)
        {
            try
            {
                BaseUriResolver.Resolve(BaseUri, session, AllowUnencryptedAuthentication);
            }
            catch (VerifikException ex)
            {
                // Terminating, like the parameter validation it is: no session can be made from this -BaseUri, and a
                // script that went on would send its calls somewhere it did not choose.
                var target = BaseUri.IsAbsoluteUri ? BaseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "-BaseUri";
                ThrowTerminatingError(VerifikCmdlet.ToErrorRecord(ex, target));
            }
        }

        WriteObject(TypedOutput.Wrap(this, session, VerifikSession.TypeName));
    }
}
