#!/usr/bin/python3
"""Deterministically export the reference models used by kiln's end-to-end tests.

Usage: /usr/bin/python3 tests/e2e/export_models.py OUTDIR [NAME...] [--batch N] [--opset N]

A NAME is a configuration: a base model (see --list) optionally followed by
`_b<batch>` and/or `_o<opset>`, e.g. `resnet50`, `resnet50_b8`,
`resnet50_b8_o17`, `efficientnet_b0_b1_o13`, `mlp_b8`. Without a suffix the
model's default batch (1) and opset 13 are used. --batch / --opset apply to
every NAME that does not carry that suffix itself, and add it to the file
name: `resnet50 --batch 8 --opset 17` writes exactly what `resnet50_b8_o17`
does, as OUTDIR/resnet50_b8_o17.*. With no NAME, every base model is exported.

For each configuration STEM this writes:
  OUTDIR/STEM.onnx               static shapes, constant folding on, eval mode
  OUTDIR/STEM.input.npy          the seeded input (see below)
  OUTDIR/STEM.torch_output.npy   PyTorch's own output for that input (float32)
  OUTDIR/STEM.json               metadata: base model, batch, opset, input
                                 name/dtype/shape, output shape, ONNX ops, and
                                 `generator` (a hash of this script: files
                                 with another hash are stale)
and prints one line per configuration with the ONNX ops it uses (ops outside
the set kiln's frontend handled originally are flagged; with --strict-ops they
make the script exit 1).

Determinism: torch.manual_seed(0) right before each model is built (random
weights), BatchNorm layers of the new CNNs get seeded non-trivial statistics,
image inputs are numpy RandomState(0) standard normal float32, BERT token ids
are RandomState(0) integers in [0, vocab) as int64.

Needs Debian's python3-torch / python3-torchvision / python3-onnx (run
scripts/reference/install.sh); the pyenv python3 on PATH lacks them.
"""
import argparse
import hashlib
import io
import json
import math
import os
import re
import sys

import numpy as np
import torch
import torch.nn as nn

DEFAULT_OPSET = 13

# The ops kiln's frontend handled when this script was written; anything else
# is flagged so that a new model's needs are visible at export time.
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


def seed_batchnorm_stats(model, seed=1):
    """Freshly initialised BatchNorm is the identity (mean 0, var 1, gamma 1,
    beta 0); give it non-trivial, still seeded, statistics so that BN folding
    and lowering are actually exercised."""
    g = torch.Generator().manual_seed(seed)
    for mod in model.modules():
        if isinstance(mod, nn.BatchNorm2d):
            n = mod.num_features
            mod.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            mod.running_var.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            mod.weight.data.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            mod.bias.data.copy_(torch.randn(n, generator=g) * 0.1)
    return model


def make_cnn_small():
    return seed_batchnorm_stats(CnnSmall())


def torchvision_model(name, seeded_bn=True):
    def make():
        import torchvision
        model = getattr(torchvision.models, name)(weights=None)
        return seed_batchnorm_stats(model) if seeded_bn else model
    return make


class BertSelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, hidden)

    def split_heads(self, x):  # [B, S, H] -> [B, heads, S, head_dim]
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, x):
        b, s, h = x.shape
        q, k, v = (self.split_heads(f(x)) for f in (self.query, self.key, self.value))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.out(ctx.permute(0, 2, 1, 3).reshape(b, s, h))


class BertLayer(nn.Module):
    """Post-LayerNorm encoder layer as in BERT: attention, add & norm, GELU FFN, add & norm."""

    def __init__(self, hidden, heads, intermediate, eps):
        super().__init__()
        self.attention = BertSelfAttention(hidden, heads)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.gelu = nn.GELU()  # exact (erf) GELU, as BERT
        self.output = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x):
        x = self.attention_norm(x + self.attention(x))
        return self.output_norm(x + self.output(self.gelu(self.intermediate(x))))


class BertEncoder(nn.Module):
    """BERT-style encoder with BERT-Mini's sizes (4 layers, hidden 256, 4 heads,
    FFN 1024, vocab 30522): token + learned position embeddings, LayerNorm,
    encoder layers; returns the last hidden state [B, S, hidden]. One input
    (token ids), no attention mask, no token-type embeddings."""

    def __init__(self, vocab=30522, hidden=256, layers=4, heads=4, intermediate=1024,
                 max_positions=512, eps=1e-12):
        super().__init__()
        self.token_embeddings = nn.Embedding(vocab, hidden)
        self.position_embeddings = nn.Embedding(max_positions, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            BertLayer(hidden, heads, intermediate, eps) for _ in range(layers))
        self.register_buffer("position_ids", torch.arange(max_positions).unsqueeze(0))

    def forward(self, input_ids):
        positions = self.position_ids[:, :input_ids.shape[1]]
        x = self.token_embeddings(input_ids) + self.position_embeddings(positions)
        x = self.embedding_norm(x)
        for layer in self.layers:
            x = layer(x)
        return x


BERT_VOCAB = 30522
BERT_SEQ = 128


def image_input(c, h, w):
    def make(batch):
        x = np.random.RandomState(0).standard_normal((batch, c, h, w)).astype(np.float32)
        return "input", x
    return make


def vector_input(n):
    def make(batch):
        return "input", np.random.RandomState(0).standard_normal((batch, n)).astype(np.float32)
    return make


