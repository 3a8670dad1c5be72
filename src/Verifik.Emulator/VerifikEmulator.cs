using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifik.Emulator.Endpoints;
using Verifik.Emulator.Middleware;

namespace Verifik.Emulator;

/// <summary>A running emulator: Kestrel on a loopback port, serving the Verifik API and the /_emulator controls.</summary>
public sealed class VerifikEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VerifikEmulator(WebApplication app, EmulatorState state, Uri baseUri)
    {
        _app = app;
        State = state;
        BaseUri = baseUri;
    }

    /// <summary>The bound address with the real port, ending in '/'.</summary>
    public Uri BaseUri { get; }

    public EmulatorState State { get; }

    public static async Task<VerifikEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var accounts = options.AccountsFile is null ? AccountCatalog.Defaults() : AccountCatalog.Load(options.AccountsFile);
        var state = new EmulatorState(accounts, options.Quiet ? null : Console.Out, options.Behaviour);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
            {
                state.CountConnection();
                return next(connection);
            }));
        });
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.Services.AddSingleton(state);
        // A fresh key per start: tokens never outlive the emulator that issued them.
        builder.Services.AddSingleton(new AccessTokens(new Jwt(RandomNumberGenerator.GetBytes(32)), state));

        var app = builder.Build();
        app.Use((context, next) => RequestLogging.InvokeAsync(context, next, state));
        app.Use((context, next) => FaultInjection.InvokeAsync(context, next, state));
        EmailLoginEndpoints.Map(app);
        PhoneLoginEndpoints.Map(app);
        AccountEndpoints.Map(app);
        ControlEndpoints.Map(app);
        app.MapFallback((HttpContext context) => Replies.Error(
            StatusCodes.Status404NotFound, "ResourceNotFound", $"{context.Request.Path} does not exist"));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new VerifikEmulator(app, state, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The emulator runs inside test hosts and other people's processes, so it leaves Ctrl+C and SIGTERM to whoever
    /// owns the process instead of the default console lifetime.
    /// </summary>
    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
