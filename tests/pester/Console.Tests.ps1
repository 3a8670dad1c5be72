BeforeDiscovery {
    $script:noTmux = -not (Get-Command tmux -ErrorAction Ignore)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $pwsh = Get-PwshCommand
    $script:pwshLine = (@($pwsh.FilePath) + @($pwsh.ArgumentList) + '-NoProfile' | ForEach-Object { "'$_'" }) -join ' '

    # A real console host in a real terminal (tmux), typed at like a person would.
    function Start-Console([string]$Name) {
        $environment = "VERIFIK_BASE_URL='$($emulator.BaseUri)' POWERSHELL_UPDATECHECK=Off"
        tmux new-session -d -s $Name -x 160 -y 50 "env $environment $pwshLine"
        # A first prompt can take long while the other Pester worker runs eight processes at once.
        Wait-Screen $Name 'PS .*>' 90 | Out-Null
        Send-Line $Name "Import-Module '$(Get-VerifikModulePath)'"
        Wait-Screen $Name 'PS .*>\s*$' | Out-Null
    }

    # Runs a script file with pwsh in a real terminal (so only what the test redirects is redirected) and returns
    # the screen once pwsh has exited.
    function Invoke-ConsoleScript([string]$Name, [string]$Script, [string[]]$PwshArguments = @(), [switch]$InputFromDevNull) {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "$Name.ps1"
        Set-Content -LiteralPath $file -Value "Import-Module '$(Get-VerifikModulePath)'`n$Script"
        $redirect = if ($InputFromDevNull) { ' < /dev/null' } else { '' }
        $arguments = (@($PwshArguments) + '-File' + "'$file'") -join ' '
        $environment = "VERIFIK_BASE_URL='$($emulator.BaseUri)' VERIFIK_ACCESS_TOKEN= POWERSHELL_UPDATECHECK=Off"
        tmux new-session -d -s $Name -x 160 -y 50 "env $environment $pwshLine $arguments$redirect; echo exit=`$?; sleep 600"
        try { Wait-Screen $Name 'exit=\d+' 60 }
        finally { Remove-Item -LiteralPath $file -ErrorAction Ignore }
    }

    function Send-Line([string]$Name, [string]$Text) {
        tmux send-keys -t $Name -l $Text
        tmux send-keys -t $Name Enter
    }

    function Get-Screen([string]$Name) { (tmux capture-pane -p -t $Name -S -100) -join "`n" }

    function Wait-Screen([string]$Name, [string]$Pattern, [int]$Seconds = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            $screen = Get-Screen $Name
            if ($screen -match $Pattern) { return $screen }
            Start-Sleep -Milliseconds 100
        }
        throw "The console never showed /$Pattern/. It shows:`n$(Get-Screen $Name)"
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Prompts at a real console' -Skip:$noTmux {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:console = "verifik-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Start-Console $console
    }

    AfterEach {
        tmux kill-session -t $console 2>$null
    }

    It 'asks for the code with masked input, once it was sent, and signs in: <Command>' -TestCases @(
        @{ Command = 'Connect-Verifik -Email ana@example.com' }
        @{ Command = 'Request-VerifikOtp -Email ana@example.com | Confirm-VerifikOtp | Out-Null' }
    ) {
        Send-Line $console $Command
        Wait-Screen $console 'Code:' | Out-Null
        # The prompt is up: the code it asks for must already have been sent (Get-TestOtp throws otherwise).
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'

        Send-Line $console $code
        Send-Line $console '"connected=$((Get-VerifikSession).IsConnected)"'
        $screen = Wait-Screen $console 'connected=\w+'

        $screen | Should -Match 'connected=True'
        $screen | Should -Match 'ana@example\.com'
        $screen | Should -Not -Match $code
    }

    It 'stops cleanly on Ctrl+C at the prompt and leaves the session signed out' {
        Send-Line $console 'Connect-Verifik -Email ana@example.com'
        Wait-Screen $console 'Code:' | Out-Null

        tmux send-keys -t $console C-c
        Start-Sleep -Milliseconds 500
        Send-Line $console '"connected=$((Get-VerifikSession).IsConnected) errors=$($Error.Count)"'
        $screen = Wait-Screen $console 'connected=\w+ errors=\d+'

        $screen | Should -Match 'connected=False errors=0'
    }

    It 'asks again after a stray empty Enter, without saying a new code was sent' {
        Send-Line $console 'Connect-Verifik -Email ana@example.com'
        Wait-Screen $console 'Code:' | Out-Null

        Send-Line $console ''
        Wait-Screen $console 'no new one was sent[\s\S]*Code:' | Out-Null
        Send-Line $console (Get-TestOtp -Emulator $emulator -To 'ana@example.com')
        Send-Line $console '"connected=$((Get-VerifikSession).IsConnected)"'
        $screen = Wait-Screen $console 'connected=\w+'

        $screen | Should -Match 'connected=True'
        @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox?to=ana%40example.com').Count | Should -Be 1
    }
}

