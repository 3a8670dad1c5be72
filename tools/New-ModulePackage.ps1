<#
.SYNOPSIS
Packs an assembled module folder into <Name>.<Version>.nupkg with PSResourceGet and returns the package file.
.DESCRIPTION
Compress-PSResource validates the manifest and builds the same package that Publish-PSResource would push, without
a repository: nothing is registered, so the user's PSResourceGet settings are never touched. Publish the result
with 'Publish-PSResource -NupkgPath <file> -Repository <name>'. build.ps1 -Task Package and the Pester package
test both use this script.
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)]
    [string]$ModulePath,

    [Parameter(Mandatory)]
    [string]$DestinationPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$null = New-Item -ItemType Directory -Path $DestinationPath -Force
$package = Compress-PSResource -Path $ModulePath -DestinationPath $DestinationPath -PassThru
if ($package -isnot [System.IO.FileInfo] -or -not $package.Exists) {
    throw "Compress-PSResource reported no error but wrote no package for '$ModulePath' in '$DestinationPath'."
}
$package
