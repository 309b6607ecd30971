#!/usr/bin/env python3
"""PyTorch peer of the whole `eenet train` command: the same model, loss and loop, with a real data loader.

    python3 benchmarks/pytorch_train_peer.py --model eenet8 --data fashion-mnist --epochs 2 --threads 1
    python3 benchmarks/pytorch_train_peer.py --model eenet20 --data /path/to/cifar10/cifar-10-batches-bin --epochs 2 --train-limit 8000

What it does, as the kit's trainer does it: reads the dataset files (Fashion-MNIST's IDX .gz from Debian's
dataset-fashion-mnist, or the CIFAR-10 binary batches), holds out 10 % of the training examples for validation, trains
with a torch DataLoader (batch 32, shuffled, CIFAR: random crop with padding 4 and a horizontal flip per sample), loss v2,
Adam (lr 0.001, weight decay 1e-4), validates every epoch (full forward at batch 256), and tests once at the end.
Prints one JSON line with the wall time of the whole process. benchmarks/compare-end-to-end.sh runs it in alternation
with the kit. Needs Debian's python3-torch (and python3-numpy).
"""
import argparse
import gzip
import json
import os
import time

START = time.perf_counter()

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from pytorch_peer import Eenet8, EEResNet6n2, loss_v2


def idx(path):
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def load(data, train_limit, test_limit):
    if data == "fashion-mnist":
        root = "/usr/share/datasets/fashion-mnist"
        x = idx(f"{root}/train-images-idx3-ubyte.gz")[:, None]
        y = idx(f"{root}/train-labels-idx1-ubyte.gz")
        tx = idx(f"{root}/t10k-images-idx3-ubyte.gz")[:, None]
        ty = idx(f"{root}/t10k-labels-idx1-ubyte.gz")
        mean, std, augment = [0.1307], [0.3081], False
    else:
        def batch(name):
            raw = np.fromfile(os.path.join(data, name), dtype=np.uint8).reshape(-1, 3073)
            return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0]
        parts = [batch(f"data_batch_{i}.bin") for i in range(1, 6)]
        x, y = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        tx, ty = batch("test_batch.bin")
        mean, std, augment = [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010], True
    if train_limit:
        x, y = x[:train_limit], y[:train_limit]
    if test_limit:
        tx, ty = tx[:test_limit], ty[:test_limit]
    return x, y.astype(np.int64), tx, ty.astype(np.int64), mean, std, augment


class Images(Dataset):
    def __init__(self, x, y, mean, std, augment):
        self.x, self.y, self.augment = torch.from_numpy(np.array(x)), torch.from_numpy(np.array(y)), augment
        self.mean, self.std = torch.tensor(mean).view(-1, 1, 1), torch.tensor(std).view(-1, 1, 1)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        img = self.x[i].float().div(255)
        if self.augment:
            img = torch.nn.functional.pad(img, (4, 4, 4, 4))
            r, c = np.random.randint(0, 9, 2)
            img = img[:, r:r + 32, c:c + 32]
            if np.random.rand() < 0.5:
                img = img.flip(2)
        return (img - self.mean) / self.std, self.y[i]


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            probs, confs = model(x)
            correct += (probs[-1].argmax(1) == y).sum().item()
            total += len(y)
    model.train()
    return correct / max(total, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--train-limit", type=int, default=0)
    ap.add_argument("--test-limit", type=int, default=0)
    ap.add_argument("--exit-after", default="0,1")
    ap.add_argument("--costs", default="0.128205,0.244535")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    np.random.seed(1)
    x, y, tx, ty, mean, std, augment = load(a.data, a.train_limit, a.test_limit)
    order = np.random.permutation(len(y))
    held = int(round(0.1 * len(y)))
    val, train = order[:held], order[held:]
    train_loader = DataLoader(Images(x[train], y[train], mean, std, augment), batch_size=32, shuffle=True)
    val_loader = DataLoader(Images(x[val], y[val], mean, std, False), batch_size=256)
    test_loader = DataLoader(Images(tx, ty, mean, std, False), batch_size=256)
    if a.model == "eenet8":
        model = Eenet8()
    else:
        model = EEResNet6n2(int(a.model[len("eenet"):]), [int(v) for v in a.exit_after.split(",")], [float(v) for v in a.costs.split(",")])
    opt = torch.optim.Adam(model.parameters(), lr=0.001, weight_decay=1e-4)
    model.train()
    epochs = []
    for epoch in range(a.epochs):
        t = time.perf_counter()
        for xb, yb in train_loader:
            probs, confs = model(xb)
            loss = loss_v2(probs, confs, model.costs, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
        epochs.append({"epoch": epoch + 1, "seconds": time.perf_counter() - t, "val_accuracy": evaluate(model, val_loader)})
    test = evaluate(model, test_loader)
    print(json.dumps({"framework": "pytorch " + torch.__version__, "model": a.model, "threads": torch.get_num_threads(), "epochs": epochs,
                      "test_accuracy": test, "wall_seconds": time.perf_counter() - START}))


if __name__ == "__main__":
    main()
