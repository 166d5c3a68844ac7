#!/usr/bin/python3
"""Model-level benchmark: kiln against ONNX Runtime, 1 and 2 threads.

Usage (normally through tests/bench/run.sh, which builds kiln first):
  /usr/bin/python3 tests/bench/bench.py --kiln bazel-bin/tools/kiln/kiln [options]

For every model and batch size: export it with tests/e2e/export_models.py
(PyTorch, seeded weights and inputs; cached), compile it with kiln, check
that kiln's outputs agree with ONNX Runtime's on the same input (for every
thread count) and that kiln's outputs do not depend on the thread count,
then time kiln (`kiln bench --threads N`) and ORT (tests/e2e/ort_run.js
--bench, intraOpNumThreads N) in alternating rounds on that input. A model
that fails to export or compile gets a row that says so; the rest go on.

Timing: each round runs a batch of timed runs (after warm-up) of kiln and
of ORT, in alternating order, and keeps that batch's median. The table
quotes the median of the round medians. Around every batch the other load
on the machine is measured (CPU time of all processes from /proc/stat,
minus our own children's): a round during which other processes used more
than --max-other-load cores is "disturbed" and left out when enough
undisturbed rounds remain. Flags: `L` = too many disturbed rounds (all
rounds used), `N` = noisy (round medians spread by more than 15%).
With one thread, both runtimes of a round run on the same CPU (rounds
take the CPUs in turn): on a shared machine one CPU can be much slower
than another for minutes, and an unpinned run lands on either.

ratio = ORT median / kiln median: above 1, kiln is faster. The geometric
mean is over the rows where both ran.

Exit status: 0 if every row that compiled agreed with ORT, 1 otherwise,
2 on usage errors.
"""
import argparse
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXPORT = os.path.join(REPO, "tests", "e2e", "export_models.py")
ORT_RUN = os.path.join(REPO, "tests", "e2e", "ort_run.js")

# The model set: (base name in export_models.py, label).
DEFAULT_MODELS = ["resnet50", "mobilenet_v2", "efficientnet_b0", "bert_mini", "mlp"]
# export_models.py from before configuration names: (base, batch) -> name.
LEGACY_NAMES = {("mlp", 1): "mlp", ("mlp", 8): "mlp_b8", ("resnet18", 1): "resnet18",
                ("cnn_small", 1): "cnn_small"}

SPREAD_LIMIT = 0.15


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, timeout=None, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


def last_line(text, default="(no message)"):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1].strip() if lines else default


def first_error(text, default="(no message)"):
    for l in text.splitlines():
        if "error" in l:
            return l.strip()
    return last_line(text, default)


# --------------------------------------------------------------------------
# Other load on the machine
# --------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU seconds all processes have used so far (all CPUs)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def children_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measured(cmd, timeout, cpu=None):
    """Runs cmd (on CPU `cpu` only, when given); returns (completed process,
    other processes' load in cores)."""
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    b0, c0, t0 = busy_seconds(), children_seconds(), time.monotonic()
    proc = run(cmd, timeout=timeout, preexec_fn=pin)
    b1, c1, t1 = busy_seconds(), children_seconds(), time.monotonic()
    other = max(0.0, (b1 - b0) - (c1 - c0)) / max(t1 - t0, 1e-3)
    return proc, other


# --------------------------------------------------------------------------
# Export and compile
# --------------------------------------------------------------------------

def export_supports_configs():
    out = run(["/usr/bin/python3", EXPORT, "--help"]).stdout
    return "--batch" in out


def export(base, batch, outdir, new_style):
    """Returns (stem, None) or (None, reason)."""
    if new_style:
        stem = f"{base}_b{batch}"
    else:
        stem = LEGACY_NAMES.get((base, batch))
        if stem is None:
            return None, "not in this export_models.py (needs configuration names)"
    if not os.path.exists(os.path.join(outdir, stem + ".onnx")):
        log(f"bench: exporting {stem}")
        proc = run(["/usr/bin/python3", EXPORT, outdir, stem], timeout=3600)
        if proc.returncode != 0 or not os.path.exists(os.path.join(outdir, stem + ".onnx")):
            return None, "export failed: " + last_line(proc.stderr + proc.stdout)
    return stem, None


def input_files(outdir, stem):
    meta = os.path.join(outdir, stem + ".json")
    if os.path.exists(meta):
        with open(meta) as f:
            return [os.path.join(outdir, i["file"]) for i in json.load(f)["inputs"]]
    return [os.path.join(outdir, stem + ".input.npy")]


