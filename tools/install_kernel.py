#!/usr/bin/env python3
"""Install the Jupyter kernel spec the lessons run on: "lstm-java", display name "Java (LSTM lessons)".

The spec puts the lessons' classpath (lib/ and its dependencies, built by Maven) in place through
the kernel's environment and sets the JVM options, so notebooks need no magics and work unchanged
on either kernel:

* rapaio  -- io.github.padreati:rapaio-jupyter-kernel from Maven Central (the default here),
             started through our launcher (kernel/ module) with RJK_CLASSPATH;
* jjava   -- JJava (pip install jjava==1.0a8, IJava's maintained successor), used when a JJava
             kernel spec is installed; classpath through JJAVA_CLASSPATH, JVM options through
             JJAVA_JVM_OPTS.

Usage: install_kernel.py --root REPO [--prefix DIR | --user | --sys-prefix] [--kernel auto|rapaio|jjava]

Standard library only; called by ./lessons (setup, lab, test) and the Dockerfile.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

NAME = "lstm-java"
DISPLAY_NAME = "Java (LSTM lessons)"
LAUNCHER_MAIN = "org.lstmlessons.kernel.LessonKernel"
RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp"

# JVM options every lesson kernel gets. -Xmx is the Java heap; ND4J's native (off-heap) memory
# is capped separately by javacpp (maxbytes, maxphysicalbytes). Override with LESSONS_JVM_OPTS.
DEFAULT_JVM_OPTS = [
    "-Xmx3g",
    "-Dorg.bytedeco.javacpp.maxbytes=6g",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=10g",
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
]

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


def kernel_classpath(root):
    target = os.path.join(root, "kernel", "target")
    jars = sorted(glob.glob(os.path.join(target, "lstm-lessons-kernel-*.jar")))
    deps = os.path.join(target, "kernel-classpath")
    if not jars or not glob.glob(os.path.join(deps, "rapaio-jupyter-kernel-*.jar")):
        raise InstallError(
            "kernel launcher is not built: %s has no lstm-lessons-kernel jar or kernel-classpath/. "
            "Run ./lessons setup (or ./mvnw package -DskipTests) first." % target)
    return jars[-1] + os.pathsep + os.path.join(deps, "*")


def jvm_opts():
    # LESSONS_JVM_OPTS goes after ours: for -Xmx and -Dkey=value the JVM keeps the last one given.
    return DEFAULT_JVM_OPTS + os.environ.get("LESSONS_JVM_OPTS", "").split()


def base_env():
    return {
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", DEFAULT_OMP_THREADS),
    }


def java_executable(explicit=None):
    java = explicit or (os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None)
    java = java or shutil.which("java")
    if not java or not os.path.exists(java):
        raise InstallError("no java found: install a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless) "
                           "or set JAVA_HOME.")
    return os.path.realpath(java)


def rapaio_spec(root, java):
    return {
        "argv": [java] + jvm_opts() + ["-cp", kernel_classpath(root), LAUNCHER_MAIN, "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": dict(base_env(), **{
            # rapaio splits RJK_CLASSPATH on ';' and expands each entry as a glob
            "RJK_CLASSPATH": ";".join(notebook_classpath(root)),
            "RJK_COMPILER_OPTIONS": "",
            "RJK_INIT_SCRIPT": "",
            "RJK_TIMEOUT_MILLIS": "-1",
        }),
        "metadata": {"lstm_lessons": {"kernel": "rapaio"}},
    }


def find_jjava_spec(specs):
    """The installed JJava kernel spec, from `jupyter kernelspec list --json` output, or None."""
    for name, info in sorted(specs.items()):
        argv = info.get("spec", {}).get("argv", [])
        if name == NAME:
            continue
        if any("jjava" in os.path.basename(a).lower() for a in argv):
            return name, info
    return None


def jjava_spec(root, java, jjava_info):
    resource_dir = jjava_info["resource_dir"]
    argv = [a.replace("{resource_dir}", resource_dir) for a in jjava_info["spec"]["argv"]]
    if "-jar" not in argv:
        raise InstallError("the JJava kernel spec in %s has no '-jar' in its argv (%s); "
                           "reinstall JJava (pip install jjava==1.0a8)." % (resource_dir, argv))
    jar = argv[argv.index("-jar") + 1]
    if not os.path.isabs(jar):
        jar = os.path.join(resource_dir, jar)
    opts = jvm_opts()
    # JVM options both in argv (a direct 'java -jar jjava.jar') and in JJAVA_JVM_OPTS (JJava's
    # launcher jar starts the kernel in a child JVM with these).
    new_argv = [java] + opts + ["-jar", jar] + argv[argv.index("-jar") + 2:]
    env = dict(jjava_info["spec"].get("env", {}))
    env.update(base_env())
    env.update({
        "JJAVA_CLASSPATH": os.pathsep.join(notebook_classpath(root)),
        "JJAVA_JVM_OPTS": " ".join(opts),
        "JJAVA_TIMEOUT": "-1",
    })
    return {
        "argv": new_argv,
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": jjava_info["spec"].get("interrupt_mode", "message"),
        "env": env,
        "metadata": {"lstm_lessons": {"kernel": "jjava"}},
    }


def list_specs():
    try:
        out = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        try:
            out = subprocess.run(["jupyter", "kernelspec", "list", "--json"],
                                 capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return {}
    return json.loads(out).get("kernelspecs", {})


def kernels_dir(args):
    if args.prefix:
        return os.path.join(os.path.abspath(args.prefix), "kernels")
    if args.user:
        from jupyter_core.paths import jupyter_data_dir
        return os.path.join(jupyter_data_dir(), "kernels")
    return os.path.join(sys.prefix, "share", "jupyter", "kernels")


def write_spec(spec, directory):
    """Writes kernel.json atomically: a temp file in the same folder, checked, then renamed."""
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kernel.json.", dir=directory)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(spec, f, indent=2)
            f.write("\n")
        with open(tmp) as f:
            json.load(f)
        # mkstemp makes the file private (0600); a spec installed by root for everyone (--sys-prefix,
        # the Docker image) must be readable by the user who runs Jupyter.
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(directory, "kernel.json"))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", required=True, help="the repository root")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--prefix", help="a JUPYTER_PATH entry to install into (its kernels/ folder)")
    where.add_argument("--user", action="store_true", help="install for this user (~/.local/share/jupyter)")
    where.add_argument("--sys-prefix", action="store_true", help="install into this Python's prefix")
    p.add_argument("--kernel", choices=["auto", "rapaio", "jjava"],
                   default=os.environ.get("LESSONS_KERNEL", "auto"),
                   help="which Java kernel (default: auto = JJava if installed, else rapaio)")
    p.add_argument("--java", help="java executable (default: $JAVA_HOME/bin/java or java on PATH)")
    args = p.parse_args(argv)
    try:
        root = os.path.abspath(args.root)
        java = java_executable(args.java)
        kind = args.kernel
        jj = None
        if kind in ("auto", "jjava"):
            jj = find_jjava_spec(list_specs())
            if kind == "jjava" and jj is None:
                raise InstallError("--kernel jjava: no JJava kernel spec found (jupyter kernelspec list). "
                                   "Install it with: pip install jjava==1.0a8")
            kind = "jjava" if jj else "rapaio"
        spec = jjava_spec(root, java, jj[1]) if kind == "jjava" else rapaio_spec(root, java)
        target = os.path.join(kernels_dir(args), NAME)
        write_spec(spec, target)
        print("installed kernel spec '%s' (%s) in %s" % (NAME, kind, target))
        return 0
    except InstallError as e:
        print("install_kernel: " + str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
