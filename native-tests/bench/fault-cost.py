#!/usr/bin/env python3
"""What a page fault costs on this machine (BENCHMARKS.md): the price of each page a cold start touches.

A native start touches each page it uses for the first time: the code and the image heap are mapped from the binary
and faulted in page by page, the young generation is fresh anonymous memory, and each page of the image heap a start
writes is copied on write. On hardware-virtualized machines a minor fault typically costs around a microsecond; where the guest's page tables are virtualized
in software, each fault is a trap to the hypervisor and costs ten times more or worse. LambdaBenchmark prints the
minor faults of each start (faults_med); this prints what one costs here, so the two multiply into milliseconds.

Usage: native-tests/bench/fault-cost.py [BOOTSTRAP [MiB]]   (8 MiB per case; with a native binary, also the faults
on a file mapping: it is read once first, so its pages are in the page cache, as a deployed binary's are after the first
start. The file's own pages matter: the kernel maps a file's pages around the faulting one, as many as the page cache
holds together, so a file written in one piece may fault far less often than a binary does)
"""
import mmap
import os
import resource
import sys
import time

PAGE = mmap.PAGESIZE


def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def touch(m, size, write):
    """Time one pass over every page (a byte read or written per page); returns (seconds, faults)."""
    f0, t0 = faults(), time.perf_counter()
    if write:
        for i in range(0, size, PAGE):
            m[i] = 1
    else:
        s = 0
        for i in range(0, size, PAGE):
            s += m[i]
    return time.perf_counter() - t0, faults() - f0


def per_page(m, size, write):
    """First pass minus a second pass over the same, now mapped, pages: the faults' cost without the loop's."""
    first, n = touch(m, size, write)
    again, _ = touch(m, size, write)
    return first - again, n


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else None
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    pages = mib * 1024 * 1024 // PAGE
    print(f"page faults on this machine ({os.uname().release}), {pages} pages of {PAGE} bytes per case, best of 3")
    rows = {}
    for _ in range(3):
        size = pages * PAGE
        m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        secs, n = per_page(m, size, True)
        rows.setdefault("anonymous page, first write", []).append((secs, n, pages))
        m.close()
        if hasattr(mmap, "MAP_POPULATE"):
            t0 = time.perf_counter()
            m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | mmap.MAP_POPULATE)
            rows.setdefault("anonymous pages populated by one mmap (MAP_POPULATE)", []).append((time.perf_counter() - t0, 0, pages))
            m.close()
        if path is None:
            continue
        with open(path, "rb") as f:
            length = min(os.fstat(f.fileno()).st_size // PAGE * PAGE, size)
            f.read()  # in the page cache, as a deployed binary is after its first start
            m = mmap.mmap(f.fileno(), length, flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
            secs, n = per_page(m, length, False)
            rows.setdefault("file page in the page cache, first read", []).append((secs, n, length // PAGE))
            secs, n = per_page(m, length, True)
            rows.setdefault("private file page already read, first write (copy on write)", []).append((secs, n, length // PAGE))
            m.close()
    for name, runs in rows.items():
        secs, n, count = min(runs)
        fault = f"{secs / n * 1e6:.1f} us per fault ({n} faults), " if n else ""
        print(f"  {name}: {fault}{secs / count * 1e6:.2f} us per page")


if __name__ == "__main__":
    main()