def inspect(kiln, so):
    """(input names, output names) from `kiln inspect`."""
    out = run([kiln, "inspect", so]).stdout
    names = {"input": [], "output": []}
    for line in out.splitlines():
        m = re.match(r"(input|output)\s+\d+\s+'(.*)'\s", line)
        if m:
            names[m.group(1)].append(m.group(2))
    return names["input"], names["output"]


# --------------------------------------------------------------------------
# Agreement
# --------------------------------------------------------------------------

def rel_error(a, b):
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if a.shape != b.shape:
        return math.inf
    if a.size == 0:
        return 0.0
    if not np.array_equal(np.isfinite(a64), np.isfinite(b64)):
        return math.inf
    fin = np.isfinite(b64)
    scale = float(np.abs(b64[fin]).max()) if fin.any() else 0.0
    diff = float(np.abs(a64[fin] - b64[fin]).max()) if fin.any() else 0.0
    return diff / max(scale, 1e-6)


def check_agreement(kiln, so, onnx, inputs, in_names, out_names, threads, work):
    """Runs kiln (each thread count) and ORT once; returns (ok, note)."""
    kiln_outs = {}
    for t in threads:
        d = os.path.join(work, f"kiln_t{t}")
        cmd = [kiln, "run", so, "--threads", str(t), "--output-dir", d]
        for name, path in zip(in_names, inputs):
            cmd += ["--input", f"{name}={path}"]
        proc = run(cmd, timeout=1800)
        if proc.returncode != 0:
            return False, "kiln run failed: " + first_error(proc.stderr)
        safe = [re.sub(r"[^A-Za-z0-9_.-]", "_", n) for n in out_names]
        kiln_outs[t] = [np.load(os.path.join(d, s + ".npy")) for s in safe]
    worst = 0.0
    for t in threads:
        d = os.path.join(work, f"ort_t{t}")
        proc = run(["node", ORT_RUN, onnx, *inputs, "--out-dir", d, "--threads", str(t)],
                   timeout=1800)
        if proc.returncode != 0:
            return False, "ORT failed: " + last_line(proc.stderr)
        for i, k in enumerate(kiln_outs[t]):
            worst = max(worst, rel_error(k, np.load(os.path.join(d, f"output_{i}.npy"))))
    t0 = threads[0]
    for t in threads[1:]:
        for a, b in zip(kiln_outs[t0], kiln_outs[t]):
            if a.tobytes() != b.tobytes():
                return False, f"kiln output differs between {t0} and {t} threads"
    return worst <= 1e-3, f"max error {worst:.1e} of output scale"


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

def kiln_bench_cmd(kiln, so, in_names, inputs, threads, runs, warmup=2):
    cmd = [kiln, "bench", so, "--threads", str(threads), "--runs", str(runs), "--warmup",
           str(warmup)]
    for name, path in zip(in_names, inputs):
        cmd += ["--input", f"{name}={path}"]
    return cmd


def ort_bench_cmd(onnx, inputs, threads, runs, warmup=2):
    return ["node", ORT_RUN, onnx, *inputs, "--threads", str(threads), "--bench", str(runs),
            "--warmup", str(warmup)]


def parse_kiln(out):
    m = re.search(r"^median ([0-9.]+) ms", out, re.M)
    return float(m.group(1)) if m else None


def parse_ort(out):
    m = re.search(r"median_ms=([0-9.]+)", out)
    return float(m.group(1)) if m else None


def runs_for(ms, seconds, lo, hi):
    return max(lo, min(hi, int(seconds * 1000.0 / max(ms, 1e-3))))


def summarize(rounds, max_other, min_rounds):
    """rounds: [(median ms, other load)] -> (median, flags, used, total)."""
    calm = [m for m, other in rounds if other <= max_other]
    flags = ""
    used = calm
    if len(calm) < min_rounds:
        used = [m for m, _ in rounds]
        flags += "L"
    med = statistics.median(used)
    if len(used) > 1 and (max(used) - min(used)) / med > SPREAD_LIMIT:
        flags += "N"
    return med, flags, len(calm), len(rounds)


