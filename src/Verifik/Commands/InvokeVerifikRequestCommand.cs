using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Verifik.Completion;
using Verifik.Validation;

namespace Verifik.Commands;

/// <summary>Calls any Verifik endpoint with the session's token and returns the answer's data as objects.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "VerifikRequest", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Invoke-VerifikRequest.md")]
[OutputType(typeof(PSObject), typeof(Hashtable), typeof(string))]
public sealed class InvokeVerifikRequestCommand : VerifikRequestCmdlet
{
    /// <summary>
    /// The HTTP method; GET unless given. First by position, as in Invoke-MgGraphRequest; a path given alone in its
    /// place is the path (Invoke-VerifikRequest /v2/clients/me).
    /// </summary>
    [Parameter(Position = 0)]
    [HttpMethod]
    [ArgumentCompleter(typeof(HttpMethodCompleter))]
    public string Method { get; set; } = "GET";

    /// <summary>
    /// The endpoint: its path under the base URI (/v2/clients/me; the leading '/' may be left out), or a full URL on
    /// the host the request goes to anyway. A URL on any other host is refused before anything is sent.
    /// </summary>
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri")]
    [ApiPath]
    public string? Path { get; set; }

    /// <summary>Query string parameters; keys and values are URL-encoded.</summary>
    [Parameter]
    public IDictionary? Query { get; set; }

    /// <summary>The request body, sent as JSON: a hashtable, an object, an array, or a string that already is JSON.</summary>
    [Parameter]
    public object? Body { get; set; }

    /// <summary>Return the whole answer instead of its data property.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>Extra request headers. Authorization, and those the HTTP client writes itself, are refused while binding.</summary>
    [Parameter]
    [RequestHeaders]
    public IDictionary? Headers { get; set; }

    /// <summary>PSCustomObjects (the default), hashtables, or the JSON text, as Invoke-MgGraphRequest -OutputType.</summary>
    [Parameter]
    public RequestOutputType OutputType { get; set; } = RequestOutputType.PSObject;

    /// <summary>A variable, in the caller's scope, for the answer's HTTP status; $null when no answer arrived.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatusCodeVariable { get; set; }

    /// <summary>A variable, in the caller's scope, for the answer's headers (name to string[]); $null when no answer arrived.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResponseHeadersVariable { get; set; }

    protected override void ProcessRecord()
    {
        var (methodName, endpoint) = MethodAndEndpoint();
        var method = new HttpMethod(methodName);
        // Every method, GET included: -WhatIf promises that nothing is sent. The target's query values are masked,
        // as ShouldProcess also writes it to the verbose stream, which may be logged.
        if (!ShouldProcess(InputRules.MaskQuery(endpoint + QueryString(endpoint)), methodName))
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
        var headers = Headers is null ? null : RequestHeaders.From(RequestHeadersAttribute.Pairs(Headers));
        // Set on every call that is made, so a loop never reads the status of an earlier call as this one's.
        (int Status, IReadOnlyDictionary<string, string[]> Headers)? answered = null;
        try
        {
            using var answer = RetryAfterUnauthorized(session, TokenForCall(SessionWithToken()), token =>
            {
                var baseUri = ResolveBaseUri(session, token: token);
                var pathAndQuery = PathUnder(baseUri, endpoint) + QueryString(endpoint);
                return Run((verbose, cancel) => VerifikApi.InvokeAsync(
                    session, baseUri, method, pathAndQuery, body, token, verbose, cancel, headers, AnswerWanted ? (status, received) => answered = (status, received) : null));
            });
            SetAnswerVariables(answered);
            if (answer is not null)
            {
                WriteAnswer(answer.RootElement);
            }
        }
        catch (VerifikException ex)
        {
            SetAnswerVariables(answered);
            WriteVerifikError(ex, endpoint.Split('?', '#')[0]);
        }
        catch (OperationCanceledException) when (IsStopping)
        {
        }
    }

