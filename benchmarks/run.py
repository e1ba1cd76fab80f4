"""The benchmark suite: every speed target, each next to a floor measured in the same run.

Usage: python benchmarks/run.py [--reps N] [--quick]
Writes benchmarks/results/latest.json and latest.md. Builds its own synthetic data (decks and
databases) in a temporary folder; nothing touches the user's DLPREP_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DLPREP = str(BIN / "dlprep")
FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floor_app.py")]


def timed(cmd: list[str], env: dict, reps: int, stdin: str | None = None) -> list[float]:
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, check=False)
        out.append(time.perf_counter() - start)
    return out


def interleaved(measures: dict, reps: int) -> dict[str, list[float]]:
    """Run one-sample measures round-robin: on a shared, noisy machine a slow spell then hits all of
    them alike, so ratios to the floor stay fair (timing one block per command made them swing by 30%)."""
    out: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(reps):
        for name, measure in measures.items():
            out[name] += measure()
    return out


def first_prompt(env: dict, reps: int, cmd: list[str]) -> list[float]:
    """Seconds from starting `cmd` to the first prompt ("> ") on its stdout: dlprep quiz, or the floor's prompt."""
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
        seen = b""
        while b"> " not in seen:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                break
            seen += chunk
        out.append(time.perf_counter() - start)
        proc.kill()
        proc.wait()
    return out


def setup_warnings() -> list[str]:
    """What would make the start-up figures unfair: modules recompiled on every start."""
    notes = []
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        notes.append("PYTHONDONTWRITEBYTECODE is set: modules without a cached .pyc are compiled on every start")
    import importlib.util

    spec = importlib.util.find_spec("dlprep")
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    if origin is not None and "site-packages" not in origin.parts:  # a plain install lives in site-packages,
        notes.append("dlprep is an editable install: time a plain `pip install .` venv for fair start-up figures")
    return notes


def synthetic_decks(folder: Path, n: int) -> list[Path]:
    """`n` questions of the shipped decks' size and style: the shipped questions, copied with new ids,
    over several files (a deck file may hold at most 5 MB)."""
    import yaml

    class _NoAliases(yaml.SafeDumper):
        """Copies share objects with their originals; written as aliases they would be refused as a deck."""

        def ignore_aliases(self, data: object) -> bool:
            return True

    sources = sorted((ROOT / "questions").glob("*.yaml"))
    questions = [q for p in sources for q in yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["questions"]]
    folder.mkdir(parents=True, exist_ok=True)
    files, per_file = [], 800
    for f in range(0, n, per_file):
        chunk = []
        for i in range(f, min(n, f + per_file)):
            q = dict(questions[i % len(questions)])
            q["id"] = f"syn{f // per_file}.{i}"
            q.pop("related_katas", None)
            chunk.append(q)
        path = folder / f"synthetic_{f // per_file:02d}.yaml"
        doc = {"format": 1, "deck": f"synthetic{f // per_file:02d}", "title": {"en": "Synthetic", "zh": "合成"}, "questions": chunk}
        path.write_text(yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=4096),
                        encoding="utf-8")
        files.append(path)
    return files


def big_database(home: Path, reviews: int, attempts: int) -> None:
    env_home = os.environ.get("DLPREP_HOME")
    os.environ["DLPREP_HOME"] = str(home)
    try:
        from dlprep.deck.loader import load_decks
        from dlprep.store import open_db

        ids = [(q.id, q.deck) for q in load_decks(include_user=False).questions]
        conn = open_db()
        rng = random.Random(0)
        now = time.time()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO reviews (item, deck, rating, correct, answer, duration_ms, ts, uid) VALUES (?, ?, ?, NULL, '', 5000, ?, ?)",
            [(*rng.choice(ids), rng.choice([1, 2, 3, 3, 4]), now - rng.random() * 400 * 86400, f"r{i}") for i in range(reviews)])
        conn.executemany(
            "INSERT INTO cards (item, card_id, state, step, stability, difficulty, due_ts, last_review_ts) VALUES (?, ?, 2, NULL, ?, 5.0, ?, ?)",
            [(item, i, rng.uniform(0.5, 60), now + rng.uniform(-5, 20) * 86400, now - rng.uniform(0, 30) * 86400)
             for i, (item, _) in enumerate(ids)])
        conn.executemany(
            "INSERT INTO attempts (kata, ts, verdict, duration_s, sha256, hints_used, mistake, uid) VALUES (?, ?, ?, ?, 'x', 0, NULL, ?)",
            [(rng.choice(["nms", "conv2d", "bn_backward", "kmeans", "iou", "attention"]), now - rng.random() * 100 * 86400,
              rng.choice(["pass", "fail", "error"]), rng.uniform(0.5, 3), f"a{i}") for i in range(attempts)])
        conn.execute("COMMIT")
        conn.close()
    finally:
        if env_home is None:
            os.environ.pop("DLPREP_HOME", None)
        else:
            os.environ["DLPREP_HOME"] = env_home


