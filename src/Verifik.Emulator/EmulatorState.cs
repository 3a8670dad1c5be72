using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Verifik.Emulator;

/// <summary>
/// Everything the emulator remembers: accounts and their token phrases, pending codes, the outbox, the clock offset,
/// queued faults and the request log. One lock guards it all; the emulator never holds it across I/O.
/// </summary>
public sealed class EmulatorState
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly TextWriter? _outboxConsole;
    private readonly Dictionary<string, string> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<(ValidationKind, string), PendingCode> _pending = [];
    private readonly List<OutboxMessage> _outbox = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Fault Fault, int Remaining)> _faults = [];
    private readonly Dictionary<(ValidationKind, string, string), DateTimeOffset> _lastSent = [];
    private readonly Dictionary<(ValidationKind, string), PendingCode> _validated = [];
    private readonly EmulatorBehaviour _startupBehaviour;
    private EmulatorBehaviour _behaviour;
    private TimeSpan _clockOffset;
    private long _connections;
    private long _apiRequests;
    private long _renewals;

    internal EmulatorState(IReadOnlyList<Account> accounts, TextWriter? outboxConsole, EmulatorBehaviour? behaviour = null)
    {
        Accounts = accounts;
        _outboxConsole = outboxConsole;
        _startupBehaviour = behaviour ?? new EmulatorBehaviour();
        _behaviour = _startupBehaviour;
        Reset();
    }

    /// <summary>The switchable answers; a reset goes back to the ones the emulator started with.</summary>
    public EmulatorBehaviour Behaviour
    {
        get
        {
            lock (_gate)
            {
                return _behaviour;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _behaviour = value;
            }
        }
    }

    public IReadOnlyList<Account> Accounts { get; }

    /// <summary>Real UTC time shifted by every <see cref="AdvanceClock"/> since the last reset.</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (_gate)
            {
                return DateTimeOffset.UtcNow + _clockOffset;
            }
        }
    }

    /// <summary>TCP connections Kestrel accepted since start; a reset keeps it so connection reuse stays visible.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>API (non-/_emulator) requests since start.</summary>
    public long ApiRequests => Interlocked.Read(ref _apiRequests);

    /// <summary>
    /// Tokens renewed (refresh or renew-and-revoke answered 200) since the last reset, so a test can tell that N
    /// processes that needed a renewal at once sent exactly one.
    /// </summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    public void AdvanceClock(TimeSpan by)
    {
        lock (_gate)
        {
            _clockOffset += by;
        }
    }

    public IReadOnlyList<OutboxMessage> GetOutbox()
    {
        lock (_gate)
        {
            return [.. _outbox];
        }
    }

    public IReadOnlyList<RecordedRequest> GetRequests()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public void QueueFault(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Back to the seeded state; only the traffic counters (connections, requests) survive.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _phrases.Clear();
            foreach (var account in Accounts)
            {
                _phrases[account.ClientId] = Ids.Derive("phrase", account.ClientId);
            }

            _pending.Clear();
            _lastSent.Clear();
            _validated.Clear();
            _behaviour = _startupBehaviour;
            _outbox.Clear();
            _requests.Clear();
            _faults.Clear();
            _clockOffset = TimeSpan.Zero;
            Interlocked.Exchange(ref _renewals, 0);
        }
    }

    internal void CountConnection() => Interlocked.Increment(ref _connections);

    internal void CountRenewal() => Interlocked.Increment(ref _renewals);

    internal void RecordRequest(string method, string path, string query, string? authorization, string body, string? userAgent, IReadOnlyDictionary<string, string> headers)
    {
        Interlocked.Increment(ref _apiRequests);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(method, path, query, DateTimeOffset.UtcNow + _clockOffset, authorization, body, userAgent) { Headers = headers });
        }
    }

    internal Fault? TakeFault(string method, string path)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(entry =>
                string.Equals(entry.Fault.Path, path, StringComparison.OrdinalIgnoreCase)
                && (entry.Fault.Method is null || string.Equals(entry.Fault.Method, method, StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
            {
                return null;
            }

            var (fault, remaining) = _faults[index];
            if (remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, remaining - 1);
            }

            return fault;
        }
    }

    internal Account? FindByEmail(string email)
    {
        var wanted = email.Trim();
        return Accounts.FirstOrDefault(account => string.Equals(account.Email, wanted, StringComparison.OrdinalIgnoreCase));
    }

    internal Account? FindByPhone(string countryCode, string phone)
    {
        var wantedCountryCode = PhoneNumbers.NormalizeCountryCode(countryCode);
        var wantedPhone = PhoneNumbers.Digits(phone);
        return Accounts.FirstOrDefault(account => account.CountryCode == wantedCountryCode && account.Phone == wantedPhone);
    }

    internal Account? FindByClientId(string clientId) =>
        Accounts.FirstOrDefault(account => account.ClientId == clientId);

    internal string GetPhrase(Account account)
    {
        lock (_gate)
        {
            return _phrases[account.ClientId];
        }
    }

    internal void RenewPhrase(Account account)
    {
        lock (_gate)
        {
            _phrases[account.ClientId] = Ids.NewObjectId();
        }
    }

    /// <summary>
    /// Sends a code unless the cooldown for this address or number and channel is running (and not forced), or the
    /// channel's provider is failing. A sent code replaces any earlier pending one, as Verifik does; a failed one is
    /// kept too, so confirming it gets otp_send_failed.
    /// </summary>
    internal (SendOutcome Outcome, PendingCode? Pending) SendCode(
        ValidationKind kind, Account account, string channel, string recipient, string? language, bool force)
    {
        OutboxMessage message;
        PendingCode pending;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow + _clockOffset;
            var key = (kind, account.ClientId, channel);
            if (!force && _lastSent.TryGetValue(key, out var sentAt) && now - sentAt < TimeSpan.FromSeconds(_behaviour.CooldownSeconds))
            {
                return (SendOutcome.RecentlySent, null);
            }

            var failed = _behaviour.FailingGateways.Contains(channel);
            pending = new PendingCode(Ids.NewObjectId(), Ids.NewOtp(), now, now + CodeLifetime, SendFailed: failed);
            _pending[(kind, account.ClientId)] = pending;
            _validated.Remove((kind, account.ClientId));
            if (failed)
            {
                return (SendOutcome.ProviderFailed, pending);
            }

            _lastSent[key] = now;
            message = new OutboxMessage(channel, recipient, pending.Code, now, pending.ExpiresAt, language);
            _outbox.Add(message);
        }

        if (_outboxConsole is not null)
        {
            _outboxConsole.WriteLine(
                $"[outbox] {message.Channel} {message.To} code {message.Code} expires {Timestamps.Iso(message.ExpiresAt)}");
            _outboxConsole.Flush();
        }

        return (SendOutcome.Sent, pending);
    }

    /// <summary>The code this account last confirmed, while no new one was requested: Verifik keeps validated records.</summary>
    internal PendingCode? FindValidated(ValidationKind kind, Account account)
    {
        lock (_gate)
        {
            return _validated.GetValueOrDefault((kind, account.ClientId));
        }
    }

    internal PendingCode? FindPending(ValidationKind kind, Account account)
    {
        lock (_gate)
        {
            return _pending.GetValueOrDefault((kind, account.ClientId));
        }
    }

    /// <summary>False when a concurrent confirm already used this very code, keeping codes single-use.</summary>
    internal bool TryConsume(ValidationKind kind, Account account, PendingCode pending)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue((kind, account.ClientId), out var current)
                || !ReferenceEquals(current, pending)
                || !_pending.Remove((kind, account.ClientId)))
            {
                return false;
            }

            _validated[(kind, account.ClientId)] = pending;
            return true;
        }
    }
}
