#!/usr/bin/env python3
"""Builds the Docker image with podman and checks it the way a user would use it (./lessons image-test).

1. A Debian 12 base image from debootstrap (no registry needed), imported as localhost/debian:bookworm
   (kept between runs; --rebuild-base makes a new one). The machine's extra CA certificates go into it,
   so that TLS through an intercepting proxy works in the build.
2. `podman build` of the root Dockerfile's default variant (JJava + JupyterLab from PyPI, exactly
   what Docker users and Binder get), Docker format (for its HEALTHCHECK), the host network, and this
   machine's ~/.m2 mounted as the build stage's Maven repository (a cache: nothing is downloaded twice).
3. Starts the container on a free port with a token and fast mode, waits for its HEALTHCHECK, calls
   /api/kernels with the token (200), without it and with a wrong one (403), then runs the browser test
   (tools/browser_test.py: Chromium, "Restart Kernel and Run All Cells" in lessons 1 and 3) against the
   container's JupyterLab; screenshots in build/browser-image/.
4. Stops and removes the container, whatever happened. Every wait is bounded.

podman runs with project-local configuration (build/containers/: runc, file limits, host network,
overlay storage), so the machine's own container settings are neither needed nor changed.

Usage: image_test.py --root REPO [--keep-image] [--rebuild-base]
"""
import argparse
import glob
import os
import secrets
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test  # noqa: E402
import smoke_lab  # noqa: E402  (free_port, wait_for_api, check_token)

BASE = "localhost/debian:bookworm"
IMAGE = "localhost/lstm-lessons:test"
CONTAINER = "lstm-lessons-image-test"
MIRROR = "http://deb.debian.org/debian"


class Failed(Exception):
    pass


def log(msg):
    print("[image-test] " + msg, flush=True)


def configure(work):
    """Project-local podman configuration; returns the environment to run podman with."""
    os.makedirs(work, exist_ok=True)
    conf = os.path.join(work, "containers.conf")
    storage = os.path.join(work, "storage.conf")
    with open(conf, "w") as f:
        f.write('[containers]\n'
                'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n'
                'netns = "host"\n'
                '[engine]\n'
                'runtime = "runc"\n'
                'cgroup_manager = "cgroupfs"\n'
                'events_logger = "file"\n')
    # overlay through fuse-overlayfs is fast; without /dev/fuse fall back to vfs (slow, always works)
    fuse = os.path.exists("/dev/fuse")
    if not fuse:
        log("no /dev/fuse here: podman stores layers with the vfs driver (slower, more disk)")
    with open(storage, "w") as f:
        f.write('[storage]\n'
                'driver = "%s"\n'
                'runroot = "%s"\n'
                'graphroot = "%s"\n' % ("overlay" if fuse else "vfs", os.path.join(work, "run"),
                                         os.path.join(work, "storage" if fuse else "storage-vfs")))
        if fuse:
            f.write('[storage.options.overlay]\n'
                    'mount_program = "/usr/bin/fuse-overlayfs"\n')
    return dict(os.environ, CONTAINERS_CONF=conf, CONTAINERS_STORAGE_CONF=storage)


