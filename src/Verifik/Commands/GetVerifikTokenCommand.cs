using System;
using System.Collections;
using System.Management.Automation;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Returns the session's token as an object, as plain text or as an Authorization header.</summary>
[Cmdlet(VerbsCommon.Get, "VerifikToken", DefaultParameterSetName = ObjectSet, HelpUri = HelpLinks.Docs + "Get-VerifikToken.md")]
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

    /// <summary>Fail with Verifik.TokenExpiring unless at least this much validity is left, so a runbook can renew first.</summary>
    [Parameter]
    [Duration]
    [MinimumValidity]
    public TimeSpan? MinimumValidity { get; set; }

    protected override void EndProcessing()
    {
        var session = CurrentSession;
        VerifikToken token;
        try
        {
            token = TokenForCall(SessionWithToken(), MinimumValidity);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, DescribeForError(session));
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
