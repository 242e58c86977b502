"""Issue 18: a scripted simulator trained on by manifoldlab-cli, and the exported mixture in Python.

Usage: test_torchscript.py CLI WORKDIR. Run by ctest where /usr/bin/python3 imports torch.
Exits non-zero with a message on the first failed check.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
from typing import List

import torch

CLI, WORK = sys.argv[1], sys.argv[2]
TOL = 1e-5


class Sine(torch.nn.Module):
    """The built-in sine problem (PROBLEMS.md), op for op."""

    x_names: List[str]
    y_names: List[str]

    def __init__(self):
        super().__init__()
        self.x_names = ["x1", "x2"]
        self.y_names = ["y"]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = 3.0 * math.pi
        return (torch.sin(w * x[:, 0]) + torch.cos(w * x[:, 1])).unsqueeze(1)


# Runs whose answers are the networks' own proposals selected by f's fit, so that m.proposals,
# infer's x and proposals.csv are the same numbers; compare_refined checks the refined answers.
PLAIN = ["--refine-steps", "0", "--trust-weight", "0"]
# The quick preset's settings at a quarter of its epochs: the checks compare two implementations of
# the same run, not how good it is, and the full preset took 70 of this test's 88 s.
QUICK = ["--preset", "quick", "--epochs-forward", "40", "--epochs-inverse", "10"]
REFINE_TOL = 1e-4  # Adam here and in the engine's fused kernel round differently over the steps


def cli(*args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAIL: manifoldlab-cli " + " ".join(args) + "\n" + r.stderr)
    return r


def check(ok, message):
    if not ok:
        sys.exit("FAIL: " + message)
    print("ok:", message)


def selected_mse(run):
    with open(os.path.join(run, "metrics.json")) as f:
        return json.load(f)["selected_resim_mse_by_k"][-1]


def read_proposals(path, x_dim):
    """{target: {network: (x, selected)}} and the targets' y, from a proposals CSV."""
    rows, ys = {}, {}
    with open(path) as f:
        for r in csv.DictReader(f):
            n, m = int(r["target"]), int(r["network"])
            x = [float(r["x_%d" % d]) for d in range(x_dim)]
            rows.setdefault(n, {})[m] = (x, r["selected"] == "1")
            ys[n] = [float(r[k]) for k in r if k.startswith("y_")]
    return rows, ys


def export_and_infer(run, tag, n_targets, seed):
    """Exports run and runs infer on n_targets random targets: the module, the targets as infer
    read them and infer's proposals."""
    pt = os.path.join(WORK, tag + ".pt")
    cli("export", "--model", run, "--out", pt)
    m = torch.jit.load(pt)
    gen = torch.Generator().manual_seed(seed)
    y = torch.rand(n_targets, 1, generator=gen) * 4.0 - 2.0
    targets = os.path.join(WORK, tag + "_targets.csv")
    with open(targets, "w") as f:
        f.write("y\n" + "".join("%.9g\n" % v for v in y[:, 0].tolist()))
    out = os.path.join(WORK, tag + "_infer.csv")
    cli("infer", "--model", run, "--csv", targets, "--out", out)
    rows, ys = read_proposals(out, 2)
    return m, torch.tensor([ys[n] for n in range(n_targets)], dtype=torch.float32), rows


def compare_with_infer(run, tag, n_targets=1000):
    """Exports run, then checks m(y) and m.proposals(y) against infer on n_targets targets and
    m.proposals against the run's proposals.csv. Returns the loaded module."""
    m, y, rows = export_and_infer(run, tag, n_targets, 18)
    with torch.no_grad():
        chosen, props = m(y), m.proposals(y)
    want = torch.tensor([[x for x, sel in rows[n].values() if sel][0] for n in range(n_targets)])
    gap = (chosen - want).abs().max().item()
    print("%s: max |m(y) - infer selected| over %d targets = %.3g" % (tag, n_targets, gap))
    check(gap <= TOL, tag + ": m(y) equals infer's selected proposals to 1e-5")
    all_x = torch.tensor([[rows[n][k][0] for n in range(n_targets)] for k in range(m.k)])
    gap = (props - all_x).abs().max().item()
    print("%s: max |m.proposals(y) - infer proposals| = %.3g" % (tag, gap))
    check(gap <= TOL, tag + ": m.proposals(y) equals infer's proposals to 1e-5")
    saved, saved_y = read_proposals(os.path.join(run, "proposals.csv"), 2)
    n_test = len(saved)
    ty = torch.tensor([saved_y[n] for n in range(n_test)], dtype=torch.float32)
    with torch.no_grad():
        props = m.proposals(ty)
    want = torch.tensor([[saved[n][k][0] for n in range(n_test)] for k in range(m.k)])
    gap = (props - want).abs().max().item()
    print("%s: max |m.proposals - proposals.csv| over %d test targets = %.3g" % (tag, n_test, gap))
    check(gap <= TOL, tag + ": m.proposals matches proposals.csv to 1e-5")
    return m


