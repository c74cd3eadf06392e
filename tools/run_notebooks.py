#!/usr/bin/env python3
"""Execute lesson notebooks with `jupyter nbconvert --execute` and fail on any cell error.

* A kernel that fails to *start* (the two start-failure messages jupyter_client gives) is retried,
  at most --retries times, each retry logged; a cell error is never retried.
* An executed notebook must also be clean: no error outputs, no stderr stream (unless the cell is
  tagged "allow-stderr"), no local paths (the repository or home folder) in any output.
* Writes executed copies (and, with --html, HTML) into --out, and a run-summary.json there.

* --update writes each clean executed notebook back over its source, without run timestamps.

Usage: run_notebooks.py --out DIR [--html] [--update] [--retries 2] [--timeout 3600] NOTEBOOK...
Standard library + nbconvert (the lessons' Jupyter environment); called by ./lessons (test, notebooks, reliability).
"""
import argparse
import json
import os
import subprocess
import sys
import time

# What jupyter_client/nbclient say when the kernel process never answered kernel_info.
START_FAILURES = (
    "Kernel didn't respond in",
    "Kernel died before replying to kernel_info",
)
# What nbclient says when a cell raised: never retried.
CELL_FAILURES = ("CellExecutionError", "An error occurred while executing the following cell")


def classify(rc, stderr):
    """'ok', 'start-failure' (retry) or 'cell-error' / 'failed' (do not retry)."""
    if rc == 0:
        return "ok"
    if any(m in stderr for m in CELL_FAILURES):
        return "cell-error"
    if any(m in stderr for m in START_FAILURES):
        return "start-failure"
    return "failed"


def problems(nb_path, forbidden):
    """Everything that makes an executed notebook unclean, as human-readable lines."""
    with open(nb_path, encoding="utf-8") as f:
        nb = json.load(f)
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                found.append("cell %d: error output %s: %s" % (i, out.get("ename"), out.get("evalue")))
            if kind == "stream" and out.get("name") == "stderr" and "allow-stderr" not in tags:
                text = "".join(out.get("text", ""))
                found.append("cell %d: stderr output: %s" % (i, text.strip()[:300]))
            blob = json.dumps({k: v for k, v in out.items() if k != "data"}) + json.dumps(
                {k: v for k, v in out.get("data", {}).items() if k.startswith("text/")})
            for path in forbidden:
                if path and path in blob:
                    found.append("cell %d: output contains the local path %s" % (i, path))
    return found


def run_one(nb, out_dir, timeout, retries, log):
    name = os.path.splitext(os.path.basename(nb))[0]
    cmd = [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.timeout=%d" % timeout,
           "--ExecutePreprocessor.startup_timeout=60",
           "--output-dir", out_dir, "--output", name, nb]
    attempts = []
    for attempt in range(1, retries + 2):
        t0 = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                errors="replace")
        tail = []
        for line in proc.stderr:
            # nbconvert and the kernel log to stderr; keep the tail for the verdict
            tail.append(line)
            if len(tail) > 400:
                del tail[:100]
        rc = proc.wait()
        stderr = "".join(tail)
        verdict = classify(rc, stderr)
        seconds = time.time() - t0
        attempts.append({"attempt": attempt, "verdict": verdict, "seconds": round(seconds, 1)})
        if verdict == "start-failure" and attempt <= retries:
            msg = next((m for m in START_FAILURES if m in stderr), "start failure")
            log("  kernel start failed (attempt %d of %d): \"%s...\"; retrying" % (attempt, retries + 1, msg))
            continue
        if verdict != "ok":
            log("  FAILED (%s) after %.1fs; nbconvert said:\n%s" % (verdict, seconds, indent(stderr[-6000:])))
        return verdict, attempts, os.path.join(out_dir, name + ".ipynb")
    return verdict, attempts, os.path.join(out_dir, name + ".ipynb")


def indent(text):
    return "\n".join("    | " + line for line in text.rstrip().splitlines())


def for_commit(executed, target):
    """Writes the executed notebook over its source, without the run's timestamps (cell metadata
    'execution'), which would make every re-run a diff. Outputs and execution counts stay."""
    with open(executed, encoding="utf-8") as f:
        nb = json.load(f)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, target)


def to_html(executed):
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", executed],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv=None):
    p = argparse.ArgumentParser(description="Execute lesson notebooks; fail on any cell error.")
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--out", required=True, help="folder for the executed copies")
    p.add_argument("--html", action="store_true", help="also write HTML next to each executed copy")
    p.add_argument("--retries", type=int, default=int(os.environ.get("LESSONS_START_RETRIES", "2")),
                   help="retries after a kernel *start* failure (default 2, i.e. 3 tries)")
    p.add_argument("--timeout", type=int, default=3600, help="seconds per cell (default 3600)")
    p.add_argument("--update", action="store_true",
                   help="copy each clean executed notebook back over its source (outputs kept, timestamps dropped)")
    p.add_argument("--forbid-path", action="append", default=[],
                   help="a path that must not appear in outputs (repeatable)")
    args = p.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    forbidden = [os.path.realpath(x) for x in args.forbid_path]
    summary = []
    failed = 0

    def log(msg):
        print(msg, flush=True)

    for nb in args.notebooks:
        t0 = time.time()
        log("executing %s" % os.path.relpath(nb))
        verdict, attempts, executed = run_one(nb, args.out, args.timeout, args.retries, log)
        issues = problems(executed, forbidden) if verdict == "ok" else []
        if issues:
            verdict = "unclean"
            log("  FAILED: the executed notebook is not clean:\n" + indent("\n".join(issues)))
        if verdict == "ok" and args.html:
            to_html(executed)
        if verdict == "ok" and args.update:
            for_commit(executed, nb)
        seconds = time.time() - t0
        retries_fired = sum(1 for a in attempts if a["verdict"] == "start-failure")
        summary.append({"notebook": os.path.basename(nb), "verdict": verdict, "seconds": round(seconds, 1),
                        "start_retries": retries_fired, "attempts": attempts})
        if verdict == "ok":
            log("  ok in %.1fs%s" % (seconds, " (after %d start retries)" % retries_fired if retries_fired else ""))
        else:
            failed += 1

    with open(os.path.join(args.out, "run-summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    fired = sum(s["start_retries"] for s in summary)
    log("%d of %d notebooks ok; kernel start retries fired: %d" % (len(summary) - failed, len(summary), fired))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
