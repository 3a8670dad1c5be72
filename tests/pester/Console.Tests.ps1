BeforeDiscovery {
    $script:noTmux = -not (Get-Command tmux -ErrorAction Ignore)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $pwsh = Get-PwshCommand
    $script:pwshLine = (@($pwsh.FilePath) + @($pwsh.ArgumentList) + '-NoProfile' | ForEach-Object { "'$_'" }) -join ' '

    # A real console host in a real terminal (tmux), typed at like a person would.
    function Start-Console([string]$Name) {
        $environment = "VERIFIK_BASE_URL='$($emulator.BaseUri)' POWERSHELL_UPDATECHECK=Off"
        tmux new-session -d -s $Name -x 160 -y 50 "env $environment $pwshLine"
        Wait-Screen $Name 'PS .*>' | Out-Null
        Send-Line $Name "Import-Module '$(Get-VerifikModulePath)'"
        Wait-Screen $Name 'PS .*>\s*$' | Out-Null
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

Describe 'Connect-Verifik at a real console' -Skip:$noTmux {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:console = "verifik-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        Start-Console $console
    }

    AfterEach {
        tmux kill-session -t $console 2>$null
    }

    It 'asks for the code with masked input and signs in' {
        Send-Line $console 'Connect-Verifik -Email ana@example.com'
        Wait-Screen $console 'Code:' | Out-Null
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
}
