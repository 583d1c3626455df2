#!/usr/bin/env python3
"""The seed recipe (Python Cookbook 12.8, "findrobots.py"), kept as a baseline
for `logmill bench`: hosts that requested /robots.txt, one per line, sorted.

    findrobots.py [--serial] [--workers N] PATH...

A PATH is a .gz file or a directory (its *.gz files, recursively). Lines are
split on whitespace as bytes and field 6 is compared, exactly like the recipe,
so the output is sorted bytewise like `logmill robots`.
"""
import argparse
import glob
import gzip
import os
import sys
from concurrent import futures


def find_robots(filename):
    """The set of hosts in one log file that fetched /robots.txt."""
    robots = set()
    with gzip.open(filename) as f:
        for line in f:
            fields = line.split()
            if len(fields) > 6 and fields[6] == b"/robots.txt":
                robots.add(fields[0])
    return robots


def log_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(glob.glob(os.path.join(path, "**", "*.gz"), recursive=True))
        else:
            files.append(path)
    return files


def find_all_robots(files, serial, workers):
    all_robots = set()
    if serial:
        for robots in map(find_robots, files):
            all_robots.update(robots)
    else:
        with futures.ProcessPoolExecutor(max_workers=workers) as pool:
            for robots in pool.map(find_robots, files):
                all_robots.update(robots)
    return all_robots


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--serial", action="store_true", help="no process pool")
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: CPUs)")
    args = parser.parse_args()
    robots = find_all_robots(log_files(args.paths), args.serial, args.workers)
    sys.stdout.buffer.write(b"".join(host + b"\n" for host in sorted(robots)))


if __name__ == "__main__":
    main()
