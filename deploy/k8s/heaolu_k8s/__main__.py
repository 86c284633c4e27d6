"""``python -m heaolu_k8s write`` regenerates the manifests; ``check`` lists stale files."""

from __future__ import annotations

import argparse
import sys

from heaolu_k8s import layout


def main() -> None:
    parser = argparse.ArgumentParser(prog="heaolu_k8s")
    parser.add_argument("command", choices=["write", "check"])
    args = parser.parse_args()
    if args.command == "write":
        files = layout.write()
        print(f"{len(files)} files written under deploy/k8s")
        return
    stale = layout.differences()
    for path in stale:
        print(f"out of date: deploy/k8s/{path}", file=sys.stderr)
    if stale:
        print("run `make k8s` and commit the result", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
