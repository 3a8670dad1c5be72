using System.Collections;
using System.Management.Automation;

namespace Verifik.Commands;

/// <summary>Returns the session's token as an object, as plain text or as an Authorization header.</summary>
[Cmdlet(VerbsCommon.Get, "VerifikToken", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(VerifikToken), ParameterSetName = new[] { ObjectSet })]
[OutputType(typeof(string), ParameterSetName = new[] { PlainTextSet })]
[OutputType(typeof(Hashtable), ParameterSetName = new[] { HeaderSet })]
public sealed class GetVerifikTokenCommand : VerifikCmdlet
{
    private const string ObjectSet = "Object";
    private const string PlainTextSet = "PlainText";
    private const string HeaderSet = "Header";

    /// <summary>The JWT as a plain string, for tools that cannot take a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PlainTextSet)]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>@{ Authorization = 'Bearer &lt;jwt&gt;' }, ready for Invoke-RestMethod -Headers.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HeaderSet)]
    public SwitchParameter AsHeader { get; set; }

    protected override void EndProcessing()
    {
        var session = CurrentSession;
        var token = session.Token;
        if (token is null)
        {
            ThrowVerifikError(
                new VerifikException(
                    VerifikErrorKind.NotConnected,
                    "This Verifik session has no token. Sign in first: Request-VerifikOtp -Email <address> | Confirm-VerifikOtp -Otp <code>."),
                session);
            return;
        }

        if (token.IsExpired)
        {
            ThrowVerifikError(
                new VerifikException(
                    VerifikErrorKind.TokenExpired,
                    $"The Verifik token for {token.Email ?? token.ClientId} expired on {token.ExpiresOn:u}. Sign in again with Request-VerifikOtp and Confirm-VerifikOtp."),
                session);
            return;
        }

        if (AsHeader)
        {
            WriteObject(new Hashtable { ["Authorization"] = token.AuthorizationHeaderValue });
        }
        else if (AsPlainText)
        {
            WriteObject(token.Reveal());
        }
        else
        {
            WriteTyped(token, VerifikToken.TypeName);
        }
    }
}
