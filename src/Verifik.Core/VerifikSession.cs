using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace Verifik;

/// <summary>
/// Where, how and as whom the module talks to Verifik: a base URI, transport settings, the last address used and
/// the current token. Safe to share between threads: the token is an immutable object swapped atomically, and the
/// HTTP client is created on first use and reused for every call until a transport setting changes.
/// </summary>
public sealed class VerifikSession
{
    public const string TypeName = "Verifik.Session";

    private VerifikToken? _token;
    private readonly object _settingsGate = new();
    private VerifikClient? _client;
    private SessionSettings _settings = new();
    private VerifikToken? _refused;
    private readonly ConcurrentDictionary<string, byte> _usedEmails = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (DateTimeOffset SentAt, bool Used)> _codesSent = new(StringComparer.OrdinalIgnoreCase);

    public VerifikSession(Uri? baseUri = null)
    {
        BaseUri = baseUri;
    }

    /// <summary>The session's own base URI; null means "use $env:VERIFIK_BASE_URL or the public API".</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>
    /// Which Verifik the session's calls go to: Production, Staging, or Custom for any other address. Read from the
    /// same address as <see cref="EffectiveBaseUri"/> (the token's issuer included), so the label never names a
    /// Verifik other than the one the token goes to.
    /// </summary>
    public string Environment
    {
        get
        {
            try
            {
                return VerifikEnvironments.At(WhereCallsGo(allowUnencrypted: true))?.ToString() ?? VerifikEnvironments.Custom;
            }
            catch (VerifikException)
            {
                // An unusable variable is reported by the next call; a property only says it is not a named one.
                return VerifikEnvironments.Custom;
            }
        }
    }

