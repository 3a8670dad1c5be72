using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;

namespace Verifik.Emulator;

internal static class Program
{
    private const string Usage =
        "usage: Verifik.Emulator [--urls http://127.0.0.1:5080] [--accounts accounts.json] [--quiet] [--behaviour name=value]...";

    private static async Task<int> Main(string[] args)
    {
        if (ParseArguments(args) is not { } options)
        {
            await Console.Error.WriteLineAsync(Usage);
            foreach (var (name, values) in EmulatorBehaviour.Choices)
            {
                await Console.Error.WriteLineAsync($"  --behaviour {name}=<{values}>");
            }

            return 2;
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopped.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        VerifikEmulator emulator;
        try
        {
            emulator = await VerifikEmulator.StartAsync(options);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Verifik emulator could not start: {exception.Message}");
            return 1;
        }

        await using (emulator)
        {
            // Scripts wait for this exact line to learn the port, so it goes out first and at once.
            Console.Out.WriteLine($"Verifik emulator listening on {emulator.BaseUri.GetLeftPart(UriPartial.Authority)}");
            Console.Out.Flush();
            await stopped.Task;
        }

        return 0;
    }

    private static EmulatorOptions? ParseArguments(string[] args)
    {
        var urls = "http://127.0.0.1:5080";
        string? accountsFile = null;
        var quiet = false;
        var behaviour = new EmulatorBehaviour();
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--urls" when index + 1 < args.Length:
                    urls = args[++index];
                    break;
                case "--accounts" when index + 1 < args.Length:
                    accountsFile = args[++index];
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                case "--behaviour" when index + 1 < args.Length && args[index + 1].Split('=', 2) is [var name, var value]:
                    try
                    {
                        behaviour = behaviour.With(name, value);
                    }
                    catch (ArgumentException exception)
                    {
                        Console.Error.WriteLine(exception.Message);
                        return null;
                    }

                    index++;
                    break;
                default:
                    return null;
            }
        }

        return new EmulatorOptions { Urls = urls, AccountsFile = accountsFile, Quiet = quiet, Behaviour = behaviour };
    }
}
