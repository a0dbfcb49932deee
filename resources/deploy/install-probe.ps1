<#
.SYNOPSIS
    Install the helpdesk probe as a Windows service on this machine, enrol it, and keep it current.
    For a GPO computer startup script or an Intune platform script (both run as SYSTEM).

.DESCRIPTION
    Idempotent: run it at every startup. It
      1. copies the probe bundle (a folder made by tools/bundle.py, no Python needed) from -Source
         to "%ProgramFiles%\Helpdesk Probe" when the version there differs, or, with -Wheel, makes a
         venv there and installs the helpdesk wheel with no extra (the probe alone) from -Source,
         offline (--no-index --find-links);
      2. enrols the machine once with -Server and -Token (the state lives in
         %ProgramData%\helpdesk-probe; an enrolled machine is left as it is);
      3. installs (or re-installs after an upgrade) the HelpdeskProbe service: automatic start at
         boot, restarted by Windows after a failure, logging to the Application event log and to
         %ProgramData%\helpdesk-probe\probe.log.
    Its own log: %ProgramData%\helpdesk-probe\deploy.log. Exit code 0 on success (Intune reads it).

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File \\files\it\helpdesk\install-probe.ps1 `
        -Source \\files\it\helpdesk\helpdesk-probe -Server https://helpdesk.example.org -Token 9f2c...

.EXAMPLE
    # with Python 3.11+ on the machines: the helpdesk wheel and its dependencies' wheels (psutil,
    # pywin32) in the share, e.g. from `pip download helpdesk-0.1.0-py3-none-any.whl -d share
    # --only-binary :all: --platform win_amd64 --python-version 3.12`
    install-probe.ps1 -Wheel -Source \\files\it\helpdesk\wheels -Server https://helpdesk.example.org -Token 9f2c...

.EXAMPLE
    install-probe.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string]$Source,
    [string]$Server,
    [string]$Token,
    [string]$CaFile,
    [int]$Interval = 900,
    [switch]$Wheel,
    [string]$Python = "py",
    [string]$InstallDir = (Join-Path $env:ProgramFiles "Helpdesk Probe"),
    [switch]$Uninstall
)

$ErrorActionPreference = "Stop"
$StateDir = Join-Path $env:ProgramData "helpdesk-probe"
New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
Start-Transcript -Path (Join-Path $StateDir "deploy.log") -Append | Out-Null

function Invoke-Probe {
    param([string[]]$Arguments)
    & $script:Probe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "helpdesk-probe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

try {
    $isAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
        [Security.Principal.WindowsBuiltInRole]::Administrator)
    if (-not $isAdmin) { throw "Run as SYSTEM or from an elevated prompt: installing a service needs it." }

    $bundleExe = Join-Path $InstallDir "helpdesk-probe.exe"
    $venvExe = Join-Path $InstallDir "venv\Scripts\helpdesk-probe.exe"
    $script:Probe = if ($Wheel) { $venvExe } else { $bundleExe }

    if ($Uninstall) {
        foreach ($exe in @($bundleExe, $venvExe)) {
            if (Test-Path $exe) { $script:Probe = $exe; Invoke-Probe @("uninstall-service") }
        }
        if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
        Write-Output "Helpdesk probe removed (its state in $StateDir is kept)."
        exit 0
    }
    if (-not $Source) { throw "-Source is required: the share holding the probe bundle (or the wheels with -Wheel)." }

    # 1. Install or upgrade
    if ($Wheel) {
        if (-not (Test-Path $venvExe)) {
            & $Python -m venv (Join-Path $InstallDir "venv")
            if ($LASTEXITCODE -ne 0) { throw "Cannot create a venv with '$Python' (Python 3.11 or newer needed)." }
        }
        $venvPython = Join-Path $InstallDir "venv\Scripts\python.exe"
        & $venvPython -m pip install --upgrade --no-index --find-links $Source helpdesk
        if ($LASTEXITCODE -ne 0) { throw "pip could not install the probe from $Source" }
    } else {
        $newVersion = Get-Content -Raw -ErrorAction SilentlyContinue (Join-Path $Source "VERSION")
        $oldVersion = Get-Content -Raw -ErrorAction SilentlyContinue (Join-Path $InstallDir "VERSION")
        if (-not (Test-Path $bundleExe) -or $newVersion -ne $oldVersion) {
            if (Test-Path $bundleExe) { $script:Probe = $bundleExe; Invoke-Probe @("uninstall-service") }
            if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
            Copy-Item -Recurse -Path $Source -Destination $InstallDir
            Write-Output "Probe bundle $newVersion copied to $InstallDir"
        }
    }

    # 2. Enrol once
    if (-not (Test-Path (Join-Path $StateDir "state.json"))) {
        if (-not ($Server -and $Token)) { throw "Not enrolled yet: -Server and -Token are required." }
        $enrol = @("enrol", "--server", $Server, "--token", $Token)
        if ($CaFile) { $enrol += @("--ca-file", $CaFile) }
        Invoke-Probe $enrol
    }

    # 3. The service (re-installed each time: the host path may have changed with an upgrade)
    Invoke-Probe @("install-service", "--interval", "$Interval")
    Write-Output "Helpdesk probe installed and running."
    exit 0
} catch {
    Write-Error $_
    exit 1
} finally {
    Stop-Transcript | Out-Null
}
