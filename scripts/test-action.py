#!/usr/bin/env python3
"""Runs the steps of action.yml locally the way GitHub's runner does for a
composite action, and checks what they do.

Each `run:` step is executed with bash, with its `env:` after `${{ ... }}`
expressions are evaluated (inputs, github.action_path / action_ref,
runner.os / arch, steps.<id>.outputs.<name>; an unknown expression fails
the test), GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY files, and
the runner's rules for `if:` (a step without `always()` is skipped after a
failure). `uses:` steps are not run; the test checks their inputs.

Scenarios: the release binary is downloaded (from a local file:// release
folder) for a version tag; without a release, `cargo install --locked`
from the action's source (a stub `cargo` records the call); findings at
the threshold fail the job, below it they do not; the report goes to the
job summary unless `report: false`.

    python3 scripts/test-action.py [AISRM_BIN]
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "target/debug/aisrm"))
ACTION = yaml.safe_load(open(os.path.join(REPO, "action.yml")))
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(name)


class Run:
    """One job using the action."""

    def __init__(self, tmp, workspace, inputs, action_ref, extra_env):
        self.tmp = tmp
        self.workspace = workspace
        self.inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
        for k, v in inputs.items():
            assert k in self.inputs, f"no input {k}"
            self.inputs[k] = v
        self.github = {"action_path": REPO, "action_ref": action_ref}
        self.runner = {"os": "Linux", "arch": "X64"}
        self.outputs = {}
        self.path = [os.path.join(tmp, "stubs"), "/usr/bin", "/bin"]
        self.summary = os.path.join(tmp, "summary.md")
        open(self.summary, "w").close()
        self.extra_env = extra_env
        self.failed = False
        self.ran = []
        self.skipped = []
        self.log = ""

    def expr(self, text):
        def value(m):
            e = m.group(1)
            parts = e.split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return self.inputs[parts[1]]
            if parts[0] in ("github", "runner") and len(parts) == 2:
                return getattr(self, parts[0])[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return self.outputs.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"unknown expression {e!r}")

        return EXPR.sub(value, str(text))

    def condition(self, step):
        cond = step.get("if", "")
        if not cond:
            return not self.failed
        # Only the forms action.yml uses: always() && a == 'b' && c != ''.
        ok = True
        for part in [p.strip() for p in cond.split("&&")]:
            if part == "always()":
                continue
            m = re.fullmatch(r"(\S+) (==|!=) '(.*)'", part)
            assert m, f"unsupported condition {part!r}"
            left = self.expr("${{ " + m.group(1) + " }}")
            ok = ok and ((left == m.group(3)) == (m.group(2) == "=="))
        return ok and ("always()" in cond or not self.failed)

    def execute(self):
        for step in ACTION["runs"]["steps"]:
            if not self.condition(step):
                self.skipped.append(step["name"])
                continue
            if "uses" in step:
                self.ran.append(step["name"])
                self.uses = {k: self.expr(v) for k, v in step.get("with", {}).items()}
                continue
            out_file = os.path.join(self.tmp, "output")
            path_file = os.path.join(self.tmp, "path")
            open(out_file, "w").close()
            open(path_file, "w").close()
            env = {
                "HOME": self.tmp,
                "PATH": ":".join(self.path),
                "RUNNER_TEMP": os.path.join(self.tmp, "runner-temp"),
                "GITHUB_OUTPUT": out_file,
                "GITHUB_PATH": path_file,
                "GITHUB_STEP_SUMMARY": self.summary,
                "NO_COLOR": "1",
            }
            env.update(self.extra_env)
            env.update({k: self.expr(v) for k, v in step.get("env", {}).items()})
            os.makedirs(env["RUNNER_TEMP"], exist_ok=True)
            assert step["shell"] == "bash"
            proc = subprocess.run(
                ["bash", "-e", "-c", self.expr(step["run"])],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
            )
            self.log += f"--- {step['name']} (exit {proc.returncode})\n{proc.stdout}{proc.stderr}"
            self.ran.append(step["name"])
            if "id" in step:
                self.outputs[step["id"]] = dict(
                    line.split("=", 1) for line in open(out_file).read().splitlines() if "=" in line
                )
            self.path = [p for p in open(path_file).read().splitlines() if p] + self.path
            if proc.returncode != 0:
                self.failed = True
        return self


def make_release(tmp):
    """A release folder laid out like GitHub's download URLs."""
    folder = os.path.join(tmp, "releases", "v0.1.0")
    os.makedirs(folder)
    with tarfile.open(os.path.join(folder, "aisrm-x86_64-unknown-linux-gnu.tar.gz"), "w:gz") as tar:
        tar.add(BIN, arcname="aisrm")
    return "file://" + os.path.join(tmp, "releases")


def make_stubs(tmp):
    """`cargo` that records its arguments and installs the test binary
    where `cargo install --root R` puts it; curl and the rest from the system."""
    stubs = os.path.join(tmp, "stubs")
    os.makedirs(stubs)
    with open(os.path.join(stubs, "cargo"), "w") as f:
        f.write(
            "#!/bin/bash\n"
            f'echo "$@" >> {tmp}/cargo-calls\n'
            'while [ $# -gt 0 ]; do [ "$1" = --root ] && root=$2; shift; done\n'
            f'mkdir -p "$root/bin" && cp {BIN} "$root/bin/aisrm"\n'
        )
    os.chmod(os.path.join(stubs, "cargo"), 0o755)


def workspace(tmp, name, inventory):
    ws = os.path.join(tmp, name)
    os.makedirs(ws)
    with open(os.path.join(ws, "ai-inventory.yaml"), "w") as f:
        f.write(inventory)
    return ws


