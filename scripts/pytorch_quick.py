#!/usr/bin/env python3
"""The quick preset's sine-wave training (k = 4, sequential) written in plain PyTorch.

Issue 16's yardstick: the same data size, networks, optimiser, schedule, losses and epochs as
`manifoldlab-cli train --problem sine --k 4`, so the two wall times compare like for like.
It prints the seconds spent and each network's re-simulation MSE on the held-out targets.

  OPENBLAS_CORETYPE=<core> python3 scripts/pytorch_quick.py [--threads 1] [--seed 1]

Set OPENBLAS_CORETYPE to the core the CLI's first line names, so both run the same kernels.
"""
import argparse
import math
import time

import torch
from torch import nn


def mlp(n_in, n_out, hidden=(128, 128, 128)):
    layers, width = [], n_in
    for h in hidden:
        layers += [nn.Linear(width, h), nn.SiLU()]
        width = h
    return nn.Sequential(*layers, nn.Linear(width, n_out))


def onecycle(step, total, pct=0.3, start=1 / 25, end=1 / 25 / 1e4):
    """core/nn/schedule.cpp's factor: cosine warm-up to 1 over 30 % of the steps, then down."""
    t = min(max(step / max(1, total - 1), 0.0), 1.0)
    cos = lambda a, b, u: b + (a - b) * 0.5 * (1 + math.cos(math.pi * u))
    return cos(start, 1.0, t / pct) if t < pct else cos(1.0, end, (t - pct) / (1 - pct))


def batches(n, batch):
    b = (n + batch - 1) // batch
    return b - 1 if b > 1 and n % batch == 1 else b


def train(net, loss_fn, n, epochs, lr, batch, clip, gen):
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    per_epoch = batches(n, batch)
    total, step = epochs * per_epoch, 0
    for _ in range(epochs):
        perm = torch.randperm(n, generator=gen)
        for b in range(per_epoch):
            idx = perm[b * batch:(b + 1) * batch] if b < per_epoch - 1 else perm[b * batch:]
            for group in opt.param_groups:
                group["lr"] = lr * onecycle(step, total)
            opt.zero_grad()
            loss = loss_fn(idx)
            loss.backward()
            if clip > 0:
                nn.utils.clip_grad_norm_(net.parameters(), clip)
            opt.step()
            step += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--k", type=int, default=4)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    start = time.perf_counter()

    simulate = lambda x: (torch.sin(3 * math.pi * x[:, 0]) + torch.cos(3 * math.pi * x[:, 1])).unsqueeze(1)
    x = torch.rand(10000, 2, generator=gen) * 2 - 1
    y = simulate(x)
    x_train, y_train, y_test = x[:8000], y[:8000], y[8000:]
    lam, sigma2, boundary = 0.02, 0.04, 100.0

    f = mlp(2, 1)
    train(f, lambda i: (f(x_train[i]) - y_train[i]).pow(2).mean(), 8000, 150, 1e-2, 128, 0.0, gen)
    f.requires_grad_(False)
    forward_seconds = time.perf_counter() - start

    gs = []
    for _ in range(a.k):
        g = mlp(1, 2)

        def loss(i, g=g):
            yb = y_train[i]
            xb = g(yb)
            fit = (f(xb) - yb).pow(2).mean()
            bnd = torch.relu(xb.abs() - 1).mean()
            rep = torch.zeros(())
            for e in gs:
                with torch.no_grad():
                    xe = e(yb)
                rep = rep + (1 - torch.exp(-(xb - xe).pow(2).sum(1) / sigma2)).mean()
            return fit + boundary * bnd - lam * rep

        train(g, loss, 8000, 40, 1e-2, 128, 1.0, gen)
        g.requires_grad_(False)
        gs.append(g)

    seconds = time.perf_counter() - start
    with torch.no_grad():
        per_network = [(simulate(g(y_test)) - y_test).pow(2).mean().item() for g in gs]
    print(f"pytorch {torch.__version__}, {a.threads} thread(s): {seconds:.1f} s (forward model {forward_seconds:.1f} s); "
          "per-network re-simulation MSE "
          + " ".join(f"{v:.2g}" for v in per_network))


if __name__ == "__main__":
    main()
