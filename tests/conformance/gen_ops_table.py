#!/usr/bin/python3
"""Generate docs/onnx-ops.md: kiln's ONNX operator support, per op, from the
conformance suite's cases and the expected-failure list.

Usage: /usr/bin/python3 tests/conformance/gen_ops_table.py
           [--data-root DIR] [--expected FILE] [--output FILE]

Every case under DATA_ROOT/{node,pytorch-converted,pytorch-operator,simple}
passes unless expected_failures.txt lists it (the runner keeps that list in
step with reality). Each case's model.onnx is read with the onnx package to
find its ops (subgraphs included), the opset each op is imported at, and the
element types of its inputs (of its outputs for ops without inputs).

Counting: a case counts for every op it contains. When a failing case's reason
names a node, the failure is charged to that node's op only (when it names a
graph input, to the ops consuming that input); the other ops of the case are
left out of their totals (they did not get a verdict). A reason that names
neither is charged to every op of the case. Status: supported (every counted case passes), partial, unsupported (no
counted case passes), untested (only in cases that fail on another op).
Needs /usr/bin/python3 with Debian's python3-onnx.
"""
import argparse
import collections
import os
import re
import sys

import onnx
from onnx import shape_inference

SUITES = ("node", "pytorch-converted", "pytorch-operator", "simple")

DTYPE_NAMES = {
    onnx.TensorProto.FLOAT: "f32", onnx.TensorProto.DOUBLE: "f64",
    onnx.TensorProto.FLOAT16: "f16", onnx.TensorProto.BFLOAT16: "bf16",
    onnx.TensorProto.INT8: "i8", onnx.TensorProto.INT16: "i16",
    onnx.TensorProto.INT32: "i32", onnx.TensorProto.INT64: "i64",
    onnx.TensorProto.UINT8: "u8", onnx.TensorProto.UINT16: "u16",
    onnx.TensorProto.UINT32: "u32", onnx.TensorProto.UINT64: "u64",
    onnx.TensorProto.BOOL: "bool", onnx.TensorProto.STRING: "str",
    onnx.TensorProto.COMPLEX64: "c64", onnx.TensorProto.COMPLEX128: "c128",
}
DTYPE_ORDER = list(DTYPE_NAMES.values()) + ["seq", "map", "opt", "?"]


def list_cases(data_root):
    cases = []
    for suite in SUITES:
        d = os.path.join(data_root, suite)
        if os.path.isdir(d):
            cases += [f"{suite}/{n}" for n in sorted(os.listdir(d)) if not n.startswith(".")]
    return sorted(cases)


def read_expected(path):
    """case -> reason, as the runner reads it ("<case>  # reason")."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            case = re.split(r"[\s#]", line, maxsplit=1)[0]
            out[case] = line.split("#", 1)[1].strip() if "#" in line else ""
    return out


def type_name(tp):
    """Short name of a TypeProto: element type for tensors, else the kind."""
    kind = tp.WhichOneof("value")
    if kind in ("tensor_type", "sparse_tensor_type"):
        return DTYPE_NAMES.get(getattr(tp, kind).elem_type, "?")
    return {"sequence_type": "seq", "map_type": "map", "optional_type": "opt"}.get(kind, "?")


def op_key(node):
    return node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}::{node.op_type}"


def analyse_model(path):
    """-> (ops: {op: (opsets, dtypes)}, {node name: op}, {graph input: ops consuming it})."""
    model = onnx.load(path, load_external_data=False)
    opsets = {imp.domain or "": imp.version for imp in model.opset_import}
    if "ai.onnx" in opsets and "" not in opsets:
        opsets[""] = opsets["ai.onnx"]
    try:
        inferred = shape_inference.infer_shapes(model)
    except Exception:  # shape inference is best effort; declared types still count
        inferred = model
    ops, names = {}, {}
    graph_inputs = {vi.name for vi in inferred.graph.input}
    consumers = collections.defaultdict(set)

    def walk(graph, outer_types):
        types = dict(outer_types)
        for vi in list(graph.input) + list(graph.output) + list(graph.value_info):
            if vi.type.WhichOneof("value"):
                types[vi.name] = type_name(vi.type)
        for init in graph.initializer:
            types[init.name] = DTYPE_NAMES.get(init.data_type, "?")
        for node in graph.node:
            key = op_key(node)
            names.setdefault(node.name, key)
            for i in node.input:
                if i in graph_inputs:
                    consumers[i].add(key)
            opset = opsets.get(node.domain if node.domain != "ai.onnx" else "")
            dtypes = {types.get(i, "?") for i in node.input if i}
            if not dtypes:
                dtypes = {types.get(o, "?") for o in node.output if o}
            entry = ops.setdefault(key, [set(), set()])
            if opset is not None:
                entry[0].add(opset)
            entry[1].update(dtypes)
            for attr in node.attribute:
                subs = ([attr.g] if attr.type == onnx.AttributeProto.GRAPH else []) + list(attr.graphs)
                for sub in subs:
                    walk(sub, types)

    walk(inferred.graph, {})
    return ops, names, consumers


NODE_WITH_OP = re.compile(r"node '[^']*' \(([A-Za-z0-9_.:]+), opset \d+\): ")
NODE_NAME = re.compile(r"node '([^']*)'(?: \([^)]*\))?: ")
GRAPH_INPUT = re.compile(r"graph input '([^']*)'")


def blamed_ops(reason, ops, names, consumers):
    """The ops of a case a failure reason is charged to: the op of the node
    it names, else the ops consuming the graph input it names, else all."""
    m = NODE_WITH_OP.search(reason)
    if m:
        return {op for op in ops if op.split("::")[-1] == m.group(1)} or set(ops)
    m = NODE_NAME.search(reason)
    if m and m.group(1) in names:
        return {names[m.group(1)]}
    m = GRAPH_INPUT.search(reason)
    if m and consumers.get(m.group(1)):
        return set(consumers[m.group(1)])
    return set(ops)


def reason_text(reason):
    """A failure reason without the node's name."""
    return NODE_NAME.sub("", NODE_WITH_OP.sub("", reason)).strip()


