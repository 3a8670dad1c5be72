using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Verifik.Emulator.Middleware;

/// <summary>Applies a queued <see cref="Fault"/> before normal handling. The controls themselves are never faulted.</summary>
internal static class FaultInjection
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorState state)
    {
        if (RequestLogging.IsControl(context.Request.Path)
            || state.TakeFault(context.Request.Method, context.Request.Path.Value ?? "/") is not { } fault)
        {
            await next(context);
            return;
        }

        if (fault.DelayMs > 0)
        {
            try
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up; there is nobody left to answer.
                return;
            }
        }

        if (fault.AfterHandling)
        {
            await HandleAndDiscardAsync(context, next);
        }

        if (fault.Abort)
        {
            context.Abort();
            return;
        }

        if (fault.Status is not { } status)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = fault.ContentType ?? "application/json";
        if (fault.RetryAfter is not null)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = fault.RetryAfter;
        }

        if (fault.Location is not null)
        {
            context.Response.Headers[HeaderNames.Location] = fault.Location;
        }

        foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers.Append(name, value);
        }

        if (fault.ReasonPhrase is not null)
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = fault.ReasonPhrase;
        }

        var body = new StringBuilder(fault.Body.Length * fault.RepeatBody).Insert(0, fault.Body, fault.RepeatBody).ToString();
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task HandleAndDiscardAsync(HttpContext context, RequestDelegate next)
    {
        var answer = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = answer;
        }

        context.Response.Clear();
    }
}
