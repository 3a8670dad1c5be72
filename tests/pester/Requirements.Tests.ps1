# Verifik.Requirements.ps1: the floors the manifest cannot state (PowerShell 7.4 on Core, .NET Framework 4.7.2 on
# Windows PowerShell), checked before Verifik.dll loads. Only the pinned PowerShell runs here, so the rules are fed
# the facts of other hosts; the real import shows the script passes on this one and leaves nothing behind.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1') -Force
    $script = Join-Path (Get-VerifikModulePath) 'Verifik.Requirements.ps1'
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($script, [ref]$null, [ref]$null)
    $rules = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.ScriptBlockExpressionAst] }, $true).ScriptBlock.GetScriptBlock()

    function Test-Host([string]$Edition, [version]$Version, $FrameworkRelease) {
        & $rules -Edition $Edition -Version $Version -FrameworkRelease $FrameworkRelease
    }
}

Describe 'The import-time requirements' {
    It 'refuses PowerShell <_> with a message that names the floor' -ForEach '7.0.3', '7.2.24', '7.3.12' {
        { Test-Host -Edition Core -Version $_ } | Should -Throw "Verifik needs PowerShell 7.4 or later*this is PowerShell $_*"
    }

    It 'accepts PowerShell <_>' -ForEach '7.4.0', '7.5.4', '7.6.9' {
        { Test-Host -Edition Core -Version $_ } | Should -Not -Throw
    }

    It 'refuses Windows PowerShell on .NET Framework release <_>, before 4.7.2' -ForEach 394802, 460798, 461308 {
        { Test-Host -Edition Desktop -Version 5.1.19041.1 -FrameworkRelease $_ } | Should -Throw "Verifik needs .NET Framework 4.7.2 or later*release $_*"
    }

    It 'accepts Windows PowerShell on .NET Framework release <_>, 4.7.2 and later' -ForEach 461808, 528040, 533320 {
        { Test-Host -Edition Desktop -Version 5.1.19041.1 -FrameworkRelease $_ } | Should -Not -Throw
    }

    It 'lets Windows PowerShell import when the release cannot be read, rather than refuse on a guess' {
        { Test-Host -Edition Desktop -Version 5.1.19041.1 -FrameworkRelease $null } | Should -Not -Throw
    }

    It 'is what the manifest runs first, and the import in this PowerShell passes it and leaves no variable behind' {
        (Import-PowerShellDataFile -LiteralPath (Join-Path (Get-VerifikModulePath) 'Verifik.psd1')).ScriptsToProcess | Should -Be 'Verifik.Requirements.ps1'
        $run = Invoke-FreshPwsh -Environment @{ MODULE = (Get-VerifikModulePath) } -Command @'
$before = @(Get-Variable | ForEach-Object Name)
Import-Module $env:MODULE -ErrorAction Stop
$added = @(Get-Variable | ForEach-Object Name | Where-Object { $_ -notin $before -and $_ -ne 'before' })
"added:$($added -join ',')"
"commands:$(@(Get-Command -Module Verifik).Count)"
'@
        $run.StdErr | Should -BeNullOrEmpty
        $run.StdOut | Should -Match '(?m)^added:\s*$'
        $run.StdOut | Should -Match '(?m)^commands:9\s*$'
    }
}
