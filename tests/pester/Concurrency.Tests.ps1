BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath

    # Reads the session's header many times on one thread; returns how many reads were not a whole, readable token.
    $script:reader = {
        param($Session, $ModulePath, [int]$Reads)
        Import-Module $ModulePath
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $broken = 0
        foreach ($i in 1..$Reads) {
            $authorization = (Get-VerifikToken -Session $Session -AsHeader -WarningAction SilentlyContinue).Authorization
            $parts = "$authorization".Split('.')
            if (-not "$authorization".StartsWith('Bearer eyJ') -or $parts.Count -ne 3 -or $parts[2].Length -lt 40) { $broken++ }
            else { $null = $seen.Add($authorization.Substring(7)) }
        }
        [pscustomobject]@{ Broken = $broken; Seen = @($seen) }
    }

    $script:renewer = {
        param($Session, $ModulePath, [int]$Times)
        Import-Module $ModulePath
        foreach ($i in 1..$Times) { Update-VerifikToken -Session $Session -PassThru | ForEach-Object { $_.Token | ConvertFrom-SecureString -AsPlainText } }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'One session shared between threads' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri -RetryIntervalSec 0
        $script:first = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com' }).accessToken
        Connect-Verifik -AccessToken $first -Session $session
    }

    It 'gives 8 ForEach-Object -Parallel readers whole, valid tokens while another thread renews' {
        $renewal = Start-ThreadJob -ScriptBlock $renewer -ArgumentList $session, $modulePath, 15
        $readerText = $reader.ToString()
        $readers = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            & ([scriptblock]::Create($using:readerText)) $using:session $using:modulePath 400
        }
        $issued = @($first) + @($renewal | Wait-Job | Receive-Job)
        $renewal | Remove-Job

        $issued.Count | Should -Be 16
        ($readers | Measure-Object Broken -Sum).Sum | Should -Be 0
        $readers.Seen | Where-Object { $_ -notin $issued } | Should -BeNullOrEmpty
        Get-VerifikToken -Session $session -AsPlainText | Should -Be $issued[-1]
    }

    It 'gives 8 Start-ThreadJob readers whole, valid tokens while another thread renews' {
        $jobs = 1..8 | ForEach-Object { Start-ThreadJob -ScriptBlock $reader -ArgumentList $session, $modulePath, 400 -ThrottleLimit 9 }
        $renewal = Start-ThreadJob -ScriptBlock $renewer -ArgumentList $session, $modulePath, 15 -ThrottleLimit 9
        $readers = $jobs | Wait-Job | Receive-Job
        $issued = @($first) + @($renewal | Wait-Job | Receive-Job)
        $jobs, $renewal | Remove-Job

        ($readers | Measure-Object Broken -Sum).Sum | Should -Be 0
        @($readers).Count | Should -Be 8
        $readers.Seen | Where-Object { $_ -notin $issued } | Should -BeNullOrEmpty
    }
}
