# The one place where the versions of the build's tools are pinned.
# Tools.proj reads this file to download them from NuGet; build.ps1 reads it to find them.
@{
    Pester = '5.7.1'
}
