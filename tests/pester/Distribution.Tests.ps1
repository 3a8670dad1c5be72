# What the assembled module (output/Verifik, and so the package) carries besides the code: the licence texts for
# every DLL in it, this version's release notes, and assemblies that can be debugged to the commit offline.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $moduleFolder = Get-VerifikModulePath
    $repoRoot = Get-VerifikRepoRoot
    $ownAssemblies = 'Verifik.dll', 'Verifik.Core.dll', 'Verifik.Requirements.dll'
}

Describe 'The assembled module' {
    It 'ships the LICENSE of the repository' {
        Get-Content -LiteralPath (Join-Path $moduleFolder 'LICENSE') -Raw |
            Should -BeExactly (Get-Content -LiteralPath (Join-Path $repoRoot 'LICENSE') -Raw)
    }

    It 'names every DLL that is not its own in THIRD-PARTY-NOTICES.txt, with its package and license text' {
        $notices = Get-Content -LiteralPath (Join-Path $moduleFolder 'THIRD-PARTY-NOTICES.txt') -Raw
        $others = @(Get-ChildItem -LiteralPath $moduleFolder -Filter '*.dll' | Where-Object Name -NotIn $ownAssemblies)
        $others.Count | Should -BeGreaterThan 0
        foreach ($dll in $others) {
            $notices | Should -Match "(?m)^  $([regex]::Escape($dll.Name)): \S+ \d+\.\d+\.\d+, license \S+" -Because "$($dll.Name) is shipped"
        }
        $notices | Should -Match 'Permission is hereby granted, free of charge'
    }

    It 'carries the release notes of its version from CHANGELOG.md, not a pointer to a file it does not ship' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleFolder 'Verifik.psd1')
        $notes = $manifest.PrivateData.PSData.ReleaseNotes
        $notes | Should -Match "^## $([regex]::Escape($manifest.ModuleVersion))\b"
        $notes | Should -Match '### Added'
        $notes | Should -Match 'https://\S+/CHANGELOG\.md$'
        (Test-ModuleManifest -Path (Join-Path $moduleFolder 'Verifik.psd1')).ReleaseNotes | Should -Be $notes
    }

    It '<_> embeds its PDB with every source file, under paths that do not depend on the build folder' -ForEach 'Verifik.dll', 'Verifik.Core.dll', 'Verifik.Requirements.dll' {
        $stream = [System.IO.File]::OpenRead((Join-Path $moduleFolder $_))
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $entry = @($pe.ReadDebugDirectory() | Where-Object Type -EQ 'EmbeddedPortablePdb')
            $entry.Count | Should -Be 1
            $provider = $pe.ReadEmbeddedPortablePdbDebugDirectoryData($entry[0])
            $pdb = $provider.GetMetadataReader()
            $embeddedSource = [guid]'0e8a571b-6926-466e-b4ad-8ab04611f5fe'
            $documents = @($pdb.Documents | ForEach-Object {
                    $document = $pdb.GetDocument($_)
                    $sources = @($pdb.GetCustomDebugInformation($_) | Where-Object { $pdb.GetGuid($pdb.GetCustomDebugInformation($_).Kind) -eq $embeddedSource })
                    [pscustomobject]@{ Name = $pdb.GetString($document.Name); Embedded = $sources.Count -eq 1 }
                } | Where-Object Name -Like '*.cs' | Where-Object Name -NotLike '*/obj/*')
            $project = Join-Path $repoRoot "src/$([System.IO.Path]::GetFileNameWithoutExtension($_))"
            $sourceFiles = @(Get-ChildItem -LiteralPath $project -Recurse -Filter '*.cs' |
                    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
                    ForEach-Object { '/_/' + [System.IO.Path]::GetRelativePath($repoRoot, $_.FullName).Replace('\', '/') })
            $sourceFiles.Count | Should -BeGreaterThan 0
            $sourceFiles | Where-Object { $_ -notin $documents.Name } | Should -BeNullOrEmpty -Because 'every source file of the project is embedded'
            $documents | Where-Object { -not $_.Embedded } | Should -BeNullOrEmpty
            $documents.Name | Where-Object { $_ -notlike '/_/*' } | Should -BeNullOrEmpty
            $documents.Name | Should -Not -Match ([regex]::Escape($repoRoot))
        }
        finally {
            $provider.Dispose()
            $pe.Dispose()
            $stream.Dispose()
        }
    }
}
