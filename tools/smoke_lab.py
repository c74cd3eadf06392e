#!/usr/bin/env python3
"""Starts `./lessons lab` on a free port and checks Jupyter's API: 200 with the token, 403 without.

Usage: smoke_lab.py PATH/TO/lessons        (every wait is bounded; the server is always stopped)
"""
import os
import signal
import socket
import subprocess
import sys
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


def main(lessons):
    port = free_port()
    env = dict(os.environ, LESSONS_PORT=str(port))
    env.pop("JUPYTER_TOKEN", None)
    proc = start_lab(lessons, env)
    try:
        url = None
        deadline = time.time() + 300  # includes the set-up step (a Maven build when sources changed)
        while time.time() < deadline and url is None:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("http://127.0.0.1:%d/" % port):
                url = line.strip()
        if url is None:
            print("smoke_lab: ./lessons lab printed no URL", file=sys.stderr)
            return 1
        token = url.split("token=", 1)[1]
        base = "http://127.0.0.1:%d" % port
        deadline = time.time() + 60
        while time.time() < deadline and status(base + "/api") is None:
            time.sleep(0.5)
        with_token = status("%s/api/kernels?token=%s" % (base, token))
        without = status(base + "/api/kernels")
        wrong = status(base + "/api/kernels?token=not-the-token")
        print("smoke_lab: /api/kernels with token -> %s, without -> %s, wrong token -> %s" % (with_token, without, wrong))
        return 0 if (with_token == 200 and without == 403 and wrong == 403) else 1
    finally:
        stop(proc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
