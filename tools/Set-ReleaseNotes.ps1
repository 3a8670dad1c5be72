<#
.SYNOPSIS
Writes the CHANGELOG.md section of the manifest's ModuleVersion into the assembled manifest's ReleaseNotes.
.DESCRIPTION
CHANGELOG.md stays the one source of the notes; the package carries them instead of a pointer to a file it does not
ship. A version without its section stops the build, so a release cannot go out with no notes.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$ManifestPath,

    [Parameter(Mandatory)]
    [string]$ChangelogPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
$version = $manifest.ModuleVersion
$changelog = Get-Content -LiteralPath $ChangelogPath -Raw
$section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($version))\b.*?(?=^## |\z)")
if (-not $section.Success) {
    throw "$ChangelogPath has no '## $version' section: the release notes of $version would be empty."
}
$notes = "$($section.Value.Trim())`n`nAll changes: $($manifest.PrivateData.PSData.ProjectUri)/blob/main/CHANGELOG.md"

$text = Get-Content -LiteralPath $ManifestPath -Raw
$pattern = "(?m)^(\s*ReleaseNotes\s*=\s*)'(?:[^']|'')*'"
if (-not [regex]::IsMatch($text, $pattern)) {
    throw "$ManifestPath has no single-quoted ReleaseNotes to fill in."
}
$quoted = "'" + ($notes -replace "'", "''") + "'"
$text = [regex]::Replace($text, $pattern, { param($match) $match.Groups[1].Value + $quoted })
Set-Content -LiteralPath $ManifestPath -Value $text -Encoding utf8NoBOM -NoNewline