def token_ids_input(batch):
    ids = np.random.RandomState(0).randint(0, BERT_VOCAB, size=(batch, BERT_SEQ)).astype(np.int64)
    return "input_ids", ids


# base name -> (constructor, input(batch) -> (input name, array))
MODELS = {
    "resnet18": (torchvision_model("resnet18", seeded_bn=False), image_input(3, 224, 224)),
    "mlp": (make_mlp, vector_input(784)),
    "cnn_small": (make_cnn_small, image_input(3, 32, 32)),
    "resnet50": (torchvision_model("resnet50"), image_input(3, 224, 224)),
    "mobilenet_v2": (torchvision_model("mobilenet_v2"), image_input(3, 224, 224)),
    "efficientnet_b0": (torchvision_model("efficientnet_b0"), image_input(3, 224, 224)),
    "squeezenet1_1": (torchvision_model("squeezenet1_1"), image_input(3, 224, 224)),
    "bert_mini": (BertEncoder, token_ids_input),
}


def parse_config(name, batch_flag, opset_flag):
    """NAME -> (stem, base, batch, opset); raises ValueError when malformed.
    The longest base model that prefixes NAME wins, so efficientnet_b0's own
    `_b0` is part of the base name, not a batch size."""
    for base in sorted(MODELS, key=len, reverse=True):
        if name != base and not name.startswith(base + "_"):
            continue
        m = re.fullmatch(r"(?:_b(\d+))?(?:_o(\d+))?", name[len(base):])
        if not m:
            continue
        batch = int(m.group(1)) if m.group(1) else batch_flag
        opset = int(m.group(2)) if m.group(2) else opset_flag
        stem = base + (f"_b{batch}" if batch is not None else "") + (f"_o{opset}" if opset is not None else "")
        batch = 1 if batch is None else batch
        opset = DEFAULT_OPSET if opset is None else opset
        if batch < 1:
            raise ValueError(f"{name}: batch must be >= 1")
        if not 7 <= opset <= 17:
            raise ValueError(f"{name}: opset must be in 7..17 (torch {torch.__version__} exports up to 17)")
        return stem, base, batch, opset
    raise ValueError(f"unknown model '{name}'; known: {', '.join(MODELS)} "
                     "(optionally followed by _b<batch> and/or _o<opset>)")


def generator_hash():
    """Identifies what produced a file: the first 16 hex digits of this
    script's sha256 (prepare.sh computes the same with sha256sum)."""
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


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


def export_one(stem, base, batch, opset, outdir):
    ctor, make_input = MODELS[base]
    torch.manual_seed(0)
    with torch.no_grad():
        model = ctor()
    model.eval()

    input_name, x = make_input(batch)
    np.save(os.path.join(outdir, f"{stem}.input.npy"), x)

    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy().astype(np.float32)
    np.save(os.path.join(outdir, f"{stem}.torch_output.npy"), y)

    path = os.path.join(outdir, f"{stem}.onnx")
    # Export into memory first so a failed export leaves no partial file.
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            model, (torch.from_numpy(x),), buf,
            input_names=[input_name], output_names=["output"],
            opset_version=opset, do_constant_folding=True,
            training=torch.onnx.TrainingMode.EVAL,
            keep_initializers_as_inputs=False,
            export_params=True,
        )
    with open(path, "wb") as f:
        f.write(buf.getvalue())

    ops = model_ops(path)
    meta = {
        "name": stem, "model": base, "batch": batch, "opset": opset,
        "inputs": [{"name": input_name, "file": f"{stem}.input.npy",
                    "dtype": str(x.dtype), "shape": list(x.shape)}],
        "output_shape": list(y.shape),
        "ops": ops,
        "generator": generator_hash(),
    }
    with open(os.path.join(outdir, f"{stem}.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")

    extra = sorted(set(ops) - ALLOWED_OPS) if ops is not None else []
    print(f"{stem}: {input_name} {list(x.shape)} {x.dtype} -> output {list(y.shape)}; "
          f"ops: {' '.join(ops) if ops is not None else '(python3-onnx missing)'}"
          + (f"; NEW ops: {' '.join(extra)}" if extra else ""), flush=True)
    return extra


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.split("\n")[2:]))
    ap.add_argument("outdir")
    ap.add_argument("names", nargs="*", help="configurations to export (default: every base model)")
    ap.add_argument("--batch", type=int, help="batch size for NAMEs without a _b<batch> suffix")
    ap.add_argument("--opset", type=int, help="ONNX opset for NAMEs without an _o<opset> suffix")
    ap.add_argument("--strict-ops", action="store_true",
                    help="exit 1 if a model uses an op outside the original expected set")
    ap.add_argument("--list", action="store_true", help="print the base model names and exit")
    args = ap.parse_args(argv)

    if args.list:
        print("\n".join(MODELS))
        return 0
    try:
        configs = [parse_config(n, args.batch, args.opset) for n in (args.names or list(MODELS))]
    except ValueError as e:
        ap.error(str(e))

    os.makedirs(args.outdir, exist_ok=True)
    torch.set_grad_enabled(False)
    bad = {}
    for stem, base, batch, opset in configs:
        extra = export_one(stem, base, batch, opset, args.outdir)
        if extra:
            bad[stem] = extra
    if bad and args.strict_ops:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
