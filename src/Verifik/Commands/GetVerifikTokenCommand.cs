using System;
using System.Collections;
using System.Management.Automation;

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

    /// <summary>Below this much time left, a warning tells the user to renew.</summary>
    internal static readonly TimeSpan RenewalWarning = TimeSpan.FromDays(3);

    /// <summary>The JWT as a plain string, for tools that cannot take a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PlainTextSet)]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>@{ Authorization = 'Bearer &lt;jwt&gt;' }, ready for Invoke-RestMethod -Headers.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HeaderSet)]
    public SwitchParameter AsHeader { get; set; }

    /// <summary>Fail with Verifik.TokenExpiring unless at least this much validity is left, so a runbook can renew first.</summary>
    [Parameter]
    public TimeSpan? MinimumValidity { get; set; }

    protected override void EndProcessing()
    {
        var session = CurrentSession;
        VerifikToken token;
        try
        {
            token = SessionWithToken().RequireToken(MinimumValidity);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, DescribeForError(session));
            return;
        }

        // Once per token and session: a loop or a prompt function that reads the token must not repeat it.
        if (token.TimeRemaining < RenewalWarning && !ReferenceEquals(session.WarnedAboutExpiry, token))
        {
            session.WarnedAboutExpiry = token;
            WriteWarning($"The Verifik token for {VerifikSession.Who(token)} expires in {VerifikSession.Format(token.TimeRemaining)}. Renew it with Update-VerifikToken.");
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
