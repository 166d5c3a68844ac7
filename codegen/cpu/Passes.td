//===- Passes.td - kiln CPU codegen passes -----------------*- tablegen -*-===//
#ifndef KILN_CODEGEN_CPU_PASSES_TD
#define KILN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApproximateMath : Pass<"kiln-cpu-approximate-math"> {
  let summary = "Replace f32 transcendental math ops by inline polynomials";
  let description = [{
    Rewrites f32 `math.exp`, `math.log`, `math.tanh`, `math.erf` (and their
    relatives) into polynomial approximations made of arith ops, accurate to
    a few ulp. Unlike libm calls they inline and vectorize, and the artifact
    needs no libm symbol for them.
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def ExpandCopies : Pass<"kiln-cpu-expand-copies"> {
  let summary = "Turn memref.copy into linalg.copy so it lowers to loops";
  let description = [{
    Bufferization copies into strided views (padding, concatenation) with
    `memref.copy`, whose LLVM lowering calls `memrefCopy` from MLIR's runner
    utilities, a library artifacts must not depend on. As `linalg.copy` the
    copy becomes plain loops (which LLVM turns into memcpy where contiguous).
    With `vectorize`, static copies whose innermost dimension is contiguous
    on both sides become loops of vector row copies instead, and fills of
    whole contiguous buffers fill the flattened buffer.
  }];
  let options = [
    Option<"vectorize", "vectorize", "bool", /*default=*/"false",
           "Copy contiguous innermost rows with vector loads and stores">,
  ];
  let dependentDialects = ["arith::ArithDialect", "linalg::LinalgDialect",
                           "scf::SCFDialect", "vector::VectorDialect"];
}

def SplitEmptyTensors : Pass<"kiln-cpu-split-empty-tensors"> {
  let summary = "Give every use of a tensor.empty its own op";
  let description = [{
    CSE merges identical `tensor.empty` ops, and one-shot bufferization then
    gives their first in-place writer the buffer and every other one a copy
    of it (of undefined contents). Run right before bufferization, this
    clones a shared `tensor.empty` per use, so each destination gets its own
    allocation (or, after empty-tensor elimination, the buffer it is
    inserted into) and no copy.
  }];
  let dependentDialects = ["tensor::TensorDialect"];
}

def TileAndVectorize : Pass<"kiln-cpu-tile-and-vectorize", "func::FuncOp"> {
  let summary = "Data-tile matmuls and convolutions into register-blocked vector loops";
  let description = [{
    Rewrites f32 matmul-like and convolution `linalg.generic` ops (bodies
    `out + a * b`) on tensors, before bufferization, into scf.for loop nests
    around a register-blocked micro-kernel: up to 14 outputs of `width`
    lanes (two zmm registers each with width 32) live in vector registers
    across the whole reduction and each reduction step issues one FMA per
    output. Operands are data-tiled first: matmul right-hand sides into
    column panels of the vector width, convolution activations into the
    blocked NC/cHWc layout (linalg.pack/unpack) and filters into
    output-channel panels (depthwise convolutions vectorize over channels);
    constant operands are repacked at compile time. Data-layout propagation
    then cancels the unpack/pack pairs between convolutions. Cache blocking
    splits matmul columns and long reductions, orders convolution loops by
    cache footprint, blocks input channels so filter panels stay in L1 and
    prefetches the next panel. A fill or broadcast (bias) init starts the
    accumulators instead of a memory init, and elementwise consumers (bias,
    residual adds, activations) run on the finished accumulators before the
    store. Ops that do not fit are left for the loop lowering.
  }];
  let options = [
    Option<"matmulRows", "matmul-rows", "int64_t", /*default=*/"8",
           "Output rows per matmul micro-kernel">,
    Option<"matmulColumnBlock", "matmul-column-block", "int64_t", /*default=*/"4",
           "Column panels (of the vector width) per matmul cache block">,
    Option<"matmulReductionBlock", "matmul-reduction-block", "int64_t",
           /*default=*/"1024", "Longest matmul reduction run without blocking">,
    Option<"convRows", "conv-rows", "int64_t", /*default=*/"8",
           "Output columns per convolution micro-kernel">,
    Option<"convFilterBlockBytes", "conv-filter-block-bytes", "int64_t",
           /*default=*/"32768",
           "Filter bytes per input-channel cache block of a convolution">,
    Option<"l2CacheBytes", "l2-cache-bytes", "int64_t", /*default=*/"1048576",
           "Share of L2 a convolution's input may take before output "
           "positions become the outer loop">,
    Option<"propagateLayouts", "propagate-layouts", "bool", /*default=*/"true",
           "Move packs and unpacks through the ops between kernels so that "
           "pairs cancel">,
  ];
  let dependentDialects = ["arith::ArithDialect", "bufferization::BufferizationDialect",
                           "linalg::LinalgDialect", "memref::MemRefDialect",
                           "scf::SCFDialect", "tensor::TensorDialect",
                           "vector::VectorDialect"];
}

def VectorizeElementwise : Pass<"kiln-cpu-vectorize-elementwise", "func::FuncOp"> {
  let summary = "Tile elementwise and pooling generics into vector rows and vectorize them";
  let description = [{
    Tiles every `linalg.generic` on static tensors whose innermost loop is
    parallel and contiguous in all its operands into rows along that loop
    (the whole extent up to `max-vector-size`, else a power-of-two divisor of
    at least 8), every other loop by 1, and vectorizes each row with
    `linalg::vectorize`. Elementwise ops, broadcasts and pooling windows in
    the blocked layout all fit; others are left to the loop lowering.
  }];
  let options = [
    Option<"maxVectorSize", "max-vector-size", "int64_t", /*default=*/"64",
           "Longest row (elements) vectorized as one vector">,
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect"];
}

#endif // KILN_CODEGEN_CPU_PASSES_TD
