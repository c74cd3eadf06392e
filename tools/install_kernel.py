#!/usr/bin/env python3
"""Install the Jupyter kernel spec the lessons run on: "lstm-java", display name "Java (LSTM lessons)".

The kernel is JJava (PyPI: jjava, pinned in requirements.txt), the maintained successor of IJava.
The spec is a folder with two files:

* kernel.json -- runs start-kernel.sh with the connection file; its environment gives JJava the
  lessons' classpath (lib/ and its dependencies, built by Maven) in JJAVA_CLASSPATH, so notebooks
  need no magics;
* start-kernel.sh -- starts jjava.jar in a JVM with the lessons' options. It reads two settings
  from the environment of the Jupyter that starts the kernel, at every kernel start (not at
  install time): OMP_NUM_THREADS (ND4J's native threads; 1 when unset) and LESSONS_JVM_OPTS
  (extra JVM options, after ours, so for -Xmx and -Dkey=value they win).

The script `exec`s the JVM, so the kernel is one process: when Jupyter restarts or kills a kernel,
nothing is left behind (JJava's own launcher starts a second JVM and waits for it).

Usage: install_kernel.py --root REPO [--prefix DIR | --user | --sys-prefix] [--java JAVA]

Standard library only; called by ./lessons (setup, lab, test, kernel) and the Dockerfile.
"""
import argparse
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

NAME = "lstm-java"
DISPLAY_NAME = "Java (LSTM lessons)"
SCRIPT = "start-kernel.sh"

# JVM options every lesson kernel gets. -Xmx is the Java heap; ND4J's native (off-heap) memory
# is capped separately by JavaCPP (maxbytes, maxphysicalbytes). LESSONS_JVM_OPTS comes after these.
DEFAULT_JVM_OPTS = [
    "-Xmx3g",
    "-Dorg.bytedeco.javacpp.maxbytes=6g",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=10g",
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
]
# JJava compiles cells with JShell's internals; its own launcher opens them the same way.
JJAVA_JVM_OPTS = ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"]

# OpenMP threads for ND4J's native code when the user has not chosen: on small machines one
# thread is much faster than many (the JVM's own GC/JIT threads compete). See README, Performance.
DEFAULT_OMP_THREADS = "1"


class InstallError(Exception):
    """A problem the user can fix; the message says how."""


def notebook_classpath(root):
    """lib's jar followed by every runtime dependency jar, as absolute paths (globs not expanded)."""
    lib_target = os.path.join(root, "lib", "target")
    jars = sorted(glob.glob(os.path.join(lib_target, "lstm-lessons-lib-*.jar")))
    jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))]
    deps = os.path.join(lib_target, "notebook-classpath")
    if not jars or not os.path.isdir(deps) or not glob.glob(os.path.join(deps, "*.jar")):
        raise InstallError(
            "lib is not built: %s has no lstm-lessons-lib jar or notebook-classpath/. "
            "Run ./lessons setup (or ./mvnw package -DskipTests) first." % lib_target)
    return [jars[-1], os.path.join(deps, "*.jar")]


def java_executable(explicit=None):
    java = explicit or (os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None)
    java = java or shutil.which("java")
    if not java or not os.path.exists(java):
        raise InstallError("no java found: install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) "
                           "or set JAVA_HOME.")
    return os.path.realpath(java)


def list_specs():
    """The kernel specs this Python's Jupyter sees (`jupyter kernelspec list --json`)."""
    try:
        out = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise InstallError("%s cannot list Jupyter's kernel specs (%s): is jupyter_client installed "
                           "in it? ./lessons sets up its own environment (build/venv)." % (sys.executable, e))
    return json.loads(out).get("kernelspecs", {})


