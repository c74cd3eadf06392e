#!/usr/bin/env python3
"""Builds the repository the way mybinder.org does and runs the browser test against it (./lessons binder-test).

1. A clean clone of the repository's HEAD (Binder builds a commit, not a work tree).
2. jupyter-repo2docker (PyPI, the version ./lessons pins, in build/binder-venv) builds it against podman's Docker-compatible API (`podman system service`): repo2docker finds our root
   Dockerfile and builds it with its own build arguments (NB_USER=jovyan, NB_UID=1000), as Binder
   does. Differences from mybinder.org, all forced by this machine: Docker Hub is unreachable, so
   `debian:bookworm` is the debootstrapped base image of ./lessons image-test under that name; the
   build uses the host network and this machine's ~/.m2 as a Maven cache.
3. Starts the image as repo2docker starts it: the image's user (jovyan, UID 1000) and repo2docker's
   own command line, `jupyter notebook --ip=... --port=... --ServerApp.default_url=/lab`, with a
   token; checks the API (200 with the token, 403 without) and runs the browser test
   (tools/browser_test.py) on lessons 1 and 3 in JupyterLab. Screenshots in build/browser-binder/.
4. Removes the container and stops the API service, whatever happened. Every wait is bounded.

Usage: binder_test.py --root REPO [--r2d PATH/TO/repo2docker]
"""
import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test  # noqa: E402
import image_test  # noqa: E402
import smoke_lab  # noqa: E402  (free_port)

IMAGE = "localhost/lstm-lessons:binder"
CONTAINER = "lstm-lessons-binder-test"
HUB_BASE = "docker.io/library/debian:bookworm"   # what `FROM debian:bookworm` means


def log(msg):
    print("[binder-test] " + msg, flush=True)


def podman_with_buildx_version(env, work):
    """repo2docker asks `podman buildx version` before it builds; Debian 12's podman 4.3 has
    `podman buildx build` (an alias of podman build) but not that subcommand, so a two-line shim
    answers it and hands everything else to the real podman."""
    real = shutil.which("podman", path=env.get("PATH"))
    if real is None:
        raise image_test.Failed("podman is not installed")
    version = subprocess.run([real, "buildx", "version"], env=env, capture_output=True).returncode
    if version == 0:
        return env
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    shim = os.path.join(bindir, "podman")
    with open(shim, "w") as f:
        f.write('#!/bin/sh\n# written by tools/binder_test.py: podman 4.3 lacks "podman buildx version"\n'
                'if [ "$1" = buildx ] && [ "$2" = version ]; then exec %s --version; fi\n'
                'exec %s "$@"\n' % (real, real))
    os.chmod(shim, 0o755)
    log("podman %s lacks 'buildx version' (repo2docker's check): answering it with a shim in %s"
        % (subprocess.run([real, "--version"], capture_output=True, text=True).stdout.split()[-1], bindir))
    return dict(env, PATH=bindir + os.pathsep + env.get("PATH", ""))


def repo2docker_build(r2d, env, clone, work):
    config = os.path.join(work, "repo2docker_config.py")
    m2 = os.path.expanduser("~/.m2")
    with open(config, "w") as f:
        f.write("# written by tools/binder_test.py: what this machine needs, nothing Binder does not do\n"
                "c.DockerEngine.extra_buildx_build_args = %r\n"
                % (["--network", "host", "--isolation", "chroot", "--format", "docker", "--volume", m2 + ":/root/.m2"],))
    t0 = time.time()
    image_test.run([r2d, "--config", config, "--no-run", "--user-id", "1000", "--user-name", "jovyan",
                    "--image-name", IMAGE, clone], env, 2400)
    log("repo2docker built %s in %.0fs" % (IMAGE, time.time() - t0))


def start_like_repo2docker(env, port, token):
    # repo2docker's own command line (repo2docker/app.py, start_container), on the host network
    cmd = ["jupyter", "notebook", "--ip=127.0.0.1", "--port=%d" % port,
           "--ServerApp.custom_display_url=http://127.0.0.1:%d" % port, "--ServerApp.default_url=/lab"]
    image_test.run(["podman", "run", "--detach", "--name", CONTAINER, "--network", "host",
                    "--env", "JUPYTER_TOKEN=" + token, "--env", "LSTM_LESSONS_FAST=1", IMAGE] + cmd,
                   env, 120, stdout=subprocess.DEVNULL)
    user = image_test.run(["podman", "exec", CONTAINER, "id", "-u"], env, 60, stdout=subprocess.PIPE,
                          quiet=True).stdout.strip()
    log("container runs as UID %s" % user)
    if user != "1000":
        raise image_test.Failed("the image runs as UID %s, Binder needs 1000" % user)
    # mybinder.org itself starts jupyterhub-singleuser (it needs a hub to log in to, so here only its presence)
    hub = image_test.run(["podman", "exec", CONTAINER, "jupyterhub-singleuser", "--version"], env, 60,
                         check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, quiet=True)
    if hub.returncode != 0:
        raise image_test.Failed("jupyterhub-singleuser, which Binder starts, does not run in the image: "
                                + hub.stdout.strip()[-300:])
    log("jupyterhub-singleuser %s is in the image (mybinder.org's start command)" % hub.stdout.strip())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--r2d", default="repo2docker", help="the repo2docker command")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root)
    work = os.path.join(root, "build", "containers")
    env = image_test.configure(work)
    sock = os.path.join(work, "podman.sock")   # repo2docker uses the podman CLI when DOCKER_HOST names podman
    env["DOCKER_HOST"] = "unix://" + sock
    service = None
    clone = tempfile.mkdtemp(prefix="lstm-lessons-binder-")
    t0 = time.time()
    try:
        image_test.base_image(env, work, False)
        image_test.run(["podman", "tag", image_test.BASE, HUB_BASE], env, 60, quiet=True)
        if os.path.exists(sock):
            os.unlink(sock)
        service = subprocess.Popen(["podman", "system", "service", "--time=0", "unix://" + sock], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not os.path.exists(sock) and time.time() < deadline:
            time.sleep(0.2)
        if not os.path.exists(sock):
            raise image_test.Failed("podman system service did not create %s within 30 s" % sock)
        image_test.run(["git", "clone", "--quiet", root, clone], env, 300)
        log("clean clone of %s at %s" % (root, subprocess.run(["git", "-C", clone, "rev-parse", "--short", "HEAD"],
                                                            capture_output=True, text=True).stdout.strip()))
        repo2docker_build(args.r2d, podman_with_buildx_version(env, work), clone, work)
        port = smoke_lab.free_port()
        token = secrets.token_hex(24)
        start_like_repo2docker(env, port, token)
        # repo2docker's working folder is the home folder: the lessons are under notebooks/ there
        image_test.check_lab(port, token, os.path.join(root, "build", "browser-binder"),
                             ["notebooks/" + nb for nb in browser_test.CONTAINER_NOTEBOOKS])
        log("passed in %.0fs" % (time.time() - t0))
        return 0
    except image_test.Failed as e:
        log("FAILED: %s" % e)
        image_test.show_logs(env, CONTAINER)
        return 1
    finally:
        image_test.remove(env, CONTAINER, IMAGE)
        if service:
            service.terminate()
            try:
                service.wait(timeout=20)
            except subprocess.TimeoutExpired:
                service.kill()
        shutil.rmtree(clone, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
