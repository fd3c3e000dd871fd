"""The Board pack printed to PDF by headless Chromium: the only process run outside gitrepo.

The PDF is the HTML page as a browser prints it on A4 (the page's own @page rules), so the two
never disagree. Chromium runs with a fresh profile in a temporary folder, with every background
service that would reach the network turned off; the page itself loads nothing from outside.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from actiontrack.errors import ActiontrackError, NotFoundError
from actiontrack.wording import one_line

# Where Debian, Ubuntu and Google's packages install it; ACTIONTRACK_CHROMIUM names another.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Printing takes about 25 s per MB of page on a busy 2-core machine (the 1,000-plan pack: 11 MB,
# 2,099 A4 pages, under 5 minutes: docs/performance.md); four times that means Chromium is stuck.
TIMEOUT_BASE, TIMEOUT_PER_MB = 60.0, 60.0


class ChromiumError(ActiontrackError):
    """Chromium ran but did not print the page."""

    exit_code = 5  # a tool actiontrack runs failed (README: exit codes)


def find_chromium() -> str:
    """The Chromium executable: $ACTIONTRACK_CHROMIUM, else the first of CANDIDATES on PATH."""
    given = os.environ.get("ACTIONTRACK_CHROMIUM")
    if given:
        found = shutil.which(given)
        if found is None:
            raise NotFoundError(f"ACTIONTRACK_CHROMIUM={given} is not an executable")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise NotFoundError("--format pdf needs Chromium, and none was found (chromium or google-chrome on PATH, "
                        "or ACTIONTRACK_CHROMIUM): install it (Debian and Ubuntu: apt-get install chromium), "
                        "or write --format html and print it from a browser")


def chromium_args(profile: Path) -> list[str]:
    """The flags every headless run takes: a fresh profile, nothing in the background, no network chatter."""
    args = ["--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
            f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return args


def html_to_pdf(html: str) -> bytes:
    """The page printed to PDF on A4, as Chromium prints it."""
    exe = find_chromium()
    with tempfile.TemporaryDirectory(prefix="actiontrack-pdf-") as tmp:
        folder = Path(tmp)
        page, out = folder / "board-pack.html", folder / "board-pack.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, *chromium_args(folder / "profile"), "--no-pdf-header-footer", f"--print-to-pdf={out}",
               page.as_uri()]
        size = len(html.encode("utf-8"))
        returncode, stderr = _run(cmd, timeout_for(size))
        if returncode == 0 and not (out.is_file() and out.stat().st_size):
            # Measured: a 24 MB page (1,000 plans of 50 actions, escalations included) makes
            # Chromium end after 100 s with no file and no message; 11 MB printed (2,099 pages).
            raise ChromiumError(f"Chromium ended without writing the PDF: a page of {size / 1e6:.1f} MB may be more "
                                "than it can print; narrow the pack with --plan, or keep the HTML")
        if returncode != 0 or not out.is_file():
            raise ChromiumError(f"Chromium did not print the page (exit {returncode}): {_last_error(stderr)}")
        return out.read_bytes()


def timeout_for(size: int) -> float:
    """How long Chromium may take to print a page of `size` bytes before it counts as stuck."""
    return TIMEOUT_BASE + TIMEOUT_PER_MB * size / 1_000_000


def _run(cmd: list[str], timeout: float) -> tuple[int, bytes]:
    """Run Chromium in a process group of its own, so that on a timeout none of its helpers is left."""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as exc:
        raise ChromiumError(f"cannot run {cmd[0]}: {exc.strerror}") from None
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ChromiumError(f"Chromium did not print the page within {timeout:.0f} s") from None
    except BaseException:  # interrupted (Ctrl-C): take Chromium down with us
        _kill_group(proc)
        raise
    return proc.returncode, stderr


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


# Lines Chromium logs on every run in a container, whatever happens: never the reason it stopped.
_NOISE = ("dbus", "D-Bus", "cpufreq", "vaapi", "Floss", "sandbox_linux", "unexpected operator")


def _last_error(stderr: bytes) -> str:
    # Chromium logs much that is harmless (D-Bus, GPU probes): its last ERROR line says why it stopped.
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not any(noise in line for noise in _NOISE)]
    errors = [line for line in lines if "ERROR" in line or "FATAL" in line]
    return one_line((errors or lines or ["no message"])[-1])[:300]