def find_jjava_jar(specs):
    """jjava.jar of the installed JJava kernel spec (the one pip's jjava package installs)."""
    for name, info in sorted(specs.items()):
        if name == NAME:
            continue
        resource_dir = info.get("resource_dir", "")
        argv = [a.replace("{resource_dir}", resource_dir) for a in info.get("spec", {}).get("argv", [])]
        for arg in argv:
            if os.path.basename(arg) == "jjava.jar":
                path = arg if os.path.isabs(arg) else os.path.join(resource_dir, arg)
                if os.path.isfile(path):
                    return path
    raise InstallError("no JJava kernel found (jupyter kernelspec list shows none with a jjava.jar). "
                       "./lessons installs it from PyPI (requirements.txt); by hand: pip install -r requirements.txt, "
                       "or unpack JJava's release zip and run: jupyter kernelspec install FOLDER --user --name=java")


def start_script(java, jar):
    """start-kernel.sh: the settings are read when a kernel starts, so changing them needs no reinstall."""
    fixed = " ".join(shlex.quote(a) for a in [java] + DEFAULT_JVM_OPTS)
    return ("#!/bin/sh\n"
            "# Starts JJava for the LSTM lessons. Written by tools/install_kernel.py (./lessons kernel).\n"
            "# Read at every kernel start: OMP_NUM_THREADS (ND4J's threads, default %s) and\n"
            "# LESSONS_JVM_OPTS (extra JVM options, after ours, so they win), e.g. -Xmx6g.\n"
            "export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-%s}\"\n"
            "# shellcheck disable=SC2086  (LESSONS_JVM_OPTS is a list of options, split on spaces)\n"
            "exec %s $LESSONS_JVM_OPTS %s -jar %s \"$1\"\n"
            % (DEFAULT_OMP_THREADS, DEFAULT_OMP_THREADS, fixed, " ".join(JJAVA_JVM_OPTS), shlex.quote(jar)))


def kernel_spec(root):
    return {
        "argv": ["/bin/sh", "{resource_dir}/" + SCRIPT, "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            # JJava splits JJAVA_CLASSPATH on the path separator and expands each entry as a glob
            "JJAVA_CLASSPATH": os.pathsep.join(notebook_classpath(root)),
            # no time limit per cell: a full training run takes minutes
            "JJAVA_TIMEOUT": "-1",
        },
        "metadata": {"lstm_lessons": {"kernel": "jjava"}},
    }


def kernels_dir(args):
    if args.prefix:
        return os.path.join(os.path.abspath(args.prefix), "kernels")
    if args.user:
        from jupyter_core.paths import jupyter_data_dir
        return os.path.join(jupyter_data_dir(), "kernels")
    return os.path.join(sys.prefix, "share", "jupyter", "kernels")


def write_spec(files, directory):
    """Writes the spec's files into a new folder beside `directory`, checks kernel.json, then swaps
    the folder in: a kernel never starts from a half-written spec. Files are readable by everyone
    (root installs the spec for the user who runs Jupyter in the Docker image)."""
    parent = os.path.dirname(directory)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(directory) + ".", dir=parent)
    try:
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(os.path.join(tmp, name), 0o755 if name.endswith(".sh") else 0o644)
        with open(os.path.join(tmp, "kernel.json"), encoding="utf-8") as f:
            json.load(f)
        os.chmod(tmp, 0o755)
        old = None
        if os.path.exists(directory):
            old = directory + ".old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(directory, old)
        os.replace(tmp, directory)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", required=True, help="the repository root")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--prefix", help="a JUPYTER_PATH entry to install into (its kernels/ folder)")
    where.add_argument("--user", action="store_true", help="install for this user (~/.local/share/jupyter)")
    where.add_argument("--sys-prefix", action="store_true", help="install into this Python's prefix")
    p.add_argument("--java", help="java executable (default: $JAVA_HOME/bin/java or java on PATH)")
    args = p.parse_args(argv)
    try:
        root = os.path.abspath(args.root)
        java = java_executable(args.java)
        jar = find_jjava_jar(list_specs())
        spec = kernel_spec(root)
        target = os.path.join(kernels_dir(args), NAME)
        write_spec({"kernel.json": json.dumps(spec, indent=2) + "\n", SCRIPT: start_script(java, jar)}, target)
        print("installed kernel spec '%s' (JJava, %s) in %s" % (NAME, jar, target))
        return 0
    except InstallError as e:
        print("install_kernel: " + str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
