"""No network: `rumour tag` and `rumour report` run on a hostile folder with every outside
connection refused and recorded.

The commands run in subprocesses whose Python (and every Python they start, such as
the notebooks' kernel) loads a ``sitecustomize`` from PYTHONPATH that installs an
audit hook: connecting to, sending to or looking up any address that is not this
machine raises, and is written to a log. A control run proves the hook is loaded and
catches a real request; the log also proves the kernel process loaded it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rumourlib import paths

SITECUSTOMIZE = textwrap.dedent('''
    import os, socket, sys

    _LOG = os.environ["RUMOUR_NET_LOG"]
    _LOCAL = {"localhost", "::1", "0.0.0.0", "::", ""}

    def _note(line):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(line + "\\n")

    def _is_local(host):
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        return host is None or str(host) in _LOCAL or str(host).startswith("127.")

    def _hook(event, args):
        if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
            sock, address = args[0], args[-1]
            if sock.family == getattr(socket, "AF_UNIX", None) or not isinstance(address, tuple):
                return
            host = address[0]
        elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                       "socket.gethostbyaddr"):
            host = args[0]
        else:
            return
        if _is_local(host):
            return
        _note(f"BLOCKED {event} {host!r} pid={os.getpid()} argv={sys.orig_argv[:4]!r}")
        raise PermissionError(f"network access blocked by the test: {event} {host!r}")

    _note(f"loaded pid={os.getpid()} argv={sys.orig_argv[:4]!r}")
    sys.addaudithook(_hook)
''')


sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import make_fixtures as fixtures  # noqa: E402  (tests/hostile/make_fixtures.py)


def scratch_root(tmp_path: Path) -> Path:
    """A project root for the subprocesses (RUMOUR_ROOT): the real knowledge files and notebooks,
    but its own figures/ and reports/, so the run does not rewrite the committed figures."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    for name in sorted(p.name for p in paths.DATA.iterdir() if p.name != "processed"):
        (root / "data" / name).symlink_to(paths.DATA / name)
    (root / "notebooks").symlink_to(paths.NOTEBOOKS)
    (root / "figures").mkdir()
    (root / "reports").mkdir()
    return root


@pytest.fixture()
def offline(tmp_path):
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = dict(os.environ, RUMOUR_NET_LOG=str(log), RUMOUR_ROOT=str(scratch_root(tmp_path)),
               PYTHONPATH=os.pathsep.join(filter(None, [str(hook_dir), os.environ.get("PYTHONPATH")])))

    def run(argv: list[str], timeout: int = 600) -> subprocess.CompletedProcess:
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)

    run.log = log
    return run


def blocked(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if line.startswith("BLOCKED")] if log.exists() else []


def test_the_blocker_is_loaded_and_catches_a_request(offline):
    proc = offline([sys.executable, "-c", "import urllib.request; urllib.request.urlopen('http://example.org/', "
                                          "timeout=5)"])
    assert proc.returncode != 0 and "network access blocked by the test" in proc.stderr
    assert blocked(offline.log) and "example.org" in blocked(offline.log)[0]


def test_tagging_and_the_report_make_no_connection(offline, tmp_path):
    corpus = tmp_path / "corpus"
    fixtures.small(corpus)
    out, processed, page = tmp_path / "out", tmp_path / "processed", tmp_path / "report" / "report.html"
    tagged = offline([sys.executable, "-m", "rumourlib.cli", "tag", str(corpus), "--out", str(out),
                      "--format", "csv,parquet"])
    assert tagged.returncode == 0, tagged.stderr[-2000:]
    report = offline([sys.executable, "-m", "rumourlib.cli", "report", "--corpus", str(corpus),
                      "--processed", str(processed), "--out", str(page)])
    assert report.returncode == 0, report.stderr[-3000:]
    assert blocked(offline.log) == []
    loaded = [line for line in offline.log.read_text().splitlines() if line.startswith("loaded")]
    assert any("ipykernel" in line for line in loaded), "the notebooks' kernel ran under the blocker too"
    assert list((tmp_path / "root" / "figures").iterdir()), "the figures went to the scratch root"
    html = page.read_text(encoding="utf-8")
    for raw in ("<script>alert(", "onerror=\"alert", "javascript:alert", "url(//evil.example"):
        assert raw not in html, f"document text reached the report as markup: {raw}"
