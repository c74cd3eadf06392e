#!/usr/bin/env python3
"""Execute lesson notebooks with `jupyter nbconvert --execute` and fail on any cell error.

* A kernel that fails to *start* (the two start-failure messages jupyter_client gives) is retried,
  at most --retries times, each retry logged; a cell error is never retried.
* An executed notebook must also be clean: no error outputs, no stderr stream (unless the cell is
  tagged "allow-stderr"), no local paths (the repository or home folder) in any output.
* Writes executed copies (and, with --html, HTML) into --out, and a run-summary.json there.

* --update writes each clean executed notebook back over its source, without run timestamps.
* --same-as-committed NAME (repeatable): the executed notebook must print exactly what its committed
  copy shows (text outputs cell by cell; images by kind only, their bytes vary with fonts): for the
  deterministic lessons 1 and 2, so that every number their prose quotes stays true.
* --verify: reports every number quoted in a notebook's markdown that its fresh outputs (and its code)
  no longer contain; a report for a person to read, not a failure.

Usage: run_notebooks.py --out DIR [--html] [--update] [--retries 2] [--timeout 3600] NOTEBOOK...
Standard library + nbconvert (the lessons' Jupyter environment); called by ./lessons (test, notebooks, reliability).
"""
import argparse
import json
import os
import re
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


def text_outputs(nb):
    """Per code cell, what it showed as text: streams and text results, and the kinds of its images.
    An image's text/plain (an object's hash) is left out: it changes on every run."""
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        shown = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                shown.append((out.get("name"), "".join(out.get("text", ""))))
            elif kind in ("execute_result", "display_data"):
                data = out.get("data", {})
                images = sorted(k for k in data if k.startswith("image/"))
                if images:
                    shown.append(("image", ",".join(images)))
                elif "text/html" in data or "text/plain" in data:
                    shown.append(("text", "".join(data.get("text/plain", data.get("text/html", "")))))
            elif kind == "error":
                shown.append(("error", out.get("ename", "")))
        cells.append(("".join(cell.get("source", ""))[:60].split("\n")[0], shown))
    return cells


def differences(committed_path, executed_path):
    """Lines naming every code cell whose text outputs differ between the committed and a fresh run."""
    with open(committed_path, encoding="utf-8") as f:
        before = text_outputs(json.load(f))
    with open(executed_path, encoding="utf-8") as f:
        after = text_outputs(json.load(f))
    if len(before) != len(after):
        return ["%d code cells committed, %d executed" % (len(before), len(after))]
    found = []
    for i, ((first_line, old), (_, new)) in enumerate(zip(before, after), 1):
        if old != new:
            found.append("code cell %d (%s): committed %r, now %r" % (i, first_line, old, new))
    return found


# A number as prose quotes it: 1,204,997 / 98.80 / 0.44 / -0.60 (a lone digit or two is too common to check).
NUMBER = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+\.\d+|(?<![\w.,])\d{3,}(?![\d,])")


def unquoted_numbers(nb):
    """Numbers in the markdown that no output and no code of the notebook contains, also not rounded
    (an output 0.9758 covers a quoted 97.6 % or 0.976; 173.91 covers 174)."""
    def plain(text):
        return text.replace(",", "").replace("\u2212", "-")
    seen = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            seen.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            seen.append("".join(out.get("text", "")))
            seen.append("".join(out.get("data", {}).get("text/plain", "")))
    values = set()
    for token in re.findall(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", plain("\n".join(seen))):
        values.add(float(token))

    def covered(quoted):
        decimals = len(quoted.split(".")[1]) if "." in quoted else 0
        q = float(quoted)
        return any(round(v, decimals) == q or round(100 * v, decimals) == q for v in values)

    missing = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for number in NUMBER.findall("".join(cell.get("source", "")).replace("{,}", ",")):   # LaTeX 98{,}816
            value = plain(number).lstrip("-")
            if not covered(value) and value not in missing:
                missing.append(value)
    return missing


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
    p.add_argument("--same-as-committed", action="append", default=[], metavar="NAME",
                   help="a notebook (name or number prefix) whose text outputs must equal its committed ones")
    p.add_argument("--verify", action="store_true",
                   help="report numbers quoted in markdown that the fresh outputs no longer contain")
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
        name = os.path.basename(nb)
        if verdict == "ok" and any(name.startswith(x) for x in args.same_as_committed):
            issues += ["output differs from the committed notebook: " + d for d in differences(nb, executed)]
        if verdict == "ok" and args.verify:
            with open(nb, encoding="utf-8") as f:
                committed = json.load(f)
            with open(executed, encoding="utf-8") as f:
                fresh = json.load(f)
            for cell, new in zip(committed.get("cells", []), fresh.get("cells", [])):
                new["source"] = cell.get("source", "")          # the committed prose against fresh outputs
            missing = unquoted_numbers(fresh)
            log("  verify: %s" % ("every number quoted in the markdown appears in the fresh outputs or the code"
                                  if not missing else "%d numbers quoted in the markdown appear in no fresh "
                                  "output (check the prose): %s" % (len(missing), ", ".join(missing))))
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
