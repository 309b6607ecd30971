#!/usr/bin/env python3
"""PyTorch peer of `eenet bench train`: the same EENet models and training loop, timed the same way.

    python3 benchmarks/pytorch_peer.py --model eenet20 --batch-size 128 --steps 100 --threads 2 \
        --exit-after 0,1 --costs 0.1282,0.2445

Needs PyTorch (Debian: apt-get install python3-torch libopenblas0-pthread). The models mirror
lib/EENet.Repro/Models (EENet-8 as the official custom_eenet.py; 6n+2 ResNets with pool exits after the given
block indices); the loop is forward, loss v2, backward, Adam(lr 0.001, weight decay 1e-4) on fixed random batches,
reading the loss every step. benchmarks/compare-training.sh runs it alternately with the kit and prints the ratio.
"""
import argparse
import json
import time

import torch
from torch import nn
import torch.nn.functional as F


class Eenet8(nn.Module):
    def __init__(self, channels=1, classes=10, f=2):
        super().__init__()
        def basic(fi):
            return nn.Sequential(nn.BatchNorm2d(fi), nn.ReLU(inplace=True), nn.Conv2d(fi, fi * 2, 3, 2, 1),
                                 nn.BatchNorm2d(fi * 2), nn.ReLU(inplace=True), nn.Conv2d(fi * 2, fi * 2, 3, 1, 1))
        self.initblock = nn.Sequential(nn.Conv2d(channels, f, 3, 1, 1), nn.BatchNorm2d(f), nn.ReLU(inplace=True))
        self.basicblock1 = nn.Sequential(nn.Conv2d(f, f, 3, 1, 1), nn.BatchNorm2d(f), nn.ReLU(inplace=True), nn.Conv2d(f, f, 3, 1, 1))
        self.basicblock2 = basic(f)
        self.basicblock3 = basic(2 * f)
        self.finalblock = nn.Sequential(nn.BatchNorm2d(4 * f), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1))
        self.conv2d_6 = nn.Conv2d(f, 2 * f, 1, 2, 0)
        self.conv2d_9 = nn.Conv2d(2 * f, 4 * f, 1, 2, 0)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.exit0_classifier = nn.Sequential(nn.Linear(f, classes), nn.Softmax(dim=1))
        self.exit1_classifier = nn.Sequential(nn.Linear(2 * f, classes), nn.Softmax(dim=1))
        self.exit0_confidence = nn.Sequential(nn.Linear(f, 1), nn.Sigmoid())
        self.exit1_confidence = nn.Sequential(nn.Linear(2 * f, 1), nn.Sigmoid())
        self.classifier = nn.Sequential(nn.Linear(4 * f, classes), nn.Softmax(dim=1))
        self.costs = [0.08, 0.26]

    def forward(self, x):
        x = self.initblock(x)
        x = self.basicblock1(x) + x
        e = self.pool(x).flatten(1)
        p0, h0 = self.exit0_classifier(e), self.exit0_confidence(e)
        x = self.basicblock2(x) + self.conv2d_6(x)
        e = self.pool(x).flatten(1)
        p1, h1 = self.exit1_classifier(e), self.exit1_confidence(e)
        x = self.finalblock(self.basicblock3(x) + self.conv2d_9(x))
        return [p0, p1, self.classifier(x.flatten(1))], [h0, h1]


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += identity
        return self.relu(out)


class PoolExit(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.confidence = nn.Sequential(nn.Linear(channels, 1), nn.Sigmoid())
        self.classifier = nn.Sequential(nn.Linear(channels, classes), nn.Softmax(dim=1))

    def forward(self, x):
        x = self.pool(x).flatten(1)
        return self.classifier(x), self.confidence(x)


class EEResNet6n2(nn.Module):
    """6n+2 CIFAR ResNet with pool exits after the given block indices (0-based), as the kit builds it."""

    def __init__(self, depth, exit_after, costs, channels=3, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        blocks, inplanes = [], 16
        self.stem = nn.Sequential(nn.Conv2d(channels, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True))
        widths = []
        for stage, planes in enumerate([16, 32, 64]):
            for b in range(n):
                blocks.append(BasicBlock(inplanes, planes, 2 if (b == 0 and stage > 0) else 1))
                inplanes = planes
                widths.append(planes)
        self.blocks = nn.ModuleList(blocks)
        self.exit_after = list(exit_after)
        self.exits = nn.ModuleList([PoolExit(widths[i], classes) for i in self.exit_after])
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fully_connected = nn.Linear(64, classes)
        self.costs = list(costs)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        probs, confs, e = [], [], 0
        x = self.stem(x)
        for i, block in enumerate(self.blocks):
            x = block(x)
            if e < len(self.exit_after) and self.exit_after[e] == i:
                p, h = self.exits[e](x)
                probs.append(p)
                confs.append(h)
                e += 1
        probs.append(F.softmax(self.fully_connected(self.avgpool(x).flatten(1)), dim=1))
        return probs, confs


def loss_v2(probs, confs, costs, y, lam=1.0):
    def nll(p):
        return F.nll_loss(p.clamp_min(1e-30).log(), y)
    n = len(confs)
    cum_pred, cum_cost = probs[n], torch.ones_like(confs[0]) if n else None
    total = nll(cum_pred) + lam * 1.0
    for i in range(n - 1, -1, -1):
        h = confs[i]
        cum_pred = h * probs[i] + (1 - h) * cum_pred
        cum_cost = h * costs[i] + (1 - h) * cum_cost
        total = total + nll(cum_pred) + lam * cum_cost.mean()
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--exit-after", default="")
    ap.add_argument("--costs", default="")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    if a.model == "eenet8":
        model, shape = Eenet8(), (1, 28, 28)
    else:
        depth = int(a.model[len("eenet"):])
        model = EEResNet6n2(depth, [int(v) for v in a.exit_after.split(",") if v], [float(v) for v in a.costs.split(",") if v])
        shape = (3, 32, 32)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=0.001, weight_decay=1e-4)
    batches = [(torch.randn(a.batch_size, *shape), torch.randint(0, 10, (a.batch_size,))) for _ in range(4)]

    parts = [0.0, 0.0, 0.0]  # forward + loss, backward, optimiser (CPU ops are synchronous)

    def step(i):
        x, y = batches[i % len(batches)]
        t = time.perf_counter()
        probs, confs = model(x)
        loss = loss_v2(probs, confs, model.costs, y)
        parts[0] += time.perf_counter() - t
        t = time.perf_counter()
        opt.zero_grad()
        loss.backward()
        parts[1] += time.perf_counter() - t
        t = time.perf_counter()
        opt.step()
        parts[2] += time.perf_counter() - t
        loss.item()

    for i in range(a.warmup):
        step(i)
    parts[:] = [0.0, 0.0, 0.0]
    start = time.perf_counter()
    for i in range(a.steps):
        step(i)
    seconds = time.perf_counter() - start
    print(json.dumps({"framework": "pytorch " + torch.__version__, "model": a.model, "batch": a.batch_size, "steps": a.steps,
                      "threads": torch.get_num_threads(), "seconds": seconds, "examples_per_second": a.steps * a.batch_size / seconds,
                      "forward_ms": parts[0] / a.steps * 1000, "backward_ms": parts[1] / a.steps * 1000, "optimizer_ms": parts[2] / a.steps * 1000}))


if __name__ == "__main__":
    main()