def compare_refined(run, tag, n_targets=300):
    """A run with refinement and the trust penalty (the quick preset's): m(y) and
    m.refine(y, m.refine_steps) against infer's answers, which are refined and selected alike."""
    m, y, rows = export_and_infer(run, tag, n_targets, 27)
    check(m.refine_steps == 100 and m.trust_weight > 0, tag + ": refine_steps and trust_weight carried over")
    refined, chosen = m.refine(y, m.refine_steps).detach(), m(y).detach()  # refinement needs grad mode on
    all_x = torch.tensor([[rows[n][k][0] for n in range(n_targets)] for k in range(m.k)])
    gap = (refined - all_x).abs().max().item()
    print("%s: max |m.refine(y) - infer's refined proposals| = %.3g" % (tag, gap))
    check(gap <= REFINE_TOL, tag + ": m.refine(y, steps) equals infer's refined proposals to 1e-4")
    want = torch.tensor([[x for x, sel in rows[n].values() if sel][0] for n in range(n_targets)])
    agree = ((chosen - want).abs().max(1).values <= REFINE_TOL).float().mean().item()
    print("%s: m(y) equals infer's answer for %.1f %% of targets" % (tag, 100 * agree))
    check(agree >= 0.99, tag + ": m(y) equals infer's answer for >= 99 % of targets (ties may round apart)")
    lo, hi = torch.tensor(m.box_lo), torch.tensor(m.box_hi)
    check(bool(((refined >= lo) & (refined <= hi)).all()), tag + ": refined proposals stay inside the box")
    check(torch.equal(m.refine(y, 0), m.proposals(y)), tag + ": m.refine(y, 0) is m.proposals(y)")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    sim = os.path.join(WORK, "sine_sim.pt")
    torch.jit.script(Sine()).save(sim)

    # The scripted simulator against the built-in one, quick preset, same seed.
    ts_run, sine_run = os.path.join(WORK, "ts_run"), os.path.join(WORK, "sine_run")
    cli("train", "--problem", "torchscript:" + sim, "--domain", "-1:1,-1:1", *QUICK, "--seed", "1", *PLAIN, "--out", ts_run)
    cli("train", "--problem", "sine", *QUICK, "--seed", "1", *PLAIN, "--out", sine_run)
    a, b = selected_mse(ts_run), selected_mse(sine_run)
    print("selected re-simulation MSE: torchscript:sine %.6g, sine %.6g (ratio %.4f)" % (a, b, a / b))
    check(abs(a - b) <= 0.2 * b, "torchscript:sine's selected error within 20 % of sine's")

    m = compare_with_infer(ts_run, "ts")
    check(list(m.x_names) == ["x1", "x2"] and list(m.y_names) == ["y"], "names carried over")
    check(list(m.box_lo) == [-1.0, -1.0] and list(m.box_hi) == [1.0, 1.0] and m.k == 4, "box and k")
    x = torch.rand(5, 2) * 2 - 1
    check(m.forward_model(x).shape == (5, 1), "forward_model(x) is [N, y_dim]")

    # The quick preset's answers: refined and selected with the trust penalty.
    refined_run = os.path.join(WORK, "sine_refined")
    cli("train", "--problem", "sine", *QUICK, "--seed", "1", "--out", refined_run)
    compare_refined(refined_run, "refined")

    # Every layer kind: batch norm (eval), tanh and relu; a few epochs are enough to compare.
    small = ["--samples", "1000", "--epochs-forward", "2", "--epochs-inverse", "2", "--k", "3", "--seed", "2", *PLAIN]
    for act in ["tanh", "relu"]:
        run = os.path.join(WORK, "bn_" + act)
        cli("train", "--problem", "sine", "--batchnorm", "true", "--activation", act, *small, "--out", run)
        compare_with_infer(run, "bn_" + act)

    # Trained through the true (scripted) simulator: no f, m(y) ranks through the embedded module.
    run = os.path.join(WORK, "ts_true")
    cli("train", "--problem", "torchscript:" + sim, "--domain", "-1:1,-1:1", "--forward", "true", *small, "--out", run)
    m = compare_with_infer(run, "ts_true")
    check(not hasattr(m, "forward_model"), "no forward_model when trained through the simulator")
    print("PASS")


main()
