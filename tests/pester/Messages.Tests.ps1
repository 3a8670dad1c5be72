# What every error says: each failure path of each cmdlet this test can reach (ErrorCases.ps1, and below the ones
# that stop the command, need a prompt or are warnings) is written as one line, "cmdlet | case | ErrorId | message |
# recommended action", and compared with tests/approved/messages.approved.txt, where the wording is reviewed in diffs
# (how to approve a change is in that file's header). The same lines are checked for the kind of defect no reviewer
# should have to catch: a message and its next step that repeat or contradict each other, advice naming a cmdlet that
# does not fit the one that failed, ".." or doubled spaces, and .NET's own phrases.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ErrorCases.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:modulePath = Get-VerifikModulePath
    Import-Module $modulePath -Force
    $script:emulator = Start-TestEmulator -AsDefault
    $script:savedAccessToken = $env:VERIFIK_ACCESS_TOKEN
    . (Join-Path $PSScriptRoot 'ErrorCases.ps1')
    if (-not ('Verifik.PesterHosts.AnsweringHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'Hosts/AnsweringHost.cs')
    }

    # Runs a script in a runspace of its own: with an AnsweringHost someone answers its prompts; without one it has
    # the default host, which cannot prompt (as -NonInteractive, cron or a redirected stdin). Returns what it outputs.
    function Invoke-InRunspace([scriptblock]$Script, [string[]]$Answers) {
        $runspace = if ($PSBoundParameters.ContainsKey('Answers')) {
            [runspacefactory]::CreateRunspace([Verifik.PesterHosts.AnsweringHost]::new($Answers))
        }
        else { [runspacefactory]::CreateRunspace() }
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        try {
            $null = $shell.AddScript("Import-Module '$modulePath'").AddStatement().AddScript($Script)
            $shell.Invoke()
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }
    }

    # Failures the shared table cannot hold: they stop the command, need someone at a prompt, or are warnings.
    $others = @(
        @{ Command = 'Connect-Verifik'; Name = 'three wrong codes at the prompt'
            Run = { Invoke-InRunspace { Connect-Verifik -Email ana@example.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable e; $e } -Answers '000000', '000000', '000000' } }
        @{ Command = 'Connect-Verifik'; Name = 'two-factor account, no authenticator code typed'
            Run = {
                $env:TEST_OUTBOX = "$($emulator.BaseUri.ToString().TrimEnd('/'))/_emulator/outbox?to=two%40example.com"
                try { Invoke-InRunspace { Connect-Verifik -Email two@example.com -ErrorAction SilentlyContinue -ErrorVariable e; $e } -Answers ([Verifik.PesterHosts.AnsweringHost]::LatestCode), '', '', '' }
                finally { $env:TEST_OUTBOX = $null }
            } }
        @{ Command = 'Connect-Verifik'; Name = 'three empty Enters at the prompt'
            Run = { Invoke-InRunspace { Connect-Verifik -Email ana@example.com -ErrorAction SilentlyContinue -ErrorVariable e; $e } -Answers '', '', '' } }
        @{ Command = 'Connect-Verifik'; Name = '-Email where no one can answer a prompt'
            Run = { Invoke-InRunspace { Connect-Verifik -Email ana@example.com -ErrorAction SilentlyContinue -ErrorVariable e; $e } } }
        @{ Command = 'Confirm-VerifikOtp'; Name = 'no -Otp where no one can answer a prompt'
            Run = { Invoke-InRunspace { try { Confirm-VerifikOtp -Email ana@example.com } catch { $_ } } } }
        @{ Command = 'Update-VerifikToken'; Name = '-RevokeOthers where no one can answer a prompt'
            Run = {
                $session = Connect-WithLifetime 3600
                Invoke-InRunspace ([scriptblock]::Create("Connect-Verifik -AccessToken '$(Get-VerifikToken -Session $session -AsPlainText)' -NoWelcome; Update-VerifikToken -RevokeOthers -ErrorAction SilentlyContinue -ErrorVariable e; `$e"))
            } }
        @{ Command = 'Update-VerifikToken'; Name = '-RevokeOthers -Force -Confirm where no one can answer a prompt'
            Run = {
                $session = Connect-WithLifetime 3600
                Invoke-InRunspace ([scriptblock]::Create("Connect-Verifik -AccessToken '$(Get-VerifikToken -Session $session -AsPlainText)' -NoWelcome; Update-VerifikToken -RevokeOthers -Force -Confirm -ErrorAction SilentlyContinue -ErrorVariable e; `$e"))
            } }
        @{ Command = 'New-VerifikSession'; Name = '-BaseUri without a scheme'
            Run = { try { New-VerifikSession -BaseUri api.verifik.co } catch { $_ } } }
        @{ Command = 'New-VerifikSession'; Name = '-BaseUri over plain http'
            Run = { try { New-VerifikSession -BaseUri http://api.verifik.co } catch { $_ } } }
        @{ Command = 'New-VerifikSession'; Name = '-BaseUri with a user name and password'
            Run = { try { New-VerifikSession -BaseUri 'https://ana:hunter2@api.verifik.co' } catch { $_ } } }
        @{ Command = 'New-VerifikSession'; Name = '-Proxy with a user name and password'
            Run = { try { New-VerifikSession -Proxy 'http://ana:hunter2@proxy.example:8080' } catch { $_ } } }
        @{ Command = 'Connect-Verifik'; Name = 'a wrong code at the prompt (warning)'
            Run = { Invoke-InRunspace { Connect-Verifik -Email ana@example.com -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue; $w } -Answers '000000', '000000', '000000' } }
        @{ Command = 'Invoke-VerifikRequest'; Name = 'a token with less than three days left (warning)'
            Run = { Invoke-VerifikRequest /v2/clients/me -Session (Connect-WithLifetime 86400) -WarningVariable w -WarningAction SilentlyContinue; $w } }
        @{ Command = 'Invoke-VerifikRequest'; Name = 'an automatic renewal that failed (warning)'
            Run = {
                $session = Connect-WithLifetime 86400
                $session.RenewWithin = '2.00:00:00'
                $session.MaximumRetryCount = 0
                Add-EmulatorFault @{ path = '/v2/auth/session'; status = 503; times = 1; body = '{"code":"Unavailable","message":"down"}' }
                Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable w -WarningAction SilentlyContinue; $w
            } }
        @{ Command = 'Invoke-VerifikRequest'; Name = 'an automatic renewal shorter than RenewWithin (warning)'
            Run = {
                $session = Connect-WithLifetime 86400
                $session.RenewWithin = '2.00:00:00'
                Add-EmulatorFault @{ path = '/v2/auth/session'; status = 200; times = 1
                    body = (@{ accessToken = (New-EmulatorToken 129600); tokenType = 'bearer' } | ConvertTo-Json -Compress) }
                Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable w -WarningAction SilentlyContinue
                $w | Where-Object Message -Match RenewWithin
            } }
        @{ Command = 'Invoke-VerifikRequest'; Name = 'a URL with a user name and password'
            Run = { try { Invoke-VerifikRequest 'https://ana:hunter2@api.verifik.co/v2/clients/me' -Session (Connect-WithLifetime 2592000) } catch { $_ } } }
        @{ Command = 'Invoke-VerifikRequest'; Name = 'a method-override header'
            Run = { try { Invoke-VerifikRequest /v2/clients/me -Method POST -Headers @{ 'X-HTTP-Method-Override' = 'DELETE' } -Session (Connect-WithLifetime 2592000) -ErrorAction Stop } catch { $_ } } }
        @{ Command = 'Update-VerifikToken'; Name = 'a renewal answered with a token of another account'
            Run = {
                $session = Connect-WithLifetime 2592000
                Add-EmulatorFault @{ path = '/v2/auth/session'; status = 200; times = 1
                    body = (@{ accessToken = (New-TestToken -Emulator $emulator -Email bob+ops@example.com -LifetimeSeconds 2592000); tokenType = 'bearer' } | ConvertTo-Json -Compress) }
                Update-VerifikToken -Session $session -ErrorAction SilentlyContinue -ErrorVariable e; $e
            } }
        @{ Command = 'New-VerifikSession'; Name = '-RenewWithin of 400 days'
            Run = { try { New-VerifikSession -RenewWithin 400.00:00:00 } catch { $_ } } }
        @{ Command = 'New-VerifikSession'; Name = 'its TimeoutSec set to 0'
            Run = { try { (New-VerifikSession).TimeoutSec = 0 } catch { $_ } } }
        @{ Command = 'Get-VerifikToken'; Name = 'a damaged saved sign-in (warning)'
            Run = {
                $path = [Verifik.SavedSignIn]::ForCurrentUser().Path
                $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
                Set-Content -LiteralPath $path -Value '{ not json' -NoNewline
                if (-not $IsWindows) { chmod 600 $path }
                # A process of its own: this one's default session looked for the saved sign-in long ago.
                $script = "Import-Module '$modulePath'; `$null = Get-VerifikToken -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -WarningVariable w; `$w[0].Message"
                try { [System.Management.Automation.WarningRecord]::new((Invoke-FreshPwsh -Command $script -Environment @{ VERIFIK_ACCESS_TOKEN = $null }).StdOut.Trim()) }
                finally { Remove-Item -LiteralPath $path -Force }
            } }
    )

    # The parts of a text that change from run to run, so the approved file holds only what a person wrote.
    function Format-Stable([string]$Text) {
        $Text = $Text.Replace($emulator.BaseUri.ToString().TrimEnd('/'), '<emulator>').Replace(([Uri]$emulator.BaseUri).Authority, '<emulator>')
        $Text = $Text.Replace([Verifik.SavedSignIn]::ForCurrentUser().Path, '<saved sign-in>')
        $Text = $Text -replace '\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ', '<time>' -replace '\d\d:\d\d:\d\d UTC', '<clock>'
        $Text -replace 'valid for \d+ minute', 'valid for <n> minute' -replace '\b\d+(d \d+h|h \d+m|m \d+s)\b', '<duration>'
    }

    function Format-Line([string]$Command, [string]$Name, $Record) {
        if ($Record -is [System.Management.Automation.WarningRecord]) {
            return "$Command | $Name | warning | $(Format-Stable $Record.Message) | -"
        }
        $message = if ($Record.ErrorDetails) { $Record.ErrorDetails.Message } else { $Record.Exception.Message }
        $next = if ($Record.ErrorDetails.RecommendedAction) { $Record.ErrorDetails.RecommendedAction } else { '(none)' }
        "$Command | $Name | $(($Record.FullyQualifiedErrorId -split ',')[0]) | $(Format-Stable $message) | $(Format-Stable $next)"
    }

    $lines = foreach ($case in $failures) {
        Reset-TestEmulator -Emulator $emulator
        try {
            $parameters = & $case.Arrange
            # A binding error stops the statement whatever -ErrorAction says; its text is checked all the same.
            try { $null = & $case.Command @parameters -ErrorAction SilentlyContinue -ErrorVariable failure }
            catch { $failure = @($_) }
            Format-Line $case.Command $case.Name $failure[0]
        }
        finally { $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken }
    }
    $lines += foreach ($case in $others) {
        Reset-TestEmulator -Emulator $emulator
        $record = @(& $case.Run) | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.WarningRecord] } | Select-Object -First 1
        if ($record) { Format-Line $case.Command $case.Name $record } else { "$($case.Command) | $($case.Name) | (did not fail) | - | -" }
    }
    $script:received = @($lines | Sort-Object -Culture ([cultureinfo]::InvariantCulture))
    $script:parsed = foreach ($line in $received) {
        $command, $name, $id, $message, $next = $line -split ' \| ', 5
        [pscustomobject]@{ Line = $line; Command = $command; Id = $id; Message = $message; Next = $next }
    }

    $script:cmdlets = @(Get-Command -Module Verifik -CommandType Cmdlet).Name
    function Get-NamedCmdlet([string]$Text) { $cmdlets | Where-Object { $Text -match "\b$([regex]::Escape($_))\b" } }

    # Five words in a row in both: the next step repeats the message (or the message gives the next step itself).
    function Get-SharedRun([string]$Message, [string]$Next) {
        $words = { param($t) @([regex]::Matches($t.ToLowerInvariant(), '[\w$-]+').Value) }
        $inMessage, $inNext = (& $words $Message), (& $words $Next)
        $runs = for ($i = 0; $i -le $inMessage.Count - 5; $i++) { $inMessage[$i..($i + 4)] -join ' ' }
        $text = ' ' + ($inNext -join ' ') + ' '
        $runs | Where-Object { $text.Contains(" $_ ") } | Select-Object -First 1
    }

    # The cmdlets each cmdlet's texts may send the user to: itself, and the steps that can follow it.
    $script:fits = @{
        'Connect-Verifik'       = 'Connect-Verifik', 'Request-VerifikOtp', 'Confirm-VerifikOtp', 'Disconnect-Verifik'
        'Request-VerifikOtp'    = 'Request-VerifikOtp', 'Confirm-VerifikOtp'
        'Confirm-VerifikOtp'    = 'Confirm-VerifikOtp', 'Request-VerifikOtp'
        'Get-VerifikToken'      = 'Get-VerifikToken', 'Connect-Verifik', 'Update-VerifikToken', 'Disconnect-Verifik'
        'Update-VerifikToken'   = 'Update-VerifikToken', 'Connect-Verifik'
        'Invoke-VerifikRequest' = 'Invoke-VerifikRequest', 'Connect-Verifik', 'Update-VerifikToken', 'New-VerifikSession'
        'New-VerifikSession'    = @('New-VerifikSession')
        'Get-VerifikSession'    = 'Get-VerifikSession', 'New-VerifikSession'
    }
}

AfterAll {
    $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Every message says one right thing' {
    It 'reaches every cmdlet, or says why not' {
        Get-UnclassifiedCmdlet -Covered $parsed.Command -Exceptions @{
            'Test-VerifikToken'  = 'answers $true or $false and writes no error'
            'Disconnect-Verifik' = 'forgets a token; a saved sign-in it cannot remove is a warning about the file system'
            'Get-VerifikSession' = 'returns the session; a broken saved sign-in it adopts is the warning Get-VerifikToken gives'
        } | Should -BeNullOrEmpty
    }

    It 'fails each case it means to' {
        $parsed | Where-Object Id -EQ '(did not fail)' | ForEach-Object Line | Should -BeNullOrEmpty
    }

    It 'has texts free of doubled full stops, doubled spaces and .NET''s own phrases' {
        $pattern = '\.\.|  |Cannot process argument|Actual value was|\(Parameter ''|\b\w+Exception\b|relative URI|"obj"'
        $parsed | Where-Object { "$($_.Message) | $($_.Next)" -match $pattern } | ForEach-Object Line | Should -BeNullOrEmpty
    }

    It 'leaves the next step to the recommended action: no message tells the user what to do' {
        $imperative = '(^|[.:;]\s+)(Give|Pass|Check|Run|Sign in|Use|Request|Type|Confirm|Renew|Try|Set|Add|Wait|Supply|Remove|Delete)(?=\s)'
        # A binding error PowerShell makes has no recommended action to put it in: its message says it.
        $parsed | Where-Object Id -NE warning | Where-Object { $_.Id -notlike 'ParameterArgument*Error' -or $_.Next -ne '(none)' } |
            Where-Object { $_.Message -match $imperative } |
            ForEach-Object Line | Should -BeNullOrEmpty
    }

    It 'gives a next step that does not repeat the message' {
        $parsed | Where-Object Next -NE '-' | Where-Object { Get-SharedRun $_.Message $_.Next } |
            ForEach-Object { "$($_.Line)  <- repeats '$(Get-SharedRun $_.Message $_.Next)'" } | Should -BeNullOrEmpty
    }

    It 'gives a next step that does not contradict the message' {
        $parsed | Where-Object {
            $row = $_
            $inMessage = @(Get-NamedCmdlet $row.Message | Where-Object { $_ -ne $row.Command })
            $inNext = @(Get-NamedCmdlet $row.Next)
            $inMessage.Count -and $inNext.Count -and -not ($inMessage | Where-Object { $_ -in $inNext })
        } | ForEach-Object Line | Should -BeNullOrEmpty
    }

    It 'names only cmdlets that fit the one that failed' {
        $parsed | ForEach-Object {
            $row = $_
            Get-NamedCmdlet "$($row.Message) $($row.Next)" | Where-Object { $_ -notin $fits[$row.Command] } | ForEach-Object { "$($row.Line)  <- names $_" }
        } | Should -BeNullOrEmpty
    }

    It 'says what tests/approved/messages.approved.txt says' {
        $approvedPath = Join-Path (Get-VerifikRepoRoot) 'tests/approved/messages.approved.txt'
        $receivedPath = [System.IO.Path]::ChangeExtension($approvedPath, '.received.txt') -replace '\.approved\.received', '.received'
        $header = @(Get-Content -LiteralPath $approvedPath -ErrorAction Ignore | Where-Object { $_ -like '#*' })
        $approved = @(Get-Content -LiteralPath $approvedPath -ErrorAction Ignore | Where-Object { $_ -and $_ -notlike '#*' })
        if (($approved -join "`n") -cne ($received -join "`n")) {
            Set-Content -LiteralPath $receivedPath -Value (@($header) + $received) -Encoding utf8NoBOM
        }
        else { Remove-Item -LiteralPath $receivedPath -ErrorAction Ignore }

        $received -join "`n" | Should -BeExactly ($approved -join "`n") -Because "the texts changed: review git diff --no-index $approvedPath $receivedPath, then move the .received.txt file over the approved one"
    }
}
