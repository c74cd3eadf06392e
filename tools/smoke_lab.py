#!/usr/bin/env python3
"""Helpers to start `./lessons lab` as a user would and check it (browser_test.py, reliability.py,
image_test.py): a free port, the URL with its token, Jupyter's API answering only with the token.
Every wait is bounded; stop() ends Jupyter and its kernels.
"""
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def start_lab(lessons, env, stdout=subprocess.PIPE):
    """`./lessons lab` in its own process group (so stop() ends Jupyter and its kernels too)."""
    return subprocess.Popen([lessons, "lab"], stdout=stdout, stderr=subprocess.DEVNULL, text=True,
                            env=env, start_new_session=True)


def stop(proc, timeout=20):
    """SIGTERM to the whole process group, SIGKILL if it is still there after `timeout` seconds."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def wait_for_url(proc, port, seconds=300):
    """The tokened URL that `./lessons lab` prints (set-up included: a Maven build when sources changed)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            return None
        if line.startswith("http://127.0.0.1:%d/" % port):
            return line.strip()
    return None


def wait_for_api(base, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline and status(base + "/api") is None:
        time.sleep(0.5)


def check_token(base, token):
    """Jupyter's API answers 200 with the token, 403 without it or with a wrong one. Returns a problem or None."""
    with_token = status("%s/api/kernels?token=%s" % (base, token))
    without = status(base + "/api/kernels")
    wrong = status(base + "/api/kernels?token=not-the-token")
    print("smoke_lab: /api/kernels with token -> %s, without -> %s, wrong token -> %s" % (with_token, without, wrong),
          flush=True)
    if (with_token, without, wrong) != (200, 403, 403):
        return "expected 200 with the token, 403 without it and with a wrong one"
    return None