def run(cmd, env, timeout, check=True, quiet=False, **kw):
    if not quiet:
        log("$ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, env=env, timeout=timeout, text=True, **kw)
    except subprocess.TimeoutExpired:
        raise Failed("timed out after %ds: %s" % (timeout, " ".join(cmd)))
    if check and p.returncode != 0:
        raise Failed("exit %d: %s%s" % (p.returncode, " ".join(cmd),
                                        ("\n" + p.stdout[-3000:]) if getattr(p, "stdout", None) else ""))
    return p


def base_image(env, work, rebuild):
    if not rebuild and run(["podman", "image", "exists", BASE], env, 60, check=False, quiet=True).returncode == 0:
        log("base image %s: kept from an earlier run" % BASE)
        return
    rootfs = os.path.join(work, "rootfs")
    shutil.rmtree(rootfs, ignore_errors=True)
    t0 = time.time()
    log("debootstrap --variant=minbase bookworm (Debian's archive; about a minute)")
    run(["debootstrap", "--variant=minbase", "bookworm", rootfs, MIRROR], env, 900,
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    extra = glob.glob("/usr/local/share/ca-certificates/*.crt")
    if extra:
        dest = os.path.join(rootfs, "usr/local/share/ca-certificates")
        os.makedirs(dest, exist_ok=True)
        for crt in extra:
            shutil.copy(crt, dest)
        log("copied %d extra CA certificate(s) into the base image" % len(extra))
    tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
    run(["podman", "import", "-", BASE], env, 600, stdin=tar.stdout, stdout=subprocess.DEVNULL)
    tar.wait(timeout=60)
    shutil.rmtree(rootfs, ignore_errors=True)
    log("base image %s ready in %.0fs" % (BASE, time.time() - t0))


def build(env, root):
    t0 = time.time()
    m2 = os.path.expanduser("~/.m2")
    os.makedirs(m2, exist_ok=True)
    run(["podman", "build", "--format", "docker", "--layers", "--isolation", "chroot", "--network", "host",
         "--build-arg", "BASE_IMAGE=" + BASE, "--build-arg", "RUNTIME_IMAGE=" + BASE,
         "--volume", "%s:/root/.m2" % m2, "--tag", IMAGE, root], env, 2400)
    size = run(["podman", "image", "inspect", "--format", "{{.Size}}", IMAGE], env, 60,
               stdout=subprocess.PIPE, quiet=True).stdout.strip()
    log("image %s built in %.0fs, %.0f MB" % (IMAGE, time.time() - t0, int(size) / 1e6))


def wait_healthy(env, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        state = run(["podman", "inspect", "--format", "{{.State.Status}}", CONTAINER], env, 30,
                    check=False, stdout=subprocess.PIPE, quiet=True).stdout.strip()
        if state not in ("running", "created", "configured"):
            raise Failed("the container stopped (state %r)" % state)
        if run(["podman", "healthcheck", "run", CONTAINER], env, 30, check=False, quiet=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return time.time()
        time.sleep(2)
    raise Failed("no healthy HEALTHCHECK within %ds" % seconds)


def check_container(env, root):
    port = smoke_lab.free_port()
    token = secrets.token_hex(24)
    t0 = time.time()
    p = run(["podman", "run", "--detach", "--name", CONTAINER, "--network", "host",
             "--env", "LESSONS_PORT=%d" % port, "--env", "JUPYTER_TOKEN=" + token,
             "--env", "LSTM_LESSONS_FAST=1", IMAGE], env, 120,
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Without systemd podman cannot schedule the HEALTHCHECK's timer and says so; we run the
    # check ourselves below. Anything else it says is shown.
    for line in p.stderr.splitlines():
        if "systemd connection" not in line:
            log("podman: " + line)
    if p.returncode != 0:
        raise Failed("podman run failed (exit %d)" % p.returncode)
    wait_healthy(env, 240)
    log("healthy %.0fs after start (HEALTHCHECK: tools/healthcheck.py)" % (time.time() - t0))
    check_lab(port, token, os.path.join(root, "build", "browser-image"), browser_test.CONTAINER_NOTEBOOKS)


def check_lab(port, token, shots, notebooks):
    """A container's JupyterLab from the host, as a user meets it: its API answers only with the token,
    then the browser test (tools/browser_test.py) on `notebooks`, screenshots in `shots`."""
    base = "http://127.0.0.1:%d" % port
    smoke_lab.wait_for_api(base, 120)
    problem = smoke_lab.check_token(base, token)
    if problem:
        raise Failed(problem)
    t0 = time.time()
    if browser_test.drive("%s/lab?token=%s" % (base, token), shots, notebooks) != 0:
        raise Failed("the browser test failed against the container's JupyterLab (screenshots: %s)" % shots)
    log("browser test against the container's JupyterLab passed in %.0fs" % (time.time() - t0))


def show_logs(env, container):
    """The container's last log lines, after a failure."""
    logs = run(["podman", "logs", "--tail", "60", container], env, 30, check=False, quiet=True,
               stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    if logs:
        log("container log (last lines):\n" + logs)


def remove(env, container, image=None):
    """Removes the container (and the image, if named), whatever state they are in."""
    run(["podman", "rm", "--force", "--time", "10", container], env, 60, check=False, quiet=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if image:
        run(["podman", "rmi", "--force", image], env, 120, check=False, quiet=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--keep-image", action="store_true", help="keep the built image (layers stay cached anyway)")
    ap.add_argument("--rebuild-base", action="store_true", help="debootstrap a new base image")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root)
    env = configure(os.path.join(root, "build", "containers"))
    t0 = time.time()
    try:
        base_image(env, os.path.join(root, "build", "containers"), args.rebuild_base)
        build(env, root)
        check_container(env, root)
        log("passed in %.0fs" % (time.time() - t0))
        return 0
    except Failed as e:
        log("FAILED: %s" % e)
        show_logs(env, CONTAINER)
        return 1
    finally:
        remove(env, CONTAINER, None if args.keep_image else IMAGE)


if __name__ == "__main__":
    sys.exit(main())