def notes_once(results: list[dict]) -> dict[str, str]:
    """Each distinct note with the first figure it explains (the 26 gradings share one)."""
    out: dict[str, str] = {}
    for r in results:
        if r.get("note") and r["note"] not in out:
            out[r["note"]] = r["name"] if not r["name"].startswith("grade ") else "grade KATA reference"
    return out


def summarise(samples: list[float]) -> dict:
    return {"median_s": round(statistics.median(samples), 4), "min_s": round(min(samples), 4),
            "max_s": round(max(samples), 4), "n": len(samples)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    args = parser.parse_args()
    reps = 3 if args.quick else args.reps
    tmp = Path(tempfile.mkdtemp(prefix="dlprep-bench-"))
    env = dict(os.environ, DLPREP_HOME=str(tmp / "empty-home"), NO_COLOR="1", COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # what a user's install has: compiled modules cached
    results = []

    def add(name, samples, target, floor=None, ratio_target=None, note=""):
        """A figure; with a floor, its ratio too (judged by the ratio when ratio_target is given, else by target)."""
        row = {"name": name, **summarise(samples), "target": target, "note": note}
        if floor is not None:
            row["floor_median_s"] = round(statistics.median(floor), 4)
            row["ratio"] = round(statistics.median(samples) / statistics.median(floor), 3)
        if ratio_target is not None:
            row["ok"] = row["ratio"] <= ratio_target
        elif isinstance(target, (int, float)):
            row["ok"] = row["median_s"] <= target
        results.append(row)
        print(f"{name:<44} median {row['median_s']:.3f}s" + (f"  ratio {row['ratio']:.2f}" if "ratio" in row else ""),
              flush=True)

    notes = setup_warnings()
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    # warm the deck and kata caches once, as any earlier start would
    subprocess.run([DLPREP, "decks", "list"], env=env, capture_output=True)
    subprocess.run([DLPREP, "kata", "list"], env=env, capture_output=True)
    commands = {"floor --help": FLOOR + ["--help"], "floor table": FLOOR + ["table", "list"],
                "floor board": FLOOR + ["board", "list"],
                "--help": [DLPREP, "--help"], "kata list": [DLPREP, "kata", "list"], "stats": [DLPREP, "stats"]}
    starts = interleaved({**{name: (lambda cmd=cmd: timed(cmd, env, 1)) for name, cmd in commands.items()},
                          "quiz": lambda: first_prompt(env, 1, [DLPREP, "quiz"]),
                          "floor prompt": lambda: first_prompt(env, 1, FLOOR + ["prompt", "x"])}, reps)
    add("dlprep --help", starts["--help"], "≤1.2× floor --help", starts["floor --help"], 1.2,
        note="both plain help (no rich markup), both with completion options")
    add("dlprep kata list", starts["kata list"], "≤1.3× floor board", starts["floor board"], 1.3,
        note="floor: a table of the same size (5 columns, 33 rows)")
    add("dlprep stats (empty home)", starts["stats"], "≤1.3× floor table", starts["floor table"], 1.3)
    add("quiz: first prompt (shipped decks, warm cache)", starts["quiz"], 0.3, starts["floor prompt"],
        note="floor: a table and a prompt, both timed to their first prompt")

    # a user with 10,000 questions of the shipped decks' size and style (warm cache: the second start)
    synth = synthetic_decks(tmp / "synthetic-home" / "decks", 10_000)
    synth_env = dict(env, DLPREP_HOME=str(tmp / "synthetic-home"))
    listing = json.loads(subprocess.run([DLPREP, "decks", "list", "--json"], env=synth_env, capture_output=True,
                                        text=True).stdout)  # also warms the cache
    loaded = sum(d["questions"] for d in listing["decks"] if d["source"] == "user")
    if listing.get("problems") or loaded != 10_000:  # a skipped file would time the loading of fewer questions
        sys.exit(f"the synthetic decks do not load whole ({loaded} questions): {listing.get('problems')}")
    big_quiz = interleaved({"quiz": lambda: first_prompt(synth_env, 1, [DLPREP, "quiz"]),
                            "floor prompt": lambda: first_prompt(env, 1, FLOOR + ["prompt", "x"])}, reps)
    add("quiz: first prompt (10,000 questions, warm cache)", big_quiz["quiz"], 0.3, big_quiz["floor prompt"],
        note=f"{len(synth)} user deck files beside the shipped decks")

    # deck loading, in a process started in a scratch folder (so the installed package is the one timed)
    code_cold = ("import os,time,sys; os.environ['DLPREP_HOME']=sys.argv[1]; from pathlib import Path;"
                 "t=time.perf_counter(); from dlprep.deck.loader import load_decks;"
                 "d=load_decks([Path(p) for p in sys.argv[2:]], use_cache=False); print(time.perf_counter()-t, len(d.questions))")
    code_warm = code_cold.replace("use_cache=False", "use_cache=True")
    shipped = [str(p) for p in sorted((ROOT / "questions").glob("*.yaml"))]
    # floor: PyYAML's CSafeLoader reading the same files with the collector paused as dlprep pauses it,
    # without line numbers, checks or validation
    code_pyyaml = ("import gc,sys,time; t=time.perf_counter(); import yaml; gc.disable();"
                   "[yaml.load(open(p, encoding='utf-8'), Loader=yaml.CSafeLoader) for p in sys.argv[1:]];"
                   "gc.enable(); print(time.perf_counter()-t)")

    def in_process(code: str, *argv: str) -> list[float]:
        """One sample: the seconds a `python -c code` run measures itself and prints first."""
        out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=tempfile.gettempdir())
        return [float(out.stdout.split()[0])]

    cold = interleaved({"dlprep": lambda: in_process(code_cold, env["DLPREP_HOME"]),
                        "pyyaml": lambda: in_process(code_pyyaml, *shipped)}, reps)
    add("load shipped decks, cold (first start after an install or an edit)", cold["dlprep"], 0.3, cold["pyyaml"],
        note="parse, checks and validation; floor: yaml.load with CSafeLoader, collector paused, same files")
    add("load shipped decks, warm cache", [t for _ in range(reps) for t in in_process(code_warm, env["DLPREP_HOME"])],
        "—", note="in-process, excluding interpreter start")

    # grading each kata's reference, worker start included; floor: a process importing what a grading needs
    floor_grade = [sys.executable, "-c", "import numpy, hypothesis.strategies"]
    from dlprep.kata.spec import discover

    for spec in discover():
        cmd = [DLPREP, "kata", spec.id, str(spec.path / "reference.py"), "--json", "--seed", "1"]
        runs = interleaved({"grade": lambda cmd=cmd: timed(cmd, env, 1), "floor": lambda: timed(floor_grade, env, 1)},
                           max(3, reps // 2))
        add(f"grade {spec.id} reference (CLI, worker start included)", runs["grade"], 2.0, runs["floor"],
            note="floor: python -c 'import numpy, hypothesis.strategies'")

    # stats on a big database
    big = tmp / "big-home"
    big_database(big, 1_000_000, 2000)
    big_env = dict(env, DLPREP_HOME=str(big))
    subprocess.run([DLPREP, "stats"], env=big_env, capture_output=True)  # warms the caches, as any earlier start would
    big_runs = interleaved({"stats": lambda: timed([DLPREP, "stats"], big_env, 1),
                            "floor table": lambda: timed(FLOOR + ["table", "list"], env, 1)}, reps)
    add("dlprep stats, 1,000,000 reviews + 2,000 attempts", big_runs["stats"], 0.3, big_runs["floor table"],
        note="ratio against the floor's table command, measured interleaved")

    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
               "load_average": os.getloadavg()[0], "warnings": notes}
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")
    lines = ["| benchmark | median (s) | spread (s) | target | floor (s) | ratio | ok |", "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['median_s']:.3f} | {r['min_s']:.3f}–{r['max_s']:.3f} | {r['target']} | "
                     f"{r.get('floor_median_s', '')} | {r.get('ratio', '')} | {'yes' if r.get('ok') else ('—' if 'ok' not in r else 'no')} |")
    (out / "latest.md").write_text(f"Machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}, "
                                   f"load average {machine['load_average']:.2f} at the end\n\n"
                                   + "".join(f"Warning: {n}\n\n" for n in notes) + "\n".join(lines) + "\n\n"
                                   + "".join(f"- {name}: {note}\n" for note, name in notes_once(results).items()))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
