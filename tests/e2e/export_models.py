#!/usr/bin/python3
"""Deterministically export the reference models used by kiln's end-to-end tests.

Usage: /usr/bin/python3 tests/e2e/export_models.py OUTDIR [names...]

For each model NAME (all of them when no names are given) writes:
  OUTDIR/NAME.onnx               static shapes, opset 13, constant folding on
  OUTDIR/NAME.input.npy          float32 standard normal, numpy RandomState(0)
  OUTDIR/NAME.torch_output.npy   PyTorch's own output for that input (float32)
and prints the set of ONNX ops each exported model uses. Ops outside the set
kiln's frontend is expected to handle are reported; with --strict-ops they
make the script exit 1.

Weights are random (torch.manual_seed(0) right before each model is built),
models are in eval mode. Needs Debian's python3-torch / python3-torchvision
(run scripts/reference/install.sh); the pyenv python3 on PATH lacks them.
"""
import argparse
import io
import os
import sys

import numpy as np
import torch
import torch.nn as nn

OPSET = 13

ALLOWED_OPS = {
    "Conv", "BatchNormalization", "Relu", "MaxPool", "Add", "GlobalAveragePool",
    "Flatten", "Gemm", "MatMul", "Reshape", "Constant", "Identity", "AveragePool",
}


def make_mlp():
    return nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(),
        nn.Linear(512, 512), nn.ReLU(),
        nn.Linear(512, 10),
    )


class BasicBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.conv1 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(ch)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(ch, ch, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(ch)

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + x)


class CnnSmall(nn.Module):
    """conv-bn-relu stem, maxpool, one residual block, GAP, flatten, linear."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.block = BasicBlock(16)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.pool(self.relu(self.bn(self.conv(x))))
        x = self.block(x)
        x = torch.flatten(self.gap(x), 1)
        return self.fc(x)


def make_cnn_small():
    m = CnnSmall()
    # Freshly initialised BatchNorm is the identity (mean 0, var 1, gamma 1,
    # beta 0); give it non-trivial, still seeded, statistics so that BN
    # folding / lowering is actually exercised.
    g = torch.Generator().manual_seed(1)
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            n = mod.num_features
            mod.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            mod.running_var.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            mod.weight.data.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            mod.bias.data.copy_(torch.randn(n, generator=g) * 0.1)
    return m


def make_resnet18():
    import torchvision
    return torchvision.models.resnet18(weights=None)


# name -> (constructor, input shape)
MODELS = {
    "resnet18": (make_resnet18, (1, 3, 224, 224)),
    "mlp": (make_mlp, (1, 784)),
    "mlp_b8": (make_mlp, (8, 784)),
    "cnn_small": (make_cnn_small, (1, 3, 32, 32)),
}


def model_ops(path):
    """Sorted list of op types used by the ONNX model at path (incl. subgraphs)."""
    try:
        import onnx
    except ImportError:
        return None
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = set()

    def walk(graph):
        for node in graph.node:
            ops.add(node.op_type if not node.domain else f"{node.domain}::{node.op_type}")
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    walk(attr.g)
                for sub in attr.graphs:
                    walk(sub)

    walk(m.graph)
    return sorted(ops)


def export_one(name, outdir):
    ctor, shape = MODELS[name]
    torch.manual_seed(0)
    with torch.no_grad():
        model = ctor()
    model.eval()

    x = np.random.RandomState(0).standard_normal(shape).astype(np.float32)
    np.save(os.path.join(outdir, f"{name}.input.npy"), x)

    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy().astype(np.float32)
    np.save(os.path.join(outdir, f"{name}.torch_output.npy"), y)

    path = os.path.join(outdir, f"{name}.onnx")
    # Export into memory first so a failed export leaves no partial file.
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            model, (torch.from_numpy(x),), buf,
            input_names=["input"], output_names=["output"],
            opset_version=OPSET, do_constant_folding=True,
            training=torch.onnx.TrainingMode.EVAL,
            keep_initializers_as_inputs=False,
            export_params=True,
        )
    with open(path, "wb") as f:
        f.write(buf.getvalue())

    ops = model_ops(path)
    extra = sorted(set(ops) - ALLOWED_OPS) if ops is not None else []
    print(f"{name}: input {list(shape)} -> output {list(y.shape)}; "
          f"ops: {' '.join(ops) if ops is not None else '(python3-onnx missing)'}"
          + (f"; UNEXPECTED ops: {' '.join(extra)}" if extra else ""))
    return extra


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("names", nargs="*", help=f"models to export (default: all of {', '.join(MODELS)})")
    ap.add_argument("--strict-ops", action="store_true",
                    help="exit 1 if a model uses an op outside the expected set")
    args = ap.parse_args(argv)

    names = args.names or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        ap.error(f"unknown model(s): {', '.join(unknown)}; known: {', '.join(MODELS)}")

    os.makedirs(args.outdir, exist_ok=True)
    torch.set_grad_enabled(False)
    bad = {}
    for n in names:
        extra = export_one(n, args.outdir)
        if extra:
            bad[n] = extra
    if bad and args.strict_ops:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
