using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Calls any Verifik endpoint with the session's token and returns the answer's data as objects.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "VerifikRequest", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class InvokeVerifikRequestCommand : VerifikRequestCmdlet
{
    /// <summary>The HTTP method; GET unless given.</summary>
    [Parameter]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE")]
    public string Method { get; set; } = "GET";

    /// <summary>The endpoint's path under the base URI, such as /v2/clients/me.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ApiPath]
    public string Path { get; set; } = string.Empty;

    /// <summary>Query string parameters; keys and values are URL-encoded.</summary>
    [Parameter]
    public IDictionary? Query { get; set; }

    /// <summary>The request body, sent as JSON: a hashtable, an object, an array, or a string that already is JSON.</summary>
    [Parameter]
    public object? Body { get; set; }

    /// <summary>Return the whole answer instead of its data property.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }


    protected override void ProcessRecord()
    {
        var method = new HttpMethod(Method.ToUpperInvariant());
        var pathAndQuery = Path + QueryString();
        if (method != HttpMethod.Get && !ShouldProcess(Path, Method.ToUpperInvariant()))
        {
            return;
        }

        byte[]? body;
        try
        {
            body = BodyBytes();
        }
        catch (ArgumentException ex)
        {
            WriteVerifikError(new VerifikException(VerifikErrorKind.InvalidBody, ex.Message, innerException: ex), "-Body");
            return;
        }

        var session = CurrentSession;
        try
        {
            var token = SessionWithToken().RequireToken();
            var baseUri = ResolveBaseUri(session, token: token);
            using var answer = Run((verbose, cancel) => VerifikApi.InvokeAsync(session, baseUri, method, pathAndQuery, body, token, verbose, cancel));
            if (answer is null)
            {
                return;
            }

            var root = answer.RootElement;
            var result = !Raw && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
            WriteObject(JsonConversion.ToPowerShell(result), enumerateCollection: true);
        }
        catch (VerifikException ex)
        {
            WriteVerifikError(ex, PathWithoutQuery);
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    /// <summary>An error's target: the path, without a query string that may carry something private.</summary>
    private string PathWithoutQuery => Path.Split('?')[0];

    private string QueryString()
    {
        if (Query is null || Query.Count == 0)
        {
            return string.Empty;
        }

        var pairs = Query.Cast<DictionaryEntry>().Select(entry =>
            Uri.EscapeDataString(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty) + "="
            + Uri.EscapeDataString(Convert.ToString(PSObject.AsPSObject(entry.Value ?? string.Empty).BaseObject, CultureInfo.InvariantCulture) ?? string.Empty));
        return (Path.Contains("?") ? "&" : "?") + string.Join("&", pairs);
    }

    private byte[]? BodyBytes() => Body switch
    {
        null => null,
        PSObject { BaseObject: string json } => Encoding.UTF8.GetBytes(json),
        string json => Encoding.UTF8.GetBytes(json),
        _ => JsonConversion.ToJson(Body),
    };
}
