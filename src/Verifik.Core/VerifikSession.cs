using System;
using System.Net.Http;
using System.Threading;

namespace Verifik;

/// <summary>
/// Where and as whom the module talks to Verifik: a base URI, the last address used and the current token.
/// Safe to share between threads: the token is an immutable object swapped atomically, and the HTTP client is
/// created once on first use and reused for every call made with this session.
/// </summary>
public sealed class VerifikSession
{
    public const string TypeName = "Verifik.Session";

    private VerifikToken? _token;
    private VerifikClient? _client;

    public VerifikSession(Uri? baseUri = null)
    {
        BaseUri = baseUri;
    }

    /// <summary>The session's own base URI; null means "use $env:VERIFIK_BASE_URL or the public API".</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The address last used to sign in with this session.</summary>
    public string? Email { get; internal set; }

    public VerifikToken? Token => Volatile.Read(ref _token);

    public bool IsConnected => Token is { IsExpired: false };

    internal VerifikClient Client
    {
        get
        {
            var client = Volatile.Read(ref _client);
            if (client is not null)
            {
                return client;
            }

            var created = new VerifikClient(new HttpClientHandler());
            return Interlocked.CompareExchange(ref _client, created, null) ?? created;
        }
    }

    internal void SetToken(VerifikToken? token) => Volatile.Write(ref _token, token);

    public override string ToString() =>
        Token is { } token
            ? $"Verifik session for {token.Email ?? token.ClientId}, token expires {token.ExpiresOn:u}"
            : "Verifik session (not signed in)";
}
