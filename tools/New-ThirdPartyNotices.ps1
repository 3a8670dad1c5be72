<#
.SYNOPSIS
Writes THIRD-PARTY-NOTICES.txt for an assembled module: every DLL it ships that is not its own, the NuGet package it
came from, and those packages' license and notice texts, word for word.
.DESCRIPTION
The packages are read from the publish folder's deps.json and the texts from NuGet's global packages folder, so the
file always matches what was shipped. A shipped DLL that no package accounts for stops the build.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$ModulePath,

    [Parameter(Mandatory)]
    [string]$DepsJsonPath,

    [Parameter(Mandatory)]
    [string]$PackagesFolder,

    # The module's own assemblies, which LICENSE covers.
    [string[]]$OwnAssemblies = @('Verifik.dll', 'Verifik.Core.dll', 'Verifik.Requirements.dll')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$deps = Get-Content -LiteralPath $DepsJsonPath -Raw | ConvertFrom-Json -AsHashtable
$target = $deps.targets[$deps.runtimeTarget.name]
$packageOf = @{}
foreach ($id in $target.Keys) {
    if ($deps.libraries[$id].type -ne 'package' -or -not $target[$id].ContainsKey('runtime')) {
        continue
    }
    foreach ($file in $target[$id].runtime.Keys) {
        $packageOf[[System.IO.Path]::GetFileName($file)] = $id
    }
}

$shipped = @(Get-ChildItem -LiteralPath $ModulePath -Filter '*.dll' | Where-Object Name -NotIn $OwnAssemblies | Sort-Object Name)
$rows = foreach ($dll in $shipped) {
    $id = $packageOf[$dll.Name]
    if (-not $id) {
        throw "$($dll.Name) is shipped in '$ModulePath' but no package in '$DepsJsonPath' provides it: its license is unknown."
    }
    $name, $version = $id -split '/'
    $folder = Join-Path $PackagesFolder "$($name.ToLowerInvariant())/$version"
    $nuspec = [xml](Get-Content -LiteralPath (Join-Path $folder "$($name.ToLowerInvariant()).nuspec") -Raw)
    $metadata = $nuspec.package.metadata
    $license = if ($metadata['license']) { $metadata['license'].InnerText } else { $metadata['licenseUrl'].InnerText }
    [pscustomobject]@{
        Dll     = $dll.Name
        Package = "$name $version"
        License = $license
        Texts   = @('LICENSE.TXT', 'THIRD-PARTY-NOTICES.TXT' | ForEach-Object { Join-Path $folder $_ } | Where-Object { Test-Path -LiteralPath $_ })
    }
}

$text = [System.Text.StringBuilder]::new()
$null = $text.AppendLine('Verifik for PowerShell: third-party notices').AppendLine()
$null = $text.AppendLine("Verifik.dll and Verifik.Core.dll are the module's own (see LICENSE). The other DLLs in this folder are")
$null = $text.AppendLine('shipped unchanged from these NuGet packages, for Windows PowerShell 5.1:').AppendLine()
foreach ($row in $rows) {
    $null = $text.AppendLine("  $($row.Dll): $($row.Package), license $($row.License)")
}
# Each distinct text once, with the packages that carry it: most of them carry the same .NET Foundation texts.
$rows | ForEach-Object { foreach ($path in $_.Texts) { [pscustomobject]@{ Package = $_.Package; Path = $path } } } |
    Group-Object { (Get-Content -LiteralPath $_.Path -Raw).Trim() } |
    Sort-Object { [System.IO.Path]::GetFileName($_.Group[0].Path) }, { $_.Group[0].Package } |
    ForEach-Object {
        $kind = [System.IO.Path]::GetFileNameWithoutExtension($_.Group[0].Path)
        $null = $text.AppendLine().AppendLine(('=' * 100))
        $null = $text.AppendLine("$kind of: $(($_.Group.Package | Sort-Object -Unique) -join ', ')").AppendLine(('=' * 100)).AppendLine()
        $null = $text.AppendLine($_.Name)
    }
Set-Content -LiteralPath (Join-Path $ModulePath 'THIRD-PARTY-NOTICES.txt') -Value $text.ToString() -Encoding utf8NoBOM -NoNewline