def reason_group(text):
    """What similar reasons share: quoted names and numbers elided."""
    return re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'", "'…'", text))


def opset_range(opsets):
    if not opsets:
        return ""
    lo, hi = min(opsets), max(opsets)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def md_escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-root", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--expected", default=os.path.join(here, "expected_failures.txt"))
    ap.add_argument("--output", default=os.path.join(repo, "docs", "onnx-ops.md"))
    args = ap.parse_args(argv)

    cases = list_cases(args.data_root)
    if not cases:
        print(f"gen_ops_table: no cases under {args.data_root}", file=sys.stderr)
        return 1
    expected = read_expected(args.expected)

    # op -> counters and sets
    opsets = collections.defaultdict(set)
    dtypes = collections.defaultdict(set)
    dtypes_passing = collections.defaultdict(set)
    passed = collections.Counter()
    total = collections.Counter()
    reasons = collections.defaultdict(collections.Counter)  # op -> group -> count
    reason_texts = collections.defaultdict(set)  # (op, group) -> distinct texts
    blocked_by = collections.defaultdict(collections.Counter)
    unreadable = []
    n_pass = 0
    for case in cases:
        path = os.path.join(args.data_root, case, "model.onnx")
        try:
            ops, names, consumers = analyse_model(path)
        except Exception as e:  # a case the onnx package cannot read still counts as a case
            unreadable.append(f"{case} ({type(e).__name__})")
            continue
        failing = case in expected
        n_pass += not failing
        blame = blamed_ops(expected[case], ops, names, consumers) if failing else set()
        text = reason_text(expected[case]) if failing else None
        for op, (op_opsets, op_dtypes) in ops.items():
            opsets[op] |= op_opsets
            dtypes[op] |= op_dtypes
            if not failing:
                passed[op] += 1
                total[op] += 1
                dtypes_passing[op] |= op_dtypes
            elif op in blame:
                total[op] += 1
                reasons[op][reason_group(text)] += 1
                reason_texts[op, reason_group(text)].add(text)
            else:
                blocked_by[op].update(blame)
    n_pass += sum(1 for c in unreadable if c.split(" ")[0] not in expected)

    rows, status_count = [], collections.Counter()
    for op in sorted(set(opsets) | set(dtypes), key=lambda s: (s.count("::"), s.lower())):
        if total[op] == 0:
            status = "untested"
        elif passed[op] == total[op]:
            status = "supported"
        elif passed[op] == 0:
            status = "unsupported"
        else:
            status = "partial"
        status_count[status] += 1
        # Dtypes no passing case exercises are marked with '*' (once some pass).
        ds = sorted(dtypes[op], key=lambda d: DTYPE_ORDER.index(d) if d in DTYPE_ORDER else 99)
        if status == "partial":
            ds = [d if d in dtypes_passing[op] else d + "*" for d in ds]
        if reasons[op]:
            (group, count), = reasons[op].most_common(1)
            texts = reason_texts[op, group]
            reason = next(iter(texts)) if len(texts) == 1 else group
            fails = total[op] - passed[op]
            note = reason + (f" ({count} of {fails} failures)" if fails > 1 else "")
        elif status == "untested":
            note = "only in cases failing on " + ", ".join(o for o, _ in blocked_by[op].most_common(3))
        else:
            note = ""
        rows.append(f"| {md_escape(op)} | {opset_range(opsets[op])} | {' '.join(ds)} | {status} "
                    f"| {passed[op]}/{total[op]} | {md_escape(note)} |")

    out = [
        "# ONNX operator support",
        "",
        "Generated by `tests/conformance/gen_ops_table.py` from the conformance cases",
        "(`/usr/share/libonnx-testdata/data/{node,pytorch-converted,pytorch-operator,simple}`) and",
        "`tests/conformance/expected_failures.txt`; `tests/conformance/update_expected_failures.sh`",
        "regenerates it. Do not edit by hand.",
        "",
        f"Cases passing: **{n_pass} of {len(cases)}**. Ops: "
        + ", ".join(f"{status_count[s]} {s}" for s in ("supported", "partial", "unsupported", "untested")
                    if status_count[s]) + ".",
        "",
        "- **Opsets**: the opset versions the suite's models import for the op.",
        "- **Dtypes**: element types of the op's inputs in the suite (outputs for ops without inputs);",
        "  for partially supported ops, `*` marks a type that no passing case uses.",
        "- **Pass**: passing cases / cases that give the op a verdict. A case counts for every op in it,",
        "  except that a failure whose error names a node is charged to that node's op only (one that",
        "  names a graph input, to the ops consuming it); ops only in cases failing on other ops are `untested`.",
        "- **Notes**: the most common failure reason.",
        "",
        "| Op | Opsets | Dtypes | Status | Pass | Notes |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]
    if unreadable:
        out += ["", "Cases the onnx package could not read (not in the table): " + ", ".join(unreadable) + "."]
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"gen_ops_table: {args.output}: {len(rows)} ops ("
          + ", ".join(f"{status_count[s]} {s}" for s in status_count) + f"), {n_pass}/{len(cases)} cases pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
