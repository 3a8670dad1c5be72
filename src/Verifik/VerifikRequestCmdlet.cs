using System;
using System.Management.Automation;

namespace Verifik;

/// <summary>A Verifik cmdlet that sends requests, and so takes -BaseUri and -AllowUnencryptedAuthentication.</summary>
public abstract class VerifikRequestCmdlet : VerifikCmdlet
{
    /// <summary>
    /// The Verifik to talk to; when absent, the session's, then $env:VERIFIK_BASE_URL, then the public API. Never
    /// bound from the pipeline: a BaseUri column in piped data (Import-Csv, ConvertFrom-Json) must not choose where
    /// a token or a code goes. A piped Verifik.OtpRequest carries where it was made by itself.
    /// </summary>
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>Send codes and tokens over plain http to a host that is not loopback. Invoke-RestMethod's name for the same choice.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <param name="requestedAt">Where the code being confirmed was requested, which counts as if given with -BaseUri.</param>
    /// <param name="token">The token the call will carry: it goes back to the Verifik that issued it unless told otherwise.</param>
    protected Uri ResolveBaseUri(VerifikSession session, Uri? requestedAt = null, VerifikToken? token = null) =>
        BaseUriResolver.Resolve(BaseUri ?? requestedAt, session, AllowUnencryptedAuthentication || session.AllowUnencryptedAuthentication, token?.IssuedBy);
}