CLEAN = """aisrm: 1
components:
  helper:
    deployment: saas-ai
    owner: team
    responsibilities:
      data-privacy: {owner: privacy, status: gap}
"""
BROKEN = CLEAN.replace("saas-ai", "saas-aii")


def scenario(name, inventory, inputs, action_ref="v0.1.0", release=True):
    tmp = tempfile.mkdtemp(prefix="aisrm-action-")
    make_stubs(tmp)
    env = {"AISRM_RELEASE_URL": make_release(tmp) if release else "file:///nonexistent"}
    ws = workspace(tmp, "ws", inventory)
    run = Run(tmp, ws, inputs, action_ref, env).execute()
    cargo_calls = open(os.path.join(tmp, "cargo-calls")).read() if os.path.exists(os.path.join(tmp, "cargo-calls")) else ""
    summary = open(run.summary).read()
    sarif_path = os.path.join(ws, run.inputs["sarif-file"])
    sarif = json.load(open(sarif_path)) if os.path.exists(sarif_path) else None
    return run, cargo_calls, summary, sarif, tmp


def results_of(sarif):
    return [r["ruleId"] for r in sarif["runs"][0]["results"]] if sarif else None


# 1. A version tag with a release binary: downloaded, not built; an error
#    fails the job after the SARIF upload and the report.
run, cargo, summary, sarif, tmp = scenario("release", BROKEN, {})
check("release binary downloaded for the action's version tag", "installed aisrm 0.1.0 (x86_64-unknown-linux-gnu)" in run.log, run.log)
check("cargo not used when the release binary exists", cargo == "", cargo)
check("SARIF written with the error", results_of(sarif) is not None and "unknown-deployment-model" in results_of(sarif), results_of(sarif))
check("SARIF upload step gets the file", getattr(run, "uses", {}).get("sarif_file") == "aisrm.sarif", getattr(run, "uses", None))
check("the report is in the job summary", "AI responsibility report" in summary and "`helper`" in summary, summary[:300])
check("an error fails the job", run.failed, run.log)
check("every step ran (upload and report after the findings)", run.skipped == [], run.skipped)
shutil.rmtree(tmp)

# 2. No version (a branch): built from the action's source with cargo.
run, cargo, summary, sarif, tmp = scenario("source", CLEAN, {"report": "false", "upload-sarif": "false"}, action_ref="main")
check("without a version tag: cargo install --locked from the action's source", "install --locked" in cargo and f"--path {REPO}/server/cli" in cargo, cargo + run.log)
check("a warning below the default threshold passes", not run.failed, run.log)
check("SARIF lists the warning", "status-gap" in (results_of(sarif) or []), results_of(sarif))
check("report: false leaves the summary empty", summary == "", summary[:200])
check("upload-sarif: false skips the upload", "Upload findings to code scanning" in run.skipped, run.skipped)
shutil.rmtree(tmp)

# 3. A version without a release asset: falls back to cargo.
run, cargo, summary, sarif, tmp = scenario("missing-release", CLEAN, {}, release=False)
check("a missing release asset falls back to cargo install", "install --locked" in cargo and "no release binary at" in run.log, run.log)
shutil.rmtree(tmp)

# 4. fail-on: warning fails on the same warning; fail-on: none passes on an error.
run, *_rest, tmp = scenario("deny", CLEAN, {"fail-on": "warning"})
check("fail-on: warning fails on a warning", run.failed and "--deny warnings" in run.log, run.log)
shutil.rmtree(tmp)
run, *_rest, tmp = scenario("none", BROKEN, {"fail-on": "none"})
check("fail-on: none passes with an error", not run.failed, run.log)
shutil.rmtree(tmp)
run, *_rest, tmp = scenario("bad-threshold", CLEAN, {"fail-on": "warnings"})
check("an unknown fail-on value fails the job", run.failed and "fail-on must be" in run.log, run.log)
shutil.rmtree(tmp)

# 5. Several paths, one per line.
tmp = tempfile.mkdtemp(prefix="aisrm-action-")
make_stubs(tmp)
ws = workspace(tmp, "ws", CLEAN)
os.makedirs(os.path.join(ws, "b"))
with open(os.path.join(ws, "b", "ai-inventory.yaml"), "w") as f:
    f.write(BROKEN.replace("helper", "other"))
os.makedirs(os.path.join(ws, "ignored"))
with open(os.path.join(ws, "ignored", "ai-inventory.yaml"), "w") as f:
    f.write(BROKEN.replace("helper", "third"))
run = Run(tmp, ws, {"paths": "ai-inventory.yaml\nb"}, "v0.1.0", {"AISRM_RELEASE_URL": make_release(tmp)}).execute()
sarif = json.load(open(os.path.join(ws, "aisrm.sarif")))
uris = sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]})
check("paths: one per line, only those checked", uris == ["ai-inventory.yaml", "b/ai-inventory.yaml"], uris)
shutil.rmtree(tmp)

# 6. The workflow in docs/ uses the action with inputs it has.
workflow = yaml.safe_load(open(os.path.join(REPO, "docs/aisrm.yml")))
uses = [st for st in workflow["jobs"]["aisrm"]["steps"] if str(st.get("uses", "")).startswith("aisrm/aisrm@")]
check("docs/aisrm.yml uses the action", len(uses) == 1, uses)
unknown = sorted(set(uses[0].get("with", {})) - set(ACTION["inputs"])) if uses else []
check("docs/aisrm.yml passes only inputs the action has", unknown == [], unknown)

print(f"test-action: {len(failures)} failed")
sys.exit(1 if failures else 0)
