#!/usr/bin/env bash
# `aisrm discover` against ripgrep on one generated tree of ~100,000 files
# (Python, TypeScript, Go, Java, manifests, YAML, Markdown; a few hundred
# carry AI signals). rg searches the same tree for the same literal signal
# strings (every `match` of schemas/discovery/*.yaml, `-F -f`), honouring
# the same ignore rules. Prints both wall-clock times (best of RUNS) side
# by side, with the CPU time of those runs; the budget is discover <= 2x
# rg (wall-clock, on a quiet machine).
#
#   bash scripts/bench-discover.sh            # 100,000 files, 3 runs
#   FILES=20000 RUNS=1 bash scripts/bench-discover.sh
set -euo pipefail
cd "$(dirname "$0")/.."

files="${FILES:-100000}"
runs="${RUNS:-3}"
tree="${TREE:-${TMPDIR:-/tmp}/aisrm-discover-bench-$files}"

cargo build --release -p aisrm >/dev/null
aisrm="$PWD/target/release/aisrm"
command -v rg >/dev/null || { echo "rg (ripgrep) is needed" >&2; exit 2; }

if [ ! -f "$tree/.complete" ]; then
  rm -rf "$tree"
  python3 - "$tree" "$files" <<'PY'
import os, random, sys
root, total = sys.argv[1], int(sys.argv[2])
random.seed(7)
kinds = [
    ("py", "import os\nimport json\n\n\ndef handler_{i}(event):\n    # parse the model of the order\n    return json.dumps({{'id': {i}, 'ok': True}})\n"),
    ("ts", "import {{ z }} from 'zod';\nimport {{ db }} from '../db';\n\nexport const schema{i} = z.object({{ id: z.number() }});\nexport async function load{i}() {{ return db.get({i}); }}\n"),
    ("go", "package svc\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nfunc Handle{i}(ctx context.Context) error {{ fmt.Println({i}); return nil }}\n"),
    ("java", "package com.acme.svc;\n\nimport java.util.List;\n\npublic class Handler{i} {{ List<String> names() {{ return List.of(\"{i}\"); }} }}\n"),
    ("yaml", "name: job-{i}\nsteps:\n  - run: make test\n    env:\n      LEVEL: {i}\n"),
    ("json", "{{\"id\": {i}, \"tags\": [\"a\", \"b\"], \"enabled\": true}}\n"),
    ("md", "# Note {i}\n\nThe data model is described elsewhere.\n"),
]
ai = [
    ("requirements.txt", "fastapi==0.115\nopenai>=1.55\n"),
    ("package.json", "{\"dependencies\": {\"@anthropic-ai/sdk\": \"^0.30\", \"react\": \"19\"}}\n"),
    ("client.py", "from openai import AzureOpenAI\nclient = AzureOpenAI(api_version='2024-10-21')\n"),
    ("compose.yaml", "services:\n  llm:\n    image: ollama/ollama:0.5\n"),
    ("main.tf", "resource \"azurerm_cognitive_account\" \"a\" {\n  kind = \"OpenAI\"\n}\n"),
    (".env.example", "OPENAI_API_KEY=\n"),
]
written = 0
d = 0
while written < total:
    folder = os.path.join(root, f"pkg{d // 50:04d}", f"mod{d % 50:02d}")
    os.makedirs(folder, exist_ok=True)
    for j in range(20):
        if written >= total:
            break
        if written % 500 == 250:
            name, text = ai[(written // 500) % len(ai)]
        else:
            ext, tpl = kinds[(written + j) % len(kinds)]
            name, text = f"f{j:02d}.{ext}", tpl.format(i=written)
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
        written += 1
    d += 1
PY
  touch "$tree/.complete"
fi

patterns="$(mktemp)"
trap 'rm -f "$patterns"' EXIT
# Every literal a signal matches (a final `*` dropped), one per line.
python3 - "$patterns" <<'PY'
import glob, re, sys
out = set()
for path in glob.glob("schemas/discovery/*.yaml"):
    for m in re.finditer(r"match: \[(.*?)\]", open(path).read()):
        for p in re.findall(r'"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)', m.group(1)):
            word = (p[0] or p[1]).strip().rstrip("*")
            if word:
                out.add(word.replace('\\"', '"'))
open(sys.argv[1], "w").write("\n".join(sorted(out)) + "\n")
PY

count=$(find "$tree" -type f | wc -l)
components=$("$aisrm" discover "$tree" --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["components"]))')
# RUNS alternating runs of each (so a change in load hits both); the best
# wall-clock time of each, and its CPU time (user + system: what the
# machine's other work does not inflate much).
python3 - "$runs" "$count" "$components" "$(wc -l <"$patterns")" \
  -- rg -F -f "$patterns" --count-matches --no-messages "$tree" \
  -- "$aisrm" discover "$tree" --format json <<'PY'
import os, resource, subprocess, sys, time
runs, count, components, literals = sys.argv[1:5]
rest = sys.argv[6:]
split = rest.index("--")
commands = [rest[:split], rest[split + 1:]]
best = [None, None]
for _ in range(int(runs)):
    for i, cmd in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
        if best[i] is None or wall < best[i][0]:
            best[i] = (wall, cpu)
(rg_wall, rg_cpu), (d_wall, d_cpu) = best
print(f"| tree | rg -F -f ({literals} literals) | aisrm discover | ratio | CPU: rg / discover (ratio) |")
print("|---|---:|---:|---:|---:|")
print(f"| {count} files | {rg_wall:.0f} ms | {d_wall:.0f} ms ({components} components) | "
      f"{d_wall / max(rg_wall, 1):.2f}x | {rg_cpu:.0f} / {d_cpu:.0f} ms ({d_cpu / max(rg_cpu, 1):.2f}x) |")
PY
