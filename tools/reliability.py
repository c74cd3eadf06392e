#!/usr/bin/env python3
"""How reliably does the lessons' Java kernel start? Counts, not impressions (README, Reliability).

Three loops, each bounded and each printing its counts:

1. --cells N (default 100): N consecutive `nbconvert --execute` runs of a one-cell notebook
   (`int x = 1 + 1;`) with the start retry *disabled*: every kernel start must answer.
2. --server N (default 30): one Jupyter server started by `./lessons lab`; N kernels started
   through its REST API (POST /api/kernels), each asked for kernel_info over the server's
   websocket, then shut down (DELETE). A kernel that does not answer in --hang seconds is a hang.
3. --lesson1 N (default 20): N consecutive executions of lesson 1 with the runner's normal start
   retry (at most 2 retries); an unhandled failure is one the retry did not absorb.
4. --browser N (default 20): in one JupyterLab from `./lessons lab` and one Chromium, N times
   Kernel > "Restart Kernel and Run All Cells" in lesson 1 (tools/browser/lab_test.mjs); counts the
   runs with a lost cell (no execution count) or a hung one (still [*] after 5 minutes).

Usage: reliability.py --lessons PATH/TO/lessons [--cells 100] [--server 30] [--lesson1 20] [--browser 20]
                      [--out DIR]
Not run in CI (about 30 minutes). Runs in the lessons' Jupyter environment (tornado, nbconvert).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test  # noqa: E402
import run_notebooks  # noqa: E402
import smoke_lab  # noqa: E402

KERNEL = "lstm-java"


def one_cell_notebook(path):
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "one-cell", "metadata": {},
                   "outputs": [], "source": ["int x = 1 + 1;"]}],
        "metadata": {"kernelspec": {"display_name": "Java (LSTM lessons)", "language": "java", "name": KERNEL},
                     "language_info": {"name": "java"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    with open(path, "w") as f:
        json.dump(nb, f)


def executions(nb, n, retries, out, label):
    """n consecutive runs of one notebook; returns (verdict counts, seconds per run, retries fired)."""
    counts, seconds, fired = {}, [], 0
    os.makedirs(out, exist_ok=True)
    for i in range(1, n + 1):
        verdict, attempts, _ = run_notebooks.run_one(nb, out, timeout=300, retries=retries,
                                                     log=lambda m: print("    " + m.strip(), flush=True))
        counts[verdict] = counts.get(verdict, 0) + 1
        fired += sum(1 for a in attempts if a["verdict"] == "start-failure")
        seconds.append(sum(a["seconds"] for a in attempts))
        if verdict != "ok" or i % 10 == 0 or i == n:
            print("  %s %d/%d: %s (%.1fs); so far %s" % (label, i, n, verdict, seconds[-1], counts), flush=True)
    return counts, seconds, fired


def request(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        text = r.read().decode()
        return r.status, (json.loads(text) if text else None)


def kernel_info_over_websocket(ws_url, hang_seconds):
    """Seconds until kernel_info_reply arrives on the server's websocket, or None on a hang."""
    from tornado import gen, ioloop, websocket

    msg_id = uuid.uuid4().hex
    session = uuid.uuid4().hex

    async def ask():
        conn = await gen.with_timeout(time.time() + hang_seconds, websocket.websocket_connect(ws_url))
        try:
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": "reliability", "session": session,
                           "msg_type": "kernel_info_request", "version": "5.3",
                           "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())},
                "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
            deadline = time.time() + hang_seconds
            while True:
                left = deadline - time.time()
                if left <= 0:
                    return False
                raw = await gen.with_timeout(time.time() + left, conn.read_message())
                if raw is None:
                    return False
                if isinstance(raw, bytes):
                    continue
                msg = json.loads(raw)
                if (msg.get("msg_type") == "kernel_info_reply"
                        and msg.get("parent_header", {}).get("msg_id") == msg_id):
                    return True
        finally:
            conn.close()

    try:
        return ioloop.IOLoop(make_current=False).run_sync(ask)
    except gen.TimeoutError:
        return False


