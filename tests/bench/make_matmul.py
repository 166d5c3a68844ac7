#!/usr/bin/python3
"""Writes an ONNX model computing Y = A @ B (fp32) for the sgemm benchmark.

    make_matmul.py OUT.onnx M N K [--b-input]

A is the model input "A" [M, K]. B [K, N] is a seeded random initializer (a
weight, which kiln packs at compile time), or a second input "B" with
--b-input (packed at run time).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(argv):
    if len(argv) not in (5, 6) or (len(argv) == 6 and argv[5] != "--b-input"):
        sys.exit(__doc__)
    out, m, n, k = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    b_input = len(argv) == 6
    inputs = [helper.make_tensor_value_info("A", TensorProto.FLOAT, [m, k])]
    initializers = []
    if b_input:
        inputs.append(helper.make_tensor_value_info("B", TensorProto.FLOAT, [k, n]))
    else:
        b = np.random.default_rng(0).standard_normal((k, n)).astype(np.float32)
        initializers.append(numpy_helper.from_array(b, "B"))
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["A", "B"], ["Y"])], "sgemm", inputs,
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [m, n])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, out)


if __name__ == "__main__":
    main(sys.argv)
