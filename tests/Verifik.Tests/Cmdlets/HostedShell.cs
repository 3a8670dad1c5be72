using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using Verifik.Commands;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// A runspace with the module's cmdlets imported, optionally behind a host that answers prompts, and the streams of
/// the last script run: what a rule about a cmdlet's output, errors, warnings and verbose lines is checked against.
/// </summary>
internal sealed class HostedShell : IDisposable
{
    private readonly Runspace _runspace;
    private readonly PowerShell _shell;

    public HostedShell(PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ConnectVerifikCommand).Assembly.Location);
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        // Hosted shells run in parallel in one process, so each gets the default session a process of its own would.
        DefaultSession.Isolate(_runspace);
        _runspace.Open();
        _shell = PowerShell.Create();
        _shell.Runspace = _runspace;
    }

    public PSDataStreams Streams => _shell.Streams;

    public string[] Warnings => _shell.Streams.Warning.Select(record => record.Message).ToArray();

    public string[] VerboseLines => _shell.Streams.Verbose.Select(record => record.Message).ToArray();

    public HostedShell Set(string name, object? value)
    {
        _runspace.SessionStateProxy.SetVariable(name, value);
        return this;
    }

    /// <summary>Runs a script; a terminating error is recorded with the written ones rather than thrown.</summary>
    public Collection<PSObject> Run(string script)
    {
        _shell.Commands.Clear();
        _shell.Streams.ClearStreams();
        try
        {
            return _shell.AddScript(script).Invoke();
        }
        catch (RuntimeException ex) when (ex.ErrorRecord is not null)
        {
            _shell.Streams.Error.Add(ex.ErrorRecord);
            return new Collection<PSObject>();
        }
    }

    /// <summary>Starts a script without waiting for it, for a rule about stopping it (Ctrl+C) while it runs.</summary>
    public IAsyncResult Begin(string script)
    {
        _shell.Commands.Clear();
        _shell.Streams.ClearStreams();
        return _shell.AddScript(script).BeginInvoke();
    }

    /// <summary>What Ctrl+C does to the script running; returns the state it ended in.</summary>
    public PSInvocationState Stop()
    {
        _shell.Stop();
        return _shell.InvocationStateInfo.State;
    }

    /// <summary>Runs a script that must succeed: no error of any kind.</summary>
    public Collection<PSObject> RunClean(string script)
    {
        var output = Run(script);
        if (_shell.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException($"'{script}' failed: {_shell.Streams.Error[0].FullyQualifiedErrorId}: {_shell.Streams.Error[0]}");
        }

        return output;
    }

    /// <summary>Runs a script that must fail once, and returns that one error.</summary>
    public ErrorRecord RunFailing(string script)
    {
        Run(script);
        return _shell.Streams.Error.Count == 1
            ? _shell.Streams.Error[0]
            : throw new InvalidOperationException($"'{script}' wrote {_shell.Streams.Error.Count} errors, not one.");
    }

    /// <summary>What a script that handles errors relies on: the id, the category and the (masked) target.</summary>
    public static void AssertError(ErrorRecord error, string fullyQualifiedErrorId, ErrorCategory category, object target)
    {
        Xunit.Assert.Equal(fullyQualifiedErrorId, error.FullyQualifiedErrorId);
        Xunit.Assert.Equal(category, error.CategoryInfo.Category);
        Xunit.Assert.Equal(target, error.TargetObject);
    }

    public void Dispose()
    {
        _shell.Dispose();
        _runspace.Dispose();
    }
}
