# Every cmdlet's failure paths (ErrorCases.ps1) under each way a script or a person controls errors, so the next
# cmdlet cannot go back to statement-terminating errors. What each says is Messages.Tests.ps1's.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ErrorCases.ps1')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
    $script:savedAccessToken = $env:VERIFIK_ACCESS_TOKEN
    . (Join-Path $PSScriptRoot 'ErrorCases.ps1')
}

AfterAll {
    $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Failures that concern the call are written, not thrown: <Name>' -ForEach $failures {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $parameters = & $Arrange
        $expectedId = "Verifik.$Kind,Verifik.Commands.$($Command -replace '-', '')Command"
    }

    AfterEach {
        $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken
    }

    It 'runs the body of if (-not (... -ErrorAction SilentlyContinue)) and records the error in $Error' {
        $Error.Clear()
        $ranBody = $false

        if (-not (& $Command @parameters -ErrorAction SilentlyContinue)) { $ranBody = $true }

        $ranBody | Should -BeTrue
        $Error.Count | Should -Be 1
        $Error[0].FullyQualifiedErrorId | Should -Be $expectedId
    }

    It 'runs the body with $ErrorActionPreference = ''SilentlyContinue''' {
        $ranBody = & {
            $ErrorActionPreference = 'SilentlyContinue'
            if (-not (& $Command @parameters)) { $true } else { $false }
        }

        $ranBody | Should -BeTrue
    }

    It 'leaves $Error alone under -ErrorAction Ignore' {
        $Error.Clear()

        $output = & $Command @parameters -ErrorAction Ignore

        $output | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }

    It 'puts the ErrorRecord itself in -ErrorVariable, with its id, category, a next step and a masked target' {
        $null = & $Command @parameters -ErrorAction SilentlyContinue -ErrorVariable failure

        $failure.Count | Should -Be 1
        $failure[0] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $failure[0].FullyQualifiedErrorId | Should -Be $expectedId
        $failure[0].Exception | Should -BeOfType [Verifik.VerifikException]
        $failure[0].CategoryInfo.Category | Should -Be ([Verifik.VerifikErrors]::For($Kind).Category)
        $failure[0].ErrorDetails.Message | Should -Be $failure[0].Exception.Message
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $failure[0].TargetObject | Should -BeOfType [string]
        $failure[0].TargetObject | Should -Not -Match 'ana@'
    }

    It 'throws under -ErrorAction Stop with the id try/catch scripts match on' {
        $caught = try { & $Command @parameters -ErrorAction Stop; 'nothing thrown' } catch { $_.FullyQualifiedErrorId }

        $caught | Should -Be $expectedId
    }
}

Describe 'Every cmdlet is in the failure table, or says why not' {
    It 'classifies each cmdlet of the module' -ForEach @{ Covered = $failures.Command } {
        Get-UnclassifiedCmdlet -Covered $Covered -Exceptions @{
            'New-VerifikSession'  = 'sends nothing; its one failure, a refused -BaseUri, stays terminating (below)'
            'Get-VerifikSession'  = 'returns the runspace''s session and cannot fail'
            'Disconnect-Verifik'  = 'forgets a token; a saved sign-in it cannot remove is a warning, not an error'
            'Test-VerifikToken'   = 'answers $false, never an error, for a missing, expired or expiring token (its contract)'
        } | Should -BeNullOrEmpty
    }
}

Describe 'What stays terminating' {
    It 'New-VerifikSession refuses an unusable -BaseUri as parameter validation does, even under SilentlyContinue' {
        $reached = $false
        try {
            $null = New-VerifikSession -BaseUri 'http://api.verifik.co' -ErrorAction SilentlyContinue
            $reached = $true
        }
        catch {
            $_.FullyQualifiedErrorId | Should -Be 'Verifik.InsecureBaseUri,Verifik.Commands.NewVerifikSessionCommand'
        }

        $reached | Should -BeFalse
    }
}

Describe 'README and about_Verifik list the same statement-stopping cases' {
    It 'has the list word for word in both' {
        $lists = foreach ($path in 'README.md', 'docs/en-US/about_Verifik.md') {
            $text = Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) $path)
            $found = [regex]::Match($text, '(?s)Only these stop the whole statement.*?\n\n(- .*?)\n\n')
            $found.Success | Should -BeTrue -Because "$path lists what stops the statement"
            $found.Groups[1].Value -replace '\r', ''
        }

        $lists[1] | Should -BeExactly $lists[0]
    }
}

# The one test of the error table (VerifikErrorKind.cs): a row per ErrorId, each category one PowerShell knows, a next
# step of its own, and the README and about_Verifik tables exactly as the table writes them. On a difference the
# failure shows the markdown to paste.
Describe 'The error table is the one source of each error kind' {
    BeforeAll {
        $rows = [Verifik.VerifikErrors]::All
        $expected = @(
            '| ErrorId | Category | Retry may help | When |'
            '| --- | --- | --- | --- |'
            foreach ($row in $rows) { "| ``Verifik.$($row.Kind)`` | $($row.Category) | $(if ($row.RetryMayHelp) { 'yes' } else { 'no' }) | $($row.When) |" }
        ) -join "`n"
    }

    It 'has one row for each VerifikErrorKind, a category PowerShell knows and a next step of its own' {
        ($rows.Kind.ForEach({ "$_" }) | Sort-Object) -join ', ' | Should -Be (([Enum]::GetNames([Verifik.VerifikErrorKind]) | Sort-Object) -join ', ')
        foreach ($row in $rows) {
            [System.Management.Automation.ErrorCategory]$row.Category | Should -Not -Be 'NotSpecified'
            $row.RecommendedAction | Should -Not -BeNullOrEmpty
            $row.When | Should -Not -Match '\|' -Because 'a | would split the markdown row'
        }
        @($rows.RecommendedAction | Sort-Object -Unique).Count | Should -Be $rows.Count
    }

    It 'is the table in <Path>' -TestCases @(
        @{ Path = 'README.md' }
        @{ Path = 'docs/en-US/about_Verifik.md' }
    ) {
        $lines = Get-Content -LiteralPath (Join-Path (Get-VerifikRepoRoot) $Path)
        $start = [Array]::IndexOf($lines, '| ErrorId | Category | Retry may help | When |')
        $start | Should -BeGreaterThan -1 -Because "$Path has the error table"
        $end = $start
        while ($end + 1 -lt $lines.Count -and $lines[$end + 1] -like '|*') { $end++ }

        $lines[$start..$end] -join "`n" | Should -BeExactly $expected
    }
}
