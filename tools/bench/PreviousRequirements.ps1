# Runs before Verifik.dll loads (the manifest's ScriptsToProcess), in the importer's own scope: so all of it is one
# script block that leaves no variable behind. The manifest cannot state these floors: PowerShellVersion is one
# number for both editions, and Windows PowerShell only writes a verbose line for DotNetFrameworkVersion, then fails
# later with an opaque 'netstandard, Version=2.0.0.0' error. Windows PowerShell 5.1 syntax only.
& {
    param([string]$Edition, [version]$Version, $FrameworkRelease)

    # PowerShell 7.4 is the first to ship System.Text.Json 8, which Verifik is built against: older hosts bind
    # their own older copy and fail at the first call.
    $minimumCore = [version]'7.4'
    # .NET Framework 4.7.2's release number: the first with the netstandard 2.0 support that Verifik.dll needs.
    $minimumFrameworkRelease = 461808

    if ($Edition -eq 'Core' -and $Version -lt $minimumCore) {
        throw "Verifik needs PowerShell $minimumCore or later (or Windows PowerShell 5.1); this is PowerShell $Version. Install a current PowerShell: https://aka.ms/powershell"
    }
    if ($Edition -eq 'Desktop' -and $null -ne $FrameworkRelease -and $FrameworkRelease -lt $minimumFrameworkRelease) {
        throw "Verifik needs .NET Framework 4.7.2 or later in Windows PowerShell; this computer has .NET Framework 4 release $FrameworkRelease (4.7.2 is release $minimumFrameworkRelease). Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework), or use PowerShell $minimumCore or later."
    }
} -Edition $PSVersionTable.PSEdition -Version $PSVersionTable.PSVersion -FrameworkRelease $(
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Unreadable (a locked-down registry): no answer rather than a wrong one, and the import goes ahead.
        Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name Release -ErrorAction Ignore |
            Select-Object -ExpandProperty Release
    }
)
