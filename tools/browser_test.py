#!/usr/bin/env python3
"""The lessons in a real browser (./lessons test, image-test, reliability).

Starts `./lessons lab` on a free port as a user would (its own random token, fast mode), checks that
Jupyter's API answers only with that token, then runs tools/browser/lab_test.mjs: Debian's Chromium,
driven by playwright-core, runs Kernel > "Restart Kernel and Run All Cells" in lessons 1 and 2 and
lesson 3 with its live chart checked (see that file for what is asserted). With --url it drives a
JupyterLab that is already running (the Docker image's) instead.

Usage: browser_test.py --lessons PATH/TO/lessons --out DIR [--url URL] [--repeat N] [--timeout S]
                       [--notebook NAME[:live]]...
Exit 0 if every notebook run passed. Screenshots go to --out.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smoke_lab  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "browser", "lab_test.mjs")
# What ./lessons test opens: lessons 1 and 2, then lesson 3 with its live chart watched.
DEFAULT_NOTEBOOKS = ["01-lstm-basics.ipynb", "02-stacked-lstm.ipynb", "03-mnist-lstm.ipynb:live"]
# What the image and Binder tests open in their containers: lesson 1 (the kernel, tables, charts) and
# lesson 3 (data fetched inside the container, a live chart); lesson 2 adds nothing a container changes.
CONTAINER_NOTEBOOKS = ["01-lstm-basics.ipynb", "03-mnist-lstm.ipynb:live"]


def drive(url, out, notebooks, repeat=1, timeout=600):
    """Runs the browser test against a JupyterLab at `url` (with ?token=); returns its exit code."""
    cmd = ["node", SCRIPT, "--url", url, "--out", out, "--repeat", str(repeat), "--timeout", str(timeout)]
    for nb in notebooks:
        cmd += ["--notebook", nb]
    # the whole run is bounded: every notebook's own limit, plus start-up
    limit = repeat * len(notebooks) * (timeout + 150) + 120
    try:
        return subprocess.run(cmd, timeout=limit).returncode
    except subprocess.TimeoutExpired:
        print("browser_test: the browser test ran past %d s and was stopped" % limit, flush=True)
        return 1


def with_lab(lessons, action, fast=True):
    """Starts ./lessons lab (fast mode unless told otherwise), checks its token, calls action(url)."""
    port = smoke_lab.free_port()
    env = dict(os.environ, LESSONS_PORT=str(port))
    env.pop("JUPYTER_TOKEN", None)   # ./lessons lab makes a random one, as for a user
    if fast:
        env.setdefault("LSTM_LESSONS_FAST", "1")
    # the test changes a display setting and opens tabs: in folders of its own, never the user's
    scratch = tempfile.mkdtemp(prefix="lessons-browser-test-")
    env["JUPYTERLAB_SETTINGS_DIR"] = os.path.join(scratch, "user-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = os.path.join(scratch, "workspaces")
    proc = smoke_lab.start_lab(lessons, env)
    try:
        url = smoke_lab.wait_for_url(proc, port)
        if url is None:
            print("browser_test: ./lessons lab printed no URL", file=sys.stderr)
            return 1
        base = "http://127.0.0.1:%d" % port
        smoke_lab.wait_for_api(base)
        problem = smoke_lab.check_token(base, url.split("token=", 1)[1])
        if problem:
            print("browser_test: " + problem, file=sys.stderr)
            return 1
        return action(url)
    finally:
        smoke_lab.stop(proc)
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lessons", help="path to ./lessons (starts its lab); not needed with --url")
    p.add_argument("--url", help="a running JupyterLab's URL with ?token= (e.g. the Docker image's)")
    p.add_argument("--out", required=True, help="folder for screenshots")
    p.add_argument("--notebook", action="append", help="NAME[:live], relative to JupyterLab's root (repeatable)")
    p.add_argument("--repeat", type=int, default=1, help="run the notebooks N times (reliability)")
    p.add_argument("--timeout", type=int, default=600, help="seconds per notebook run")
    args = p.parse_args(argv)
    notebooks = args.notebook or DEFAULT_NOTEBOOKS
    os.makedirs(args.out, exist_ok=True)

    def action(url):
        return drive(url, args.out, notebooks, args.repeat, args.timeout)

    if args.url:
        return action(args.url)
    if not args.lessons:
        p.error("give --lessons or --url")
    return with_lab(args.lessons, action)


if __name__ == "__main__":
    sys.exit(main())