def time_model(kiln, so, onnx, in_names, inputs, threads, args):
    """Alternating rounds of kiln and ORT; returns dict with both summaries."""
    # Calibrate the batch size of each runtime on one run after one warm-up.
    calib = {}
    for who in ("kiln", "ort"):
        cmd = (kiln_bench_cmd(kiln, so, in_names, inputs, threads, 1, 1) if who == "kiln"
               else ort_bench_cmd(onnx, inputs, threads, 1, 1))
        proc = run(cmd, timeout=1800)
        ms = parse_kiln(proc.stdout) if who == "kiln" else parse_ort(proc.stdout)
        if ms is None:
            return {"error": f"{who} bench failed: " + last_line(proc.stderr + proc.stdout)}
        calib[who] = ms
    runs = {who: runs_for(ms, args.seconds, args.min_runs, args.max_runs)
            for who, ms in calib.items()}
    # Two warm-up runs, one for runs longer than the batch target.
    warmup = {who: 1 if ms > args.seconds * 1000.0 else 2 for who, ms in calib.items()}
    rounds = {"kiln": [], "ort": []}
    # Single-threaded runs go where the scheduler puts them, and the CPUs of
    # a shared machine are not equally fast at every moment (here one was
    # 1.7x slower than the other for minutes): both runtimes of a round run
    # on the same CPU, and rounds take the CPUs in turn.
    cpus = sorted(os.sched_getaffinity(0))
    for r in range(args.rounds):
        cpu = cpus[r % len(cpus)] if threads == 1 else None
        order = ("kiln", "ort") if r % 2 == 0 else ("ort", "kiln")
        for who in order:
            cmd = (kiln_bench_cmd(kiln, so, in_names, inputs, threads, runs[who], warmup[who])
                   if who == "kiln"
                   else ort_bench_cmd(onnx, inputs, threads, runs[who], warmup[who]))
            proc, other = measured(cmd, timeout=3600, cpu=cpu)
            ms = parse_kiln(proc.stdout) if who == "kiln" else parse_ort(proc.stdout)
            if ms is None:
                return {"error": f"{who} bench failed: " + last_line(proc.stderr + proc.stdout)}
            rounds[who].append((ms, other))
    min_rounds = max(1, (args.rounds + 1) // 2)
    result = {who: summarize(rounds[who], args.max_other_load, min_rounds) for who in rounds}
    result["runs"] = runs
    result["load"] = statistics.median([o for rs in rounds.values() for _, o in rs])
    return result


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def machine_line():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    return (f"{model}, {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} "
            f"{load[2]:.2f} at start")


def parse_list(text, conv=str):
    return [conv(x) for x in text.split(",") if x.strip()]


def main(argv=None):
    global EXPORT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.split("\n")[2:]))
    ap.add_argument("--kiln", required=True, help="the kiln binary")
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS),
                    help="comma-separated base models (default: %(default)s)")
    ap.add_argument("--batches", default="1,8", help="comma-separated batch sizes (default 1,8)")
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    ap.add_argument("--seconds", type=float, default=1.5,
                    help="target duration of one timed batch (default 1.5 s)")
    ap.add_argument("--min-runs", type=int, default=1,
                    help="fewest timed runs per batch (slow models: one run per round)")
    ap.add_argument("--max-runs", type=int, default=3000)
    ap.add_argument("--max-other-load", type=float, default=0.25,
                    help="cores other processes may use during a round before it counts as "
                         "disturbed (default 0.25)")
    ap.add_argument("--export-dir", default=os.path.expanduser("~/.cache/kiln/bench"),
                    help="where exported models are cached (default %(default)s)")
    ap.add_argument("--export-script", default=EXPORT,
                    help="the model exporter (default tests/e2e/export_models.py)")
    ap.add_argument("--disable", default="",
                    help="kiln optimizations to switch off at compile time, e.g. fusion,layout "
                         "(kiln compile --disable; for ablation, see tests/bench/ablation.sh)")
    ap.add_argument("--smoke", action="store_true",
                    help="tiny version for the test command: mlp, batch 1, 1 round, short "
                         "batches (overrides --models/--batches/--rounds/--seconds)")
    args = ap.parse_args(argv)
    if args.smoke:
        args.models, args.batches, args.rounds, args.seconds = "mlp", "1", 1, 0.05
        args.min_runs = 3
    models = parse_list(args.models)
    batches = parse_list(args.batches, int)
    threads = parse_list(args.threads, int)
    if not models or not batches or not threads or args.rounds < 1:
        ap.error("need at least one model, batch, thread count and round")

    kiln = os.path.abspath(args.kiln)
    EXPORT = os.path.abspath(args.export_script)
    os.makedirs(args.export_dir, exist_ok=True)
    new_style = export_supports_configs()
    print(f"kiln vs ONNX Runtime: {machine_line()}")
    if args.disable:
        print(f"kiln compiled with --disable {args.disable}")
    print(f"{args.rounds} alternating round(s) of ~{args.seconds:g} s per runtime; "
          f"rounds with other load > {args.max_other_load:g} cores left out", flush=True)

    rows, notes, failed = [], [], False
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as work:
        for base in models:
            for batch in batches:
                label = f"{base} b{batch}"
                stem, why = export(base, batch, args.export_dir, new_style)
                if not stem:
                    rows.append((label, None, why))
                    continue
                onnx = os.path.join(args.export_dir, stem + ".onnx")
                so = os.path.join(work, stem + ".so")
                log(f"bench: compiling {stem}")
                start = time.monotonic()
                disable = ["--disable", args.disable] if args.disable else []
                proc = run([kiln, "compile", onnx, "-o", so, *disable], timeout=3600)
                compile_s = time.monotonic() - start
                if proc.returncode != 0:
                    rows.append((label, None, "does not compile yet: " + first_error(proc.stderr)))
                    continue
                in_names, out_names = inspect(kiln, so)
                inputs = input_files(args.export_dir, stem)
                if len(in_names) != len(inputs):
                    rows.append((label, None, f"model has {len(in_names)} inputs, export wrote "
                                              f"{len(inputs)}"))
                    continue
                ok, note = check_agreement(kiln, so, onnx, inputs, in_names, out_names,
                                           threads, os.path.join(work, stem))
                notes.append(f"{label}: compiled in {compile_s:.1f} s; {note}"
                             f"{'' if ok else ' -> MISMATCH'}")
                if not ok:
                    failed = True
                    rows.append((label, None, "outputs disagree: " + note))
                    continue
                for t in threads:
                    log(f"bench: timing {stem}, {t} thread(s)")
                    res = time_model(kiln, so, onnx, in_names, inputs, t, args)
                    rows.append((label, t, res))
                    if "error" not in res:
                        log(f"bench: {stem}, {t} thread(s): kiln {res['kiln'][0]:.3f} ms, "
                            f"ORT {res['ort'][0]:.3f} ms")

    print()
    print(f"{'model':<22} {'threads':>7} {'kiln ms':>10} {'ORT ms':>10} {'ratio':>7}  flags")
    ratios = {}
    for label, t, res in rows:
        if t is None:
            print(f"{label:<22} {'-':>7} {'-':>10} {'-':>10} {'-':>7}  {res}")
            continue
        if "error" in res:
            print(f"{label:<22} {t:>7} {'-':>10} {'-':>10} {'-':>7}  {res['error']}")
            continue
        k, kf, kc, n = res["kiln"]
        o, of, oc, _ = res["ort"]
        ratio = o / k
        ratios.setdefault(t, []).append(ratio)
        flags = " ".join(f for f in (f"kiln:{kf}" if kf else "", f"ORT:{of}" if of else "") if f)
        calm = f"calm rounds {kc}/{n} kiln, {oc}/{n} ORT; other load {res['load']:.2f} cores"
        print(f"{label:<22} {t:>7} {k:>10.3f} {o:>10.3f} {ratio:>7.2f}  {flags} ({calm})")
    all_ratios = [r for rs in ratios.values() for r in rs]
    for t, rs in sorted(ratios.items()):
        print(f"geometric mean ratio, {t} thread(s): {math.exp(statistics.mean(map(math.log, rs))):.2f}"
              f" over {len(rs)} row(s)")
    if all_ratios:
        print(f"geometric mean ratio, all rows: "
              f"{math.exp(statistics.mean(map(math.log, all_ratios))):.2f}")
    print("ratio = ORT / kiln (above 1: kiln faster). Flags: L = too few rounds without other "
          "load (all rounds used), N = round medians spread > 15%.")
    # How each runtime scales from the first thread count to the others.
    timed = {}
    for label, t, res in rows:
        if t is not None and "error" not in res:
            timed.setdefault(label, {})[t] = (res["kiln"][0], res["ort"][0])
    for label, by_t in timed.items():
        if threads[0] in by_t and len(by_t) > 1:
            k1, o1 = by_t[threads[0]]
            parts = [f"{t} threads: kiln x{k1 / k:.2f}, ORT x{o1 / o:.2f}"
                     for t, (k, o) in sorted(by_t.items()) if t != threads[0]]
            print(f"speedup over {threads[0]} thread(s), {label}: " + "; ".join(parts))
    for n in notes:
        print("  " + n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
