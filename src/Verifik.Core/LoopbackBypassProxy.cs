using System;
using System.Net;

namespace Verifik;

/// <summary>
/// A proxy (the one given, or the system's: HTTP_PROXY, HTTPS_PROXY, the Windows settings) that is never used for
/// loopback. Through a proxy "127.0.0.1" is the proxy's own machine, not this one, and an http:// emulator or local
/// gateway would hand the token to the proxy in clear.
/// </summary>
internal sealed class LoopbackBypassProxy : IWebProxy
{
    private readonly IWebProxy? _inner;

    public LoopbackBypassProxy(IWebProxy? inner)
    {
        _inner = inner;
    }

    public ICredentials? Credentials
    {
        get => _inner?.Credentials;
        set
        {
            if (_inner is not null)
            {
                _inner.Credentials = value;
            }
        }
    }

    public Uri? GetProxy(Uri destination) => _inner?.GetProxy(destination) ?? destination;

    public bool IsBypassed(Uri host) => _inner is null || BaseUriResolver.IsLoopback(host) || _inner.IsBypassed(host);
}
