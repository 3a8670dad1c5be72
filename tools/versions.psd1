# The one place where the versions of the build's tools are pinned.
# Tools.proj reads this file to download them from NuGet; build.ps1 reads it to find them.
@{
    Pester = '5.7.1'
    # coverlet.collector (the xUnit project's reference) and coverlet.msbuild (its tasks, around the Pester run) for
    # build.ps1 -Task Coverage; one version for both, so their results merge.
    Coverlet = '10.0.1'
}