    /// <summary>The data property (the whole answer with -Raw) in the form -OutputType asks for; a JSON array is enumerated unless it is text.</summary>
    private void WriteAnswer(JsonElement root)
    {
        var result = !Raw && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
        if (OutputType == RequestOutputType.Json)
        {
            WriteObject(result.GetRawText());
            return;
        }

        WriteObject(JsonConversion.ToPowerShell(result, asHashtable: OutputType == RequestOutputType.HashTable), enumerateCollection: true);
    }

    /// <summary>Only then is the answer's status and headers handed back, its headers cleaned at a cost every call would pay.</summary>
    private bool AnswerWanted => StatusCodeVariable is not null || ResponseHeadersVariable is not null;

    /// <summary>As Invoke-RestMethod sets them: in the caller's scope, which a compiled cmdlet's SessionState is.</summary>
    private void SetAnswerVariables((int Status, IReadOnlyDictionary<string, string[]> Headers)? answered)
    {
        if (StatusCodeVariable is not null)
        {
            SessionState.PSVariable.Set(StatusCodeVariable, answered?.Status);
        }

        if (ResponseHeadersVariable is not null)
        {
            SessionState.PSVariable.Set(
                ResponseHeadersVariable,
                answered?.Headers.ToDictionary(header => header.Key, header => header.Value, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Which argument is what: `GET /v2/x` binds both, `/v2/x` alone lands in -Method's position and is the path.
    /// </summary>
    private (string Method, string Endpoint) MethodAndEndpoint()
    {
        if (!string.IsNullOrEmpty(Path))
        {
            if (!HttpMethodAttribute.IsMethod(Method))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"'{InputRules.MaskRefusedUrl(Method)}' is not one of {string.Join(", ", HttpMethodAttribute.Methods)}. Give the method first: Invoke-VerifikRequest POST {InputRules.MaskQuery(Path!)}."),
                    "InvalidMethod",
                    ErrorCategory.InvalidArgument,
                    "-Method"));
            }

            return (Method.ToUpperInvariant(), Path!);
        }

        if (HttpMethodAttribute.IsMethod(Method))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"Invoke-VerifikRequest needs the endpoint's path: Invoke-VerifikRequest {Method.ToUpperInvariant()} /v2/clients/me."),
                "MissingMandatoryParameter",
                ErrorCategory.InvalidArgument,
                "-Path"));
        }

        return ("GET", Method);
    }

    /// <summary>
    /// The path under the base URI: a leading '/' added when left out, a full URL reduced to its path when it is on
    /// the base URI's host, and refused (before sending) when it is not, so the token goes nowhere else.
    /// </summary>
    private static string PathUnder(Uri baseUri, string endpoint)
    {
        if (!ApiPathAttribute.IsAbsoluteUrl(endpoint))
        {
            return endpoint.StartsWith("/", StringComparison.Ordinal) ? endpoint : "/" + endpoint;
        }

        var url = new Uri(endpoint);
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var given = url.GetLeftPart(UriPartial.Path);
        if (!given.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase))
        {
            throw new VerifikException(
                VerifikErrorKind.ForeignHost,
                $"{url.GetLeftPart(UriPartial.Authority)}{url.AbsolutePath} is not under {root}, where this session's token goes. Nothing was sent.");
        }

        return given.Substring(root.Length) + url.Query;
    }

    private string QueryString(string endpoint)
    {
        if (Query is null || Query.Count == 0)
        {
            return string.Empty;
        }

        var pairs = Query.Cast<DictionaryEntry>().Select(entry =>
            Uri.EscapeDataString(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty) + "="
            + Uri.EscapeDataString(Convert.ToString(PSObject.AsPSObject(entry.Value ?? string.Empty).BaseObject, CultureInfo.InvariantCulture) ?? string.Empty));
        return (endpoint.Contains("?") ? "&" : "?") + string.Join("&", pairs);
    }

    private byte[]? BodyBytes() => Body switch
    {
        null => null,
        PSObject { BaseObject: string json } => Encoding.UTF8.GetBytes(json),
        string json => Encoding.UTF8.GetBytes(json),
        _ => JsonConversion.ToJson(Body),
    };
}
