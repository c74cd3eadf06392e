#!/usr/bin/env python3
"""Does this Python have the Jupyter that requirements.txt pins? (./lessons, when LESSONS_PYTHON or a
conda environment is to be used instead of the lessons' own virtual environment.)

    python jupyter_env.py check requirements.txt     exit 0 if every pinned package is installed at
                                                     its pinned version, else 1 and one line each

Standard library only: it runs in whatever Python is being checked.
"""
import re
import sys
from importlib import metadata

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(path):
    """{normalised name: version} of every `name==version` line of a requirements file."""
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = PIN.match(line.strip())
            if m:
                found[normalise(m.group(1))] = m.group(2)
    return found


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def mismatches(wanted, installed_version=None):
    """One line per pinned package that is missing or at another version."""
    installed_version = installed_version or _installed
    lines = []
    for name, version in sorted(wanted.items()):
        have = installed_version(name)
        if have is None:
            lines.append("%s: not installed (requirements.txt pins %s)" % (name, version))
        elif have != version:
            lines.append("%s: %s installed, requirements.txt pins %s" % (name, have, version))
    return lines


def _installed(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def main(argv):
    if len(argv) != 3 or argv[1] != "check":
        print(__doc__, file=sys.stderr)
        return 2
    wanted = pins(argv[2])
    if not wanted:
        print("jupyter_env: %s pins nothing (no name==version lines)" % argv[2], file=sys.stderr)
        return 2
    bad = mismatches(wanted)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
