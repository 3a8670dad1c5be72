# The manifest as Import-Module, Get-Command and PSResourceGet read it: in the assembled module, output/Verifik.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $moduleFolder = Get-VerifikModulePath
    $manifestPath = Join-Path $moduleFolder 'Verifik.psd1'
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath

    # Reflection only looks at the types: an assembly loaded from this path is the one the module itself loads.
    $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $moduleFolder 'Verifik.dll'))
    $cmdletClasses = @($assembly.GetExportedTypes() |
            Where-Object { -not $_.IsAbstract -and [System.Management.Automation.Cmdlet].IsAssignableFrom($_) } |
            ForEach-Object {
                $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
                "$($attribute.VerbName)-$($attribute.NounName)"
            })
}

Describe 'Verifik.psd1' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'Verifik'
        $info.Version | Should -Be ([version]$manifest.ModuleVersion)
    }

    It 'exports exactly the cmdlets the assembly defines, so a forgotten export fails' {
        $cmdletClasses.Count | Should -BeGreaterThan 0
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($cmdletClasses | Sort-Object)
    }

    It 'has the version of the assembly, which Directory.Build.props reads from it' {
        $moduleVersion = [version]$manifest.ModuleVersion
        $assemblyVersion = $assembly.GetName().Version
        $assemblyVersion.ToString([Math]::Min(4, $moduleVersion.ToString().Split('.').Count)) | Should -Be $moduleVersion.ToString()
        $informational = $assembly.GetCustomAttributes([System.Reflection.AssemblyInformationalVersionAttribute], $false).InformationalVersion
        # The SDK appends '+<commit>' to the informational version.
        ($informational -split '\+')[0] | Should -Be $manifest.ModuleVersion
    }

    It 'names every export: no wildcards' {
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $manifest.ContainsKey($key) | Should -BeTrue -Because "a missing $key exports everything"
            @($manifest[$key]) -join ',' | Should -Not -Match '\*' -Because "$key must list names"
        }
    }

    It 'exports no functions, aliases or variables' {
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
        @($manifest.VariablesToExport).Count | Should -Be 0
    }

    It 'declares both editions, PowerShell 5.1 and the format file it ships' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        foreach ($format in $manifest.FormatsToProcess) {
            Join-Path $moduleFolder $format | Should -Exist
        }
    }

    It 'has the gallery metadata PSResourceGet publishes: <_>' -ForEach 'Tags', 'ProjectUri', 'LicenseUri', 'ReleaseNotes' {
        $manifest.PrivateData.PSData[$_] | Should -Not -BeNullOrEmpty
    }
}
