using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Verifik.Emulator.Endpoints;

namespace Verifik.Emulator.Middleware;

/// <summary>Records every API request, faulted ones included, so tests can count retries and check URL encoding.</summary>
internal static class RequestLogging
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorState state)
    {
        if (!IsControl(context.Request.Path))
        {
            // QueryString keeps the query exactly as sent, still percent-encoded.
            state.RecordRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "");
        }

        return next(context);
    }

    public static bool IsControl(PathString path) =>
        path.StartsWithSegments(ControlEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);
}