Describe 'Scripts where nobody can answer a prompt' -Skip:$noTmux {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:console = "verifik-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    }

    AfterEach {
        tmux kill-session -t $console 2>$null
    }

    It '<Command> fails with Verifik.InteractionRequired and sends nothing (<Case>)' -TestCases @(
        @{ Case = 'pwsh -File x.ps1 < /dev/null'; Command = 'Connect-Verifik -Email ana@example.com'; PwshArguments = @(); DevNull = $true }
        @{ Case = 'pwsh -NonInteractive -File x.ps1'; Command = 'Connect-Verifik -Email ana@example.com'; PwshArguments = @('-NonInteractive'); DevNull = $false }
        @{ Case = 'pwsh -File x.ps1 < /dev/null'; Command = 'Connect-Verifik'; PwshArguments = @(); DevNull = $true }
        @{ Case = 'pwsh -File x.ps1 < /dev/null'; Command = 'Request-VerifikOtp -Email ana@example.com | Confirm-VerifikOtp'; PwshArguments = @(); DevNull = $true }
        @{ Case = 'pwsh -NonInteractive -File x.ps1'; Command = 'Request-VerifikOtp -Email ana@example.com | Confirm-VerifikOtp'; PwshArguments = @('-NonInteractive'); DevNull = $false }
    ) {
        $screen = Invoke-ConsoleScript $console "$Command`n""id=`$(`$Error[0].FullyQualifiedErrorId) next=ran""" -PwshArguments $PwshArguments -InputFromDevNull:$DevNull

        $screen | Should -Match 'id=Verifik\.InteractionRequired,\S+ next=ran'
        $screen | Should -Not -Match 'Code:'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }
}

Describe 'A host with its own UI' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'prompts even in a process started with -NonInteractive and redirected input, because the host decides' {
        # An application hosting PowerShell, in a pwsh started by Invoke-FreshPwsh (-NonInteractive, stdin redirected):
        # its UI answers the prompt with the code the emulator sent.
        $result = Invoke-FreshPwsh -Environment @{ TEST_OUTBOX = "$($emulator.BaseUri)/_emulator/outbox?to=ana%40example.com"; VERIFIK_BASE_URL = $emulator.BaseUri } -Command @"
Add-Type -Path '$(Join-Path $PSScriptRoot 'Hosts/AnsweringHost.cs')'
`$appHost = [Verifik.PesterHosts.AnsweringHost]::new([string[]]@([Verifik.PesterHosts.AnsweringHost]::LatestCode))
`$runspace = [runspacefactory]::CreateRunspace(`$appHost, [initialsessionstate]::CreateDefault2())
`$runspace.Open()
`$shell = [powershell]::Create()
`$shell.Runspace = `$runspace
`$email = `$shell.AddScript("Import-Module '$(Get-VerifikModulePath)'; Request-VerifikOtp -Email ana@example.com | Confirm-VerifikOtp | ForEach-Object Email").Invoke()
"email=`$email prompts=`$(`$appHost.Prompts) errors=`$(`$shell.Streams.Error.Count)"
"@

        $result.StdOut | Should -Match 'email=ana@example\.com prompts=1 errors=0'
    }
}
