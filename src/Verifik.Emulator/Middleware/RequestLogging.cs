using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Verifik.Emulator.Endpoints;

namespace Verifik.Emulator.Middleware;

/// <summary>
/// Records every API request, faulted ones included, so tests can count retries, check URL encoding and see which
/// token and body a host received.
/// </summary>
internal static class RequestLogging
{
    /// <summary>The module's bodies are a few hundred bytes; more is kept only up to here.</summary>
    private const int MaxRecordedBody = 64 * 1024;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorState state)
    {
        if (!IsControl(context.Request.Path))
        {
            // Buffered and rewound, so the endpoint still reads the body after it was recorded here.
            context.Request.EnableBuffering();
            var body = await ReadBodyAsync(context.Request);
            var authorization = context.Request.Headers.TryGetValue(HeaderNames.Authorization, out var header) ? header.ToString() : null;
            var userAgent = context.Request.Headers.TryGetValue(HeaderNames.UserAgent, out var agent) ? agent.ToString() : null;

            // QueryString keeps the query exactly as sent, still percent-encoded.
            var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            state.RecordRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", authorization, body, userAgent, headers);
        }

        await next(context);
    }

    public static bool IsControl(PathString path) =>
        path.StartsWithSegments(ControlEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new char[MaxRecordedBody];
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return new string(buffer, 0, read);
    }
}
