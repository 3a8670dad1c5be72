# Verifik.Requirements.dll: the floors the manifest cannot state (PowerShell 7.4 on Core, .NET Framework 4.7.2 on
# Windows PowerShell), checked by the nested module the manifest imports before any code of Verifik.dll runs. Only the pinned PowerShell
# runs here, so the rules are fed the facts of other hosts; the real import shows this host passes and that the check
# leaves nothing behind.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $modulePath = Get-VerifikModulePath
    # Loaded the way the manifest loads it; the rules are a public static method of the check.
    $null = [System.Reflection.Assembly]::LoadFrom((Join-Path $modulePath 'Verifik.Requirements.dll'))

    function Get-HostProblem([string]$Edition, [version]$Version, $FrameworkRelease) {
        [Verifik.HostRequirements]::Problem($Edition -eq 'Desktop', $Version, $FrameworkRelease)
    }
}

Describe 'The import-time requirements' {
    It 'refuses PowerShell <_> with a message that names the floor' -ForEach '7.0', '7.2', '7.3' {
        Get-HostProblem -Edition Core -Version $_ | Should -BeLike "Verifik needs PowerShell 7.4 or later*this is PowerShell $_.*https://aka.ms/powershell"
    }

    It 'accepts PowerShell <_>' -ForEach '7.4', '7.5', '7.6', '8.0' {
        Get-HostProblem -Edition Core -Version $_ | Should -BeNullOrEmpty
    }

    It 'refuses Windows PowerShell on .NET Framework release <_>, before 4.7.2' -ForEach 394802, 460798, 461308 {
        Get-HostProblem -Edition Desktop -Version 3.0 -FrameworkRelease $_ | Should -BeLike "Verifik needs .NET Framework 4.7.2 or later*release $_ (4.7.2 is release 461808)*"
    }

    It 'accepts Windows PowerShell on .NET Framework release <_>, 4.7.2 and later' -ForEach 461808, 528040, 533320 {
        Get-HostProblem -Edition Desktop -Version 3.0 -FrameworkRelease $_ | Should -BeNullOrEmpty
    }

    It 'lets Windows PowerShell import when the release cannot be read, rather than refuse on a guess' {
        Get-HostProblem -Edition Desktop -Version 3.0 -FrameworkRelease $null | Should -BeNullOrEmpty
    }

    It 'finds nothing wrong with this PowerShell' {
        [Verifik.HostRequirements]::ProblemOfThisHost() | Should -BeNullOrEmpty
    }

    It 'loads on any .NET Framework 4: it references mscorlib and System.Management.Automation only, not netstandard' {
        $references = [System.Reflection.Assembly]::LoadFrom((Join-Path $modulePath 'Verifik.Requirements.dll')).GetReferencedAssemblies().Name
        $references | Sort-Object | Should -Be 'mscorlib', 'System.Management.Automation'
    }

    It 'is a nested module the manifest imports before the cmdlets, and no script runs at import' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $modulePath 'Verifik.psd1')
        $manifest.NestedModules | Should -Be 'Verifik.Requirements.dll'
        $manifest.ContainsKey('ScriptsToProcess') | Should -BeFalse
    }

    It 'stops the import with the check''s message and leaves no module, command or view behind when the check refuses' {
        # This PowerShell passes the real check, so a stand-in with the same name refuses as an older host would be refused.
        $copy = Join-Path $TestDrive 'Verifik'
        Copy-Item -LiteralPath $modulePath -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'Verifik.Requirements.dll')
        Add-Type -OutputAssembly (Join-Path $copy 'Verifik.Requirements.dll') -TypeDefinition @'
public sealed class RefusingCheck : System.Management.Automation.IModuleAssemblyInitializer
{
    public void OnImport() => throw new System.PlatformNotSupportedException("Verifik needs PowerShell 99 or later (stand-in).");
}
'@
        $run = Invoke-FreshPwsh -Environment @{ MODULE = $copy } -Command @'
Import-Module $env:MODULE -ErrorAction SilentlyContinue
"error:$($Error[0].FullyQualifiedErrorId)"
"message:$($Error[0].Exception.Message)"
"modules:$(@(Get-Module -All | Where-Object Name -Like 'Verifik*').Count)"
"commands:$(@(Get-Command -Name '*-Verifik*' -ErrorAction Ignore).Count)"
"views:$(@(Get-FormatData -TypeName 'Verifik.*').Count)"
'@
        $run.StdOut | Should -Match '(?m)^error:System\.PlatformNotSupportedException,Microsoft\.PowerShell\.Commands\.ImportModuleCommand\s*$'
        $run.StdOut | Should -Match '(?m)^message:Verifik needs PowerShell 99 or later \(stand-in\)\.\s*$'
        $run.StdOut | Should -Match '(?m)^modules:0\s*$'
        $run.StdOut | Should -Match '(?m)^commands:0\s*$'
        $run.StdOut | Should -Match '(?m)^views:0\s*$'
    }

    It 'passes the import in this PowerShell, leaves no variable behind and lists one module' {
        $run = Invoke-FreshPwsh -Environment @{ MODULE = $modulePath } -Command @'
$before = @(Get-Variable | ForEach-Object Name)
$imported = @(Import-Module $env:MODULE -PassThru -ErrorAction Stop)
$added = @(Get-Variable | ForEach-Object Name | Where-Object { $_ -notin $before -and $_ -notin 'before', 'imported' })
"added:$($added -join ',')"
"passthru:$($imported.Name -join ',')"
"modules:$(@(Get-Module | Where-Object Name -NotLike 'Microsoft.PowerShell.*' | ForEach-Object Name) -join ',')"
"commands:$(@(Get-Command -Module Verifik).Count)"
'@
        $run.StdErr | Should -BeNullOrEmpty
        $run.StdOut | Should -Match '(?m)^added:\s*$'
        $run.StdOut | Should -Match '(?m)^passthru:Verifik\s*$'
        $run.StdOut | Should -Match '(?m)^modules:Verifik\s*$'
        # Every cmdlet the manifest exports, counted there so a new cmdlet does not need this test changed.
        $exported = (Import-PowerShellDataFile -LiteralPath (Join-Path $modulePath 'Verifik.psd1')).CmdletsToExport.Count
        $run.StdOut | Should -Match "(?m)^commands:$exported\s*$"
    }
}