def server_starts(lessons, n, hang_seconds):
    """n kernel starts through a running server's REST API; returns (ok, hangs, start seconds)."""
    port = smoke_lab.free_port()
    token = uuid.uuid4().hex
    env = dict(os.environ, LESSONS_PORT=str(port), JUPYTER_TOKEN=token)
    proc = smoke_lab.start_lab(lessons, env, stdout=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    ok, hangs, seconds = 0, 0, []
    try:
        deadline = time.time() + 300
        while time.time() < deadline and smoke_lab.status(base + "/api") != 200:
            if proc.poll() is not None:
                raise SystemExit("reliability: ./lessons lab exited with %s" % proc.returncode)
            time.sleep(0.5)
        for i in range(1, n + 1):
            t0 = time.time()
            status, kernel = request("POST", "%s/api/kernels?token=%s" % (base, token), {"name": KERNEL})
            if status not in (200, 201):
                raise SystemExit("reliability: POST /api/kernels answered %s" % status)
            ws = "ws://127.0.0.1:%d/api/kernels/%s/channels?token=%s" % (port, kernel["id"], token)
            answered = kernel_info_over_websocket(ws, hang_seconds)
            took = time.time() - t0
            if answered:
                ok += 1
                seconds.append(took)
            else:
                hangs += 1
            try:
                request("DELETE", "%s/api/kernels/%s?token=%s" % (base, kernel["id"], token), timeout=60)
            except (urllib.error.URLError, OSError) as e:
                print("  warning: DELETE of kernel %d failed: %s" % (i, e), flush=True)
            if not answered or i % 10 == 0 or i == n:
                print("  server start %d/%d: %s (%.1fs); so far %d ok, %d hangs"
                      % (i, n, "ok" if answered else "HANG", took, ok, hangs), flush=True)
    finally:
        smoke_lab.stop(proc, timeout=30)
    return ok, hangs, seconds


def median(xs):
    return "%.1fs" % statistics.median(xs) if xs else "n/a"


def main(argv=None):
    p = argparse.ArgumentParser(description="Count how reliably the lessons' Java kernel starts.")
    p.add_argument("--lessons", required=True, help="path to the ./lessons script")
    p.add_argument("--cells", type=int, default=100, help="one-cell executions without retry (default 100)")
    p.add_argument("--server", type=int, default=30, help="kernel starts through the REST API (default 30)")
    p.add_argument("--lesson1", type=int, default=20, help="executions of lesson 1 with retry (default 20)")
    p.add_argument("--browser", type=int, default=20,
                   help="browser Restart Kernel and Run All runs of lesson 1 (default 20)")
    p.add_argument("--hang", type=int, default=60, help="seconds without kernel_info_reply that count as a hang")
    p.add_argument("--out", default=None, help="folder for executed copies (default: a temp folder)")
    args = p.parse_args(argv)

    root = os.path.dirname(os.path.abspath(args.lessons))
    out = args.out or tempfile.mkdtemp(prefix="lessons-reliability-")
    os.makedirs(out, exist_ok=True)
    lines, bad = [], 0

    if args.cells:
        nb = os.path.join(out, "one-cell.ipynb")
        one_cell_notebook(nb)
        print("1. %d one-cell executions, start retry disabled" % args.cells, flush=True)
        counts, secs, _ = executions(nb, args.cells, 0, os.path.join(out, "cells"), "one-cell")
        failures = args.cells - counts.get("ok", 0)
        bad += failures
        lines.append("one-cell executions without retry: %d/%d ok, %d failures %s; median %s per execution "
                     "(nbconvert start + kernel start + 1 cell)" % (counts.get("ok", 0), args.cells, failures,
                                                                   counts, median(secs)))
    if args.server:
        print("2. %d kernel starts through a running Jupyter server's REST API" % args.server, flush=True)
        ok, hangs, secs = server_starts(args.lessons, args.server, args.hang)
        bad += hangs
        lines.append("REST API kernel starts + kernel_info round trip: %d/%d ok, %d hangs; median start "
                     "(POST to kernel_info_reply) %s" % (ok, args.server, hangs, median(secs)))
    if args.lesson1:
        nb = os.path.join(root, "notebooks", "01-lstm-basics.ipynb")
        print("3. %d executions of lesson 1, start retry enabled (at most 2 retries)" % args.lesson1, flush=True)
        counts, secs, fired = executions(nb, args.lesson1, 2, os.path.join(out, "lesson1"), "lesson 1")
        failures = args.lesson1 - counts.get("ok", 0)
        bad += failures
        lines.append("lesson 1 executions: %d/%d ok, %d unhandled failures, start retries fired %d; median %s"
                     % (counts.get("ok", 0), args.lesson1, failures, fired, median(secs)))

    if args.browser:
        print("4. %d browser runs of lesson 1: Restart Kernel and Run All Cells in JupyterLab" % args.browser,
              flush=True)
        shots = os.path.join(out, "browser")
        browser_test.with_lab(args.lessons, lambda url: browser_test.drive(
            url, shots, ["01-lstm-basics.ipynb"], repeat=args.browser, timeout=300), fast=False)
        try:
            with open(os.path.join(shots, "summary.json")) as f:
                s = json.load(f)
        except (OSError, ValueError):
            s = {"runs": 0, "clean": 0, "hung": 0, "lost": 0, "failures": []}
        failed_runs = args.browser - s["clean"]
        bad += failed_runs
        lines.append("browser Restart Kernel and Run All, lesson 1: %d/%d clean, %d with a problem; "
                     "lost cells %d, hung cells %d%s" % (s["clean"], args.browser, failed_runs, s["lost"], s["hung"],
                                                         "".join("\n    " + f["failure"] for f in s["failures"])))
    print("\nreliability summary:")
    for line in lines:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