    /// <summary>
    /// How the session talks to Verifik. Replacing the record is how any setting changes: the next request builds a
    /// client with it. Under the same lock as the client's creation, so no client built from a mix of old and new
    /// settings can stay; requests in flight finish on the old client, which is not disposed under them.
    /// </summary>
    public SessionSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set
        {
            lock (_settingsGate)
            {
                _settings = value ?? throw new ArgumentNullException(nameof(value));
                _client = null;
            }
        }
    }

    // Shortcuts for the settings scripts change most, as documented: (Get-VerifikSession).TimeoutSec = 10.
    public int TimeoutSec { get => Settings.TimeoutSec; set => Change(s => s with { TimeoutSec = value }); }

    public int MaximumRetryCount { get => Settings.MaximumRetryCount; set => Change(s => s with { MaximumRetryCount = value }); }

    public int RetryIntervalSec { get => Settings.RetryIntervalSec; set => Change(s => s with { RetryIntervalSec = value }); }

    public Uri? Proxy { get => Settings.Proxy; set => Change(s => s with { Proxy = value }); }

    public bool NoProxy { get => Settings.NoProxy; set => Change(s => s with { NoProxy = value }); }

    /// <summary>Null is automatic: see <see cref="SessionSettings.RenewWithin"/> and <see cref="EffectiveRenewWithin"/>.</summary>
    public TimeSpan? RenewWithin { get => Settings.RenewWithin; set => Change(s => s with { RenewWithin = value }); }

    /// <summary>How close to its expiry the token is renewed before a call now: RenewWithin, or what automatic means for this token.</summary>
    public TimeSpan EffectiveRenewWithin => Settings.RenewWithin ?? (IsSaved ? SessionSettings.DefaultSavedRenewWithin : TimeSpan.Zero);

    /// <summary>Allow http:// base URIs that are not loopback. Codes and tokens then cross the network in clear.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    /// <summary>The address the token was signed in with; null for phone sign-ins, adopted tokens and no token.</summary>
    public string? Email => Token?.Email;

    /// <summary>The national number the token was signed in with, for phone sign-ins.</summary>
    public string? Phone => Token?.Phone;

    public string? CountryCode => Token?.CountryCode;

    public string? ClientId => Token?.ClientId;

    /// <summary>Who the token belongs to, as the user would name them: the address, the phone number, else the client id.</summary>
    public string? SignedInAs => Token?.SignedInAs;

    public DateTimeOffset? TokenExpiresOn => Token?.ExpiresOn;

    /// <summary>
    /// Where a call with this session's token goes now: the session's BaseUri, else the token's issuer, else
    /// $env:VERIFIK_BASE_URL, else the public API. Null when that address would be refused (the error says why).
    /// </summary>
    public Uri? EffectiveBaseUri
    {
        get
        {
            try
            {
                return WhereCallsGo(AllowUnencryptedAuthentication);
            }
            catch (VerifikException)
            {
                return null;
            }
        }
    }

    private Uri WhereCallsGo(bool allowUnencrypted) => BaseUriResolver.Resolve(null, this, allowUnencrypted, Token?.IssuedBy);

    /// <summary>Remembers an address used with this session, for tab completion; who is signed in comes from the token.</summary>
    internal void RememberEmail(string? email)
    {
        if (email is not null)
        {
            _usedEmails[email] = 0;
        }
    }

    /// <summary>Every address used with this session, for tab completion.</summary>
    internal IEnumerable<string> UsedEmails => _usedEmails.Keys;

    public VerifikToken? Token => Volatile.Read(ref _token);

    /// <summary>Whether the session holds a token that is unexpired and that Verifik has not refused (401).</summary>
    public bool IsConnected => Token is { IsExpired: false } token && !ReferenceEquals(token, Volatile.Read(ref _refused));

    /// <summary>Whether the token is also kept as the saved sign-in, which renewals and sign-outs then update.</summary>
    public bool IsSaved => SavedGeneration is not null;

    /// <summary>
    /// Which saved sign-in this session loaded or wrote (SavedSignIn's generation); null when it keeps none. A renewal
    /// rewrites the file, and a sign-out removes it, only while the file still holds this generation.
    /// </summary>
    internal string? SavedGeneration { get; set; }

    /// <summary>Watches the saved sign-in this session keeps, so another shell's renewal or sign-out is followed; null when it keeps none.</summary>
    internal SavedSignInFollower? Follower { get; set; }

    /// <summary>When the token is renewed before a call, and the gate its runspaces renew through.</summary>
    internal RenewalSchedule Renewal { get; } = new();

    /// <summary>Set once the saved sign-in has been looked for, so a missing or broken one costs one look per session.</summary>
    internal bool SavedSignInChecked { get; set; }

    /// <summary>The client for the current settings, built on first use and kept until a setting changes.</summary>
    internal VerifikClient Client
    {
        get
        {
            lock (_settingsGate)
            {
                return _client ??= new VerifikClient(CreateHandler(_settings), _settings);
            }
        }
    }

    /// <summary>Notes when a code went to this address or number, so a cooldown answer can say how long it stays valid.</summary>
    internal void RememberCodeSent(SignInSubject subject, DateTimeOffset sentAt) => _codesSent[subject.Display] = (sentAt, false);

    /// <summary>Notes that the last code sent to this address or number was confirmed, so no message calls it still valid.</summary>
    internal void RememberCodeUsed(SignInSubject subject)
    {
        if (_codesSent.TryGetValue(subject.Display, out var sent))
        {
            _codesSent[subject.Display] = (sent.SentAt, true);
        }
    }

    internal DateTimeOffset? LastCodeSentAt(SignInSubject subject) =>
        _codesSent.TryGetValue(subject.Display, out var sent) ? sent.SentAt : null;

    internal bool CodeWasUsed(SignInSubject subject) => _codesSent.TryGetValue(subject.Display, out var sent) && sent.Used;

    /// <summary>Set by Disconnect-Verifik: the session then adopts no token by itself until the next sign-in.</summary>
    internal bool SignedOut { get; private set; }

    /// <summary>The token the expiry warning was last given for, so it is given once per token.</summary>
    internal VerifikToken? WarnedAboutExpiry { get; set; }

    /// <summary>Verifik answered 401 to this token: the session no longer claims to be connected with it.</summary>
    internal void MarkRefused(VerifikToken token) => Volatile.Write(ref _refused, token);

    internal void SetToken(VerifikToken? token)
    {
        Volatile.Write(ref _token, token);
        SignedOut = token is null;
    }

    /// <summary>
    /// Swaps in a renewed token unless another thread already replaced the one that was renewed; says whether it did,
    /// so the saved sign-in is only rewritten with the token the session really keeps.
    /// </summary>
    internal bool ReplaceToken(VerifikToken replacing, VerifikToken renewed) =>
        ReferenceEquals(Interlocked.CompareExchange(ref _token, renewed, replacing), replacing);

    /// <summary>The token, if it is there and unexpired; otherwise the error a user can act on.</summary>
    public VerifikToken RequireToken(TimeSpan? minimumValidity = null)
    {
        var token = Token ?? throw new VerifikException(VerifikErrorKind.NotConnected, NoTokenMessage());
        if (token.IsExpired)
        {
            throw new VerifikException(
                VerifikErrorKind.TokenExpired,
                $"The Verifik token for {Who(token)} expired on {token.ExpiresOn:u}.");
        }

        if (minimumValidity is { } wanted && token.TimeRemaining < wanted)
        {
            throw new VerifikException(
                VerifikErrorKind.TokenExpiring,
                $"The Verifik token for {Who(token)} has {Format(token.TimeRemaining)} left, less than the {Format(wanted)} asked for.");
        }

        return token;
    }

    /// <summary>The environment variable a token can be handed over in, as GH_TOKEN is for gh.</summary>
    public const string AccessTokenVariable = "VERIFIK_ACCESS_TOKEN";

    /// <summary>How messages name that variable: the way a user types it in PowerShell.</summary>
    public const string AccessTokenSource = "$env:" + AccessTokenVariable;

    /// <summary>
    /// Why there is no token, which decides what the user should know: after Disconnect-Verifik a set
    /// $env:VERIFIK_ACCESS_TOKEN is ignored until the next Connect-Verifik, so "set it" would not help.
    /// </summary>
    private string NoTokenMessage() =>
        !SignedOut ? "This Verifik session has no token: nobody has signed in to it."
        : string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(AccessTokenVariable))
            ? "This Verifik session was signed out (Disconnect-Verifik) and has no token."
            : $"This Verifik session was signed out (Disconnect-Verifik): {AccessTokenSource} is set, but is not used until Connect-Verifik runs.";

    internal static string Who(VerifikToken token) => token.SignedInAs ?? "this client";

    /// <summary>Who, as error targets and verbose lines name them: a***@example.com or +57 ******4567.</summary>
    internal static string MaskedWho(VerifikToken token) => token.MaskedSignedInAs ?? "this client";

    internal static string Format(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{(int)span.TotalMinutes}m {span.Seconds}s";

    public override string ToString() =>
        Token is { } token
            ? $"Verifik session for {Who(token)}, token expires {token.ExpiresOn:u}"
            : "Verifik session (not signed in)";

    /// <summary>One setting changed from the settings of the moment, under the lock, so concurrent changes all stay.</summary>
    private void Change(Func<SessionSettings, SessionSettings> change)
    {
        lock (_settingsGate)
        {
            Settings = change(_settings);
        }
    }

    /// <summary>Redirects are followed by VerifikClient (same origin only), and no proxy ever carries a loopback request.</summary>
    private static HttpClientHandler CreateHandler(SessionSettings settings)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        if (settings.NoProxy)
        {
            handler.UseProxy = false;
        }
        else
        {
            handler.Proxy = new LoopbackBypassProxy(settings.Proxy is { } proxy ? new WebProxy(proxy) { Credentials = settings.ProxyCredential } : WebRequest.DefaultWebProxy);
            handler.UseProxy = true;
        }

        return handler;
    }
}
