#!/usr/bin/env python3
"""The Docker image's HEALTHCHECK: is Jupyter answering on its API? Exit 0 if so, 1 if not.

GET http://127.0.0.1:$LESSONS_PORT/api (Jupyter's version endpoint, which needs no token) within
a few seconds. Standard library only.
"""
import json
import os
import sys
import urllib.request


def main():
    url = "http://127.0.0.1:%s/api" % os.environ.get("LESSONS_PORT", "8888")
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            version = json.load(r).get("version", "?")
    except (OSError, ValueError) as e:
        print("unhealthy: %s: %s" % (url, e))
        return 1
    print("healthy: Jupyter %s answers on %s" % (version, url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
