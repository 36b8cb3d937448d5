"""Shared helpers of the end-to-end tests: run the real binary, extract corpora, compare.

Every test gets the binary, the corpora folder and a scratch folder from the environment that
tests/CMakeLists.txt sets. Expectations must be derived independently of mailscope (file
counts, Python's mailbox and email packages, readpst), never copied from its own output.
"""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("MAILSCOPE_BIN", "")
CORPORA = os.environ.get("MAILSCOPE_CORPORA", "")
WORK = os.environ.get("MAILSCOPE_WORK", os.path.join(tempfile.gettempdir(), "mailscope-test"))
SOURCE = os.environ.get("MAILSCOPE_SOURCE", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(SOURCE, "tests", "data")
DEMO = os.path.join(SOURCE, "examples", "demo", "mail")


def require_binary():
    if not BIN or not os.access(BIN, os.X_OK):
        sys.exit(f"MAILSCOPE_BIN is not an executable: {BIN!r} (run through ctest)")


def corpus(name):
    """Path of an extracted corpus folder (<WORK>/corpora/<name>), extracting it once.

    Safe under `ctest -j`: a lock file serialises extraction; a marker file records success.
    """
    archive = os.path.join(CORPORA, name + ".tar.zst")
    if not os.path.exists(archive):
        sys.exit(f"corpus archive missing: {archive} (tests need ../shared/corpora)")
    dest_root = os.path.join(WORK, "corpora")
    os.makedirs(dest_root, exist_ok=True)
    dest = os.path.join(dest_root, name)
    marker = dest + ".extracted"
    with open(os.path.join(dest_root, name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(marker):
            shutil.rmtree(dest, ignore_errors=True)
            subprocess.run(["tar", "--zstd", "-xf", archive, "-C", dest_root], check=True)
            open(marker, "w").close()
    return dest


def scratch(name):
    """A fresh, empty folder under WORK for one test."""
    path = os.path.join(WORK, "scratch", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


class Run:
    """The outcome of one mailscope invocation."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def __repr__(self):
        return f"mailscope {' '.join(self.args)} -> {self.code}\nstdout:\n{self.out[-3000:]}\nstderr:\n{self.err[-3000:]}"


def ms(*args, case=None, check=None, input=None, env=None, timeout=1200):
    """Runs mailscope with args (and --case when given). `check` asserts the exit code."""
    require_binary()
    argv = [str(a) for a in args]
    if case is not None:
        argv = argv[:1] + ["--case", str(case)] + argv[1:]
    e = dict(os.environ)
    e.pop("MAILSCOPE_CASE", None)
    if env:
        e.update(env)
    proc = subprocess.run([BIN] + argv, capture_output=True, text=True, input=input,
                          env=e, timeout=timeout, errors="replace")
    r = Run(argv, proc)
    if check is not None and r.code != check:
        raise AssertionError(f"expected exit {check}\n{r!r}")
    return r


def search_ids(case, query, *extra):
    """Case ids a query finds, in output order."""
    r = ms("search", query, "--format", "json", *extra, case=case)
    if r.code not in (0, 1):
        raise AssertionError(repr(r))
    return [o["id"] for o in r.json()]


def main():
    require_binary()
    unittest.main(verbosity=2)
