#!/usr/bin/env python3
"""Run commands alternately (one round = each command once, in turn), N rounds after one
warm-up round; print the median wall time and median CPU time (user+sys) of each."""
import os, resource, statistics, subprocess, sys, time
rounds = int(sys.argv[1]); cmds = sys.argv[2:]
def once(c):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.perf_counter()
    subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
for c in cmds: once(c)
res = {c: [] for c in cmds}
for _ in range(rounds):
    for c in cmds: res[c].append(once(c))
for c in cmds:
    w = statistics.median(x[0] for x in res[c]); u = statistics.median(x[1] for x in res[c])
    print(f"{w*1000:8.1f} ms wall  {u*1000:8.1f} ms cpu   {c}")
