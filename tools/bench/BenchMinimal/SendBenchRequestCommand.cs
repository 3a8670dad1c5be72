using System;
using System.Management.Automation;
using System.Net.Http;
using System.Text;

namespace BenchMinimal;

/// <summary>
/// The least a compiled cmdlet can do to call an API: POST with one HttpClient reused for every call, read the body
/// as a string and output it, with no parsing. Timing it against Request-VerifikOtp and Confirm-VerifikOtp leaves
/// the cost of running script out of the comparison.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "BenchRequest")]
[OutputType(typeof(string))]
public sealed class SendBenchRequestCommand : PSCmdlet
{
    private static readonly HttpClient Client = new();

    [Parameter(Mandatory = true, Position = 0)]
    public Uri Uri { get; set; } = null!;

    /// <summary>A JSON body; without it the POST has none.</summary>
    [Parameter]
    public string? Json { get; set; }

    protected override void EndProcessing()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Uri);
        message.Headers.Accept.ParseAdd("application/json");
        if (Json is not null)
        {
            message.Content = new StringContent(Json, Encoding.UTF8, "application/json");
        }

        using var response = Client.SendAsync(message).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            ThrowTerminatingError(new ErrorRecord(new HttpRequestException($"POST {Uri} answered {(int)response.StatusCode}: {text}"), "BenchRequestFailed", ErrorCategory.InvalidResult, Uri));
        }

        WriteObject(text);
    }
}
