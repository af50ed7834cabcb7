#!/usr/bin/env python3
"""A plain-Python reference of raftcost's simulation, for one deterministic
case: three deployments of 70, 140 and 140 tok/s shared by processor sharing,
least-busy routing (ties to the first), W workers in a closed loop, N calls
whose output lengths are 50 + (i * 7919) % 400 tokens, no limits, no time to
first token, no randomness.  The same semantics as src/sim*.c, step for step
and in the same floating-point order, so the wall time must agree with
`bench_sim --reference N W`.

usage: sim_reference.py N WORKERS     prints "wall_s W run_s T events E"
"""
import heapq
import sys
import time

RATES = (70.0, 140.0, 140.0)


def tokens(call):
    return float(50 + (call * 7919) % 400)


def simulate(n_calls, workers):
    ndep = len(RATES)
    vclock = [0.0] * ndep       # service per stream in decode, tokens
    per_stream = [0.0] * ndep   # X / n since the last change of n
    # X / n and n / X by deployment and n, as src/sim_server.c tabulates them
    tables = [{} for _ in range(ndep)]

    def rate(d, n):
        t = tables[d].get(n)
        if t is None:
            t = tables[d][n] = (RATES[d] / n, n / RATES[d])
        return t
    acct = [0.0] * ndep         # time the clock was last advanced
    streams = [[] for _ in range(ndep)]  # heaps of (tag, call)
    in_flight = [0] * ndep
    version = [0] * ndep
    done = []                   # heap of (next completion, deployment, version)
    nowq = []                   # calls to route at the current time, FIFO
    now = 0.0
    events = 0
    made = 0

    def touch(d):
        dt = now - acct[d]
        if dt > 0:
            vclock[d] += dt * per_stream[d]
            acct[d] = now

    def reschedule(d):
        version[d] += 1
        s = streams[d]
        if not s:
            vclock[d] = 0.0
            per_stream[d] = 0.0
            return
        per_stream[d], inv = rate(d, len(s))
        left = s[0][0] - vclock[d]
        t = now + (left * inv if left > 0 else 0.0)
        heapq.heappush(done, (t, d, version[d]))

    def issue():
        nonlocal made
        if made < n_calls:
            nowq.append(made)
            made += 1

    for _ in range(workers):
        issue()
    head = 0
    while True:
        while head < len(nowq):
            call = nowq[head]
            head += 1
            best, dep = None, 0
            for d in range(ndep):
                if best is None or in_flight[d] < best:
                    best, dep = in_flight[d], d
            touch(dep)
            in_flight[dep] += 1
            heapq.heappush(streams[dep], (vclock[dep] + tokens(call), call))
            reschedule(dep)
        del nowq[:]
        head = 0
        while done and done[0][2] != version[done[0][1]]:
            heapq.heappop(done)  # superseded
        if not done:
            break
        now, d, _ = heapq.heappop(done)
        events += 1
        touch(d)
        s = streams[d]
        tag, call = heapq.heappop(s)
        if tag > vclock[d]:
            vclock[d] = tag
        reach = vclock[d] + 1e-9 * max(1.0, abs(vclock[d]))
        finished = 1
        while s and s[0][0] <= reach:
            heapq.heappop(s)
            finished += 1
        for _ in range(finished):
            in_flight[d] -= 1
            issue()
        reschedule(d)
    return now, events


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sim_reference.py N WORKERS")
    n, w = int(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    wall, events = simulate(n, w)
    elapsed = time.perf_counter() - start
    print("wall_s %.17g run_s %.6f events %d" % (wall, elapsed, events))


if __name__ == "__main__":
    main()
