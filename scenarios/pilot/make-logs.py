#!/usr/bin/env python3
"""The example logs of scenarios/pilot/, made up: what LiteLLM's spend logs
would hold for raft.py runs with the figures below.  They are synthetic, so
that the example can show every column; the figures are close to measured
runs of the generator (smaller prompts and answers than raftcost's
defaults, a serverless endpoint near 17 tok/s a stream, a vLLM instance
slowing as its batch grows, a few 429s).

    python3 scenarios/pilot/make-logs.py    (rewrites pilot.csv and running.csv)

The generator (raft.py): W workers; each takes the next chunk, makes one
question call (5 questions back), then one answer call per question, one
after another, a few milliseconds apart (the time to read an answer and
send the next prompt).  LiteLLM's router picks a
deployment at random for each call (simple-shuffle, equal weights).

  question call   prompt 205 + chunk (chunk ~ N(124, 8) tokens), output 5 x N(10.5, 2)
  answer call     prompt 445 + chunk + question, output ~ N(168, 35), 60 to 400
  maas            serverless Llama 3 70B: time to first token ~ 0.7 s, 17 tok/s a
                  stream less 0.4 a stream in flight; 6% of attempts get a 429
                  (pilot), 9% (running: the endpoint is busier), retried after 0.5-1 s
  maap-0, maap-1  vLLM on A100 VMs: time to first token 0.35 s + 0.1 a stream in
                  flight, 36 tok/s a stream less 2.5 a stream in flight
  spend           maas at $0.00378/1K input and $0.01134/1K output; vLLM: 0
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
MAAS = "https://maas-llama3-70b.eastus2.models.ai.azure.com"
MAAP = ["http://maap-0.internal:8000/v1", "http://maap-1.internal:8000/v1"]
MODELS = {MAAS: "azure_ai/Meta-Llama-3-70B-Instruct"}
for m in MAAP:
    MODELS[m] = "hosted_vllm/meta-llama/Meta-Llama-3-70B-Instruct"


def speed_and_ttft(rng, dep, in_flight):
    if dep == MAAS:
        return max(6.0, rng.gauss(17 - 0.4 * in_flight, 1.2)), max(0.2, rng.gauss(0.7, 0.15))
    return max(8.0, rng.gauss(36 - 2.5 * in_flight, 1.5)), max(0.1, rng.gauss(0.35 + 0.1 * in_flight, 0.05))


def run(seed, start, chunks, workers, reject_share):
    rng = random.Random(seed)
    calls = []  # dicts, in the order they start
    busy = {d: [] for d in MODELS}  # (start, end) of calls in flight, per deployment
    free_at = [start + timedelta(seconds=0.05 * w) for w in range(workers)]
    plan = []  # per chunk: question, then answers
    for c in range(chunks):
        chunk = max(90, int(rng.gauss(124, 8)))
        questions = [max(4, int(rng.gauss(10.5, 2))) for _ in range(5)]
        plan.append((c, chunk, questions))
    next_chunk = 0
    queue = [[] for _ in range(workers)]
    n = 0
    while True:
        w = min(range(workers), key=lambda i: free_at[i])
        if not queue[w]:
            if next_chunk == len(plan):
                free_at[w] = datetime.max.replace(tzinfo=timezone.utc)
                if all(q == [] and f.year == 9999 for q, f in zip(queue, free_at)):
                    break
                continue
            c, chunk, questions = plan[next_chunk]
            next_chunk += 1
            queue[w] = [("question", 205 + chunk, sum(questions), c)] + [
                ("answer", 445 + chunk + q, min(400, max(60, int(rng.gauss(168, 35)))), c)
                for q in questions
            ]
        kind, prompt, output, c = queue[w][0]
        t = free_at[w]
        dep = rng.choice([MAAS] + MAAP)
        n += 1
        rid = "chatcmpl-%06d" % n
        if dep == MAAS and rng.random() < reject_share:
            end = t + timedelta(seconds=rng.uniform(0.04, 0.09))
            calls.append(dict(id=rid, kind=kind, dep=dep, start=t, end=end, first=None, prompt=prompt,
                              output=0, status="failure"))
            free_at[w] = end + timedelta(seconds=rng.uniform(0.5, 1.0))
            continue
        in_flight = sum(1 for s, e in busy[dep] if s <= t < e)
        speed, ttft = speed_and_ttft(rng, dep, in_flight)
        first = t + timedelta(seconds=ttft)
        end = first + timedelta(seconds=output / speed)
        busy[dep].append((t, end))
        calls.append(dict(id=rid, kind=kind, dep=dep, start=t, end=end, first=first, prompt=prompt,
                          output=output, status="success"))
        queue[w].pop(0)
        free_at[w] = end + timedelta(seconds=rng.uniform(0.003, 0.008))
    calls.sort(key=lambda r: r["start"])
    return calls


def stamp(t):
    """As PostgreSQL exports a timestamp without time zone: UTC, no zone, milliseconds."""
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)


def write_litellm(path, calls, until=None):
    header = ("request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,endTime,"
              "completionStartTime,model,api_base,status,metadata")
    lines = [header]
    for r in calls:
        if until and r["end"] > until:
            continue
        ok = r["status"] == "success"
        spend = (r["prompt"] * 0.00378 + r["output"] * 0.01134) / 1000 if ok and r["dep"] == MAAS else 0
        first = stamp(r["first"]) if r["first"] else stamp(r["end"])
        meta = "" if ok else json.dumps({"status": "failure", "error_information": {
            "error_code": "429", "error_class": "RateLimitError"}})
        meta = '"' + meta.replace('"', '""') + '"' if meta else ""
        prompt = r["prompt"] if ok else 0
        lines.append(",".join([
            r["id"], "acompletion", "%.6f" % spend, str(prompt), str(r["output"]),
            stamp(r["start"]), stamp(r["end"]), first, MODELS[r["dep"]], r["dep"], r["status"],
            meta]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    utc = timezone.utc
    pilot = run(1, datetime(2024, 6, 3, 9, 0, 0, tzinfo=utc), 30, 4, 0.06)
    write_litellm(os.path.join(HERE, "pilot.csv"), pilot)
    start = datetime(2024, 6, 4, 8, 0, 0, tzinfo=utc)
    job = run(2, start, 120, 4, 0.09)
    write_litellm(os.path.join(HERE, "running.csv"), job, until=start + timedelta(minutes=15))


if __name__ == "__main__":
    main()
