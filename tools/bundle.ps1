<#
.SYNOPSIS
    Build the Windows bundles (no Python needed on the machines that get them) and zip them.

.DESCRIPTION
    Run from a checkout on Windows 10/11 with Python 3.11+ (the `py` launcher):
        powershell -ExecutionPolicy Bypass -File tools\bundle.ps1            # both
        powershell -ExecutionPolicy Bypass -File tools\bundle.ps1 -Only probe
    It installs the locked test dependencies (PyInstaller among them) into the venv run.py uses,
    builds dist\helpdesk-probe\ (console executable: the service, `snapshot`, `enrol`) and
    dist\helpdesk\ (windowed: console and tray, no console window), starts the probe's to take a
    snapshot, and writes dist\helpdesk-probe-VERSION-win64.zip and dist\helpdesk-VERSION-win64.zip.
    Copy the unzipped helpdesk-probe folder to the share resources\deploy\install-probe.ps1 reads.
#>
param(
    [ValidateSet("probe", "desktop", "all")][string]$Only = "all",
    [string]$Dist = "dist"
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$Dist = [IO.Path]::GetFullPath($Dist)

$bundleArgs = @("run.py", "bundle", "--smoke", "--dist", $Dist)
if ($Only -ne "all") { $bundleArgs += @("--only", $Only) }
& py -3 @bundleArgs
if ($LASTEXITCODE -ne 0) { throw "tools.bundle failed (exit $LASTEXITCODE)" }

foreach ($name in @("helpdesk-probe", "helpdesk")) {
    $folder = Join-Path $Dist $name
    if (-not (Test-Path $folder)) { continue }
    $version = (Get-Content -Raw (Join-Path $folder "VERSION")).Trim()
    $zip = Join-Path $Dist "$name-$version-win64.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Compress-Archive -Path $folder -DestinationPath $zip
    Write-Output "Wrote $zip"
}
