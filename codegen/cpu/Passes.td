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
    needs no libm symbol for them. The logistic reciprocal
    `1 / (1 + exp(y))` (sigmoid, SiLU) gets its own shorter sequence: a
    clamped argument, a shifter-rounded exponent, and Newton steps from an
    exponent-bit guess instead of a division (about 3 ulp, the same bits in
    scalar and vector code).
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
    inserted into) and no copy. A `linalg.fill` of a `tensor.empty` with
    several users (the padded input buffers of same-shaped layers) is
    cloned per user the same way.

    It also copies a loop state's new value whose producer reads the old
    state before `bufferization.materialize_in_destination` puts it back
    (Scan bodies): empty-tensor elimination would otherwise make the
    producer write the very buffer it reads, which bufferization rejects.
  }];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect"];
}

def FuseElementwise : Pass<"kiln-cpu-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops where it saves work";
  let description = [{
    Upstream elementwise fusion (with its reshape and constant folding
    companions) under a cost rule: the producer must have no user besides
    the consumer, and a producer that the consumer broadcasts (a
    squeeze-excite gate, one value per channel, read by every pixel) is only
    fused when its body is cheap, because fused it would run once per
    consumer element. `linalg.transpose` ops become generics first, so that
    transposes fold into their users.

    Example: `%g = sigmoid(%s)` on `tensor<1x32xf32>` feeding
    `%y = %g * %x` on `tensor<1x32x56x56xf32>` stays two ops, while
    `%a = %x + %b` feeding `%r = max(%a, 0)` becomes one.
  }];
  let dependentDialects = ["linalg::LinalgDialect", "affine::AffineDialect"];
}

def FillPadBorders : Pass<"kiln-cpu-fill-pad-borders", "func::FuncOp"> {
  let summary = "Fill only the border of padded buffers";
  let description = [{
    A padded buffer is built on tensors as an insert of the interior into a
    filled empty tensor. The fill writes every element and the interior is
    written again; this pass fills only the slabs around a static,
    unit-stride interior instead (one or two per padded dimension), so the
    interior is written once, by its producer after empty-tensor
    elimination.

    Example:
    ```mlir
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<6x6xf32>) -> tensor<6x6xf32>
    %r = tensor.insert_slice %x into %f[1, 1] [4, 4] [1, 1]
        : tensor<4x4xf32> into tensor<6x6xf32>
    ```
    becomes fills of the rows 0 and 5 and of rows 1-4 of the columns 0 and 5
    (`extract_slice`, `fill`, `insert_slice` each), then the same insert.
  }];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect"];
}

def SplitBatch : Pass<"kiln-cpu-split-batch", "ModuleOp"> {
  let summary = "Compile a batch of independent images as one image";
  let description = [{
    Runs on linalg on tensors, before the kernels. When the entry function
    provably computes every image of its static batch B (dimension 0 of all
    inputs and outputs) independently of the others, the batch dimension of
    every value derived from the inputs becomes 1 and the module gets
    `kiln.batch_split = B`; the runtime then calls the function once per
    image, whole images in parallel when it has several threads. One
    image's activations stay in L2 where a whole batch's do not. Functions
    whose contractions would keep fewer than `min-rows` output rows per
    image (an MLP: matrix-vector products that lose the batch's reuse of
    the weights) are left alone, as are functions that reduce over, reshape
    across, or gather from the batch.

    Example:
    ```mlir
    func.func @f(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {
      %r = linalg.generic ... ins(%x : tensor<8x64xf32>) outs(%e : tensor<8x64xf32>)
      return %r : tensor<8x64xf32>
    }
    ```
    becomes the same function on `tensor<1x64xf32>`, in a module with
    `kiln.batch_split = 8`.
  }];
  let options = [
    Option<"minRows", "min-rows", "int64_t", /*default=*/"16",
           "Fewest output rows per image a contraction keeps for the split to pay">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Say, as a remark on the function, why its batch is not split">,
  ];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect"];
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
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Run bias inits and elementwise consumers inside the kernels">,
    Option<"winograd", "winograd", "bool", /*default=*/"true",
           "Compute stride-1 3x3 convolutions with constant filters by "
           "Winograd's F(2x2, 3x3)">,
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

def CheckOutputShapes : Pass<"kiln-cpu-check-output-shapes", "ModuleOp"> {
  let summary = "Guard copies into dynamically shaped output buffers";
  let description = [{
    Runs after `buffer-results-to-out-params{add-result-attr=1}`, whose
    `bufferize.result` attribute marks the out-params. Every public function gets a
    trailing `memref<i32>` argument, the run status, which the caller sets
    to 0. An output whose shape is dynamic is computed into its own buffer
    and copied into the caller's: the copy is guarded by a comparison of the
    two shapes, and on a mismatch nothing is written and the status becomes
    1 + the output's index, so a wrongly sized caller buffer is reported
    instead of overrun.

    Example:
    ```mlir
    func.func @main(%x: memref<?xf32>, %y: memref<?xf32>) {
      ...
      memref.copy %r, %y : memref<?xf32> to memref<?xf32>
    }
    // becomes
    func.func @main(%x: memref<?xf32>, %y: memref<?xf32>, %status: memref<i32>) {
      ...
      scf.if %same_shape { memref.copy %r, %y } else { memref.store %c1, %status[] }
    }
    ```
  }];
  let dependentDialects = ["arith::ArithDialect", "memref::MemRefDialect",
                           "scf::SCFDialect"];
}

def ExpandBF16 : Pass<"kiln-cpu-expand-bf16"> {
  let summary = "Turn bf16 extf/truncf into integer bit manipulation";
  let description = [{
    Without AVX512-BF16, LLVM lowers `fptrunc float to bfloat` to a call
    into compiler-rt (`__truncsfbf2`), which artifacts do not link. This
    rewrites `arith.extf`/`arith.truncf` from/to bf16 into shifts and
    rounding arithmetic on i32 (round to nearest even), leaving the rest of
    arith alone (unlike `arith-expand`).
  }];
  let dependentDialects = ["arith::ArithDialect"];
}

def FlattenGlobals : Pass<"kiln-cpu-flatten-globals", "ModuleOp"> {
  let summary = "Store constant globals as flat 1-D arrays";
  let description = [{
    A `memref.global` of rank > 1 becomes an LLVM global of nested arrays,
    one LLVM constant per innermost row: a 1x1 convolution's weights turn
    into tens of thousands of one-element arrays, which LLVM's call-graph
    and constant handling walk one by one (minutes for ResNet-50). This
    pass stores each such global as a rank-1 memref and reads it through
    `memref.expand_shape`, which is only a view.

    Example:
    ```mlir
    memref.global "private" constant @w : memref<2x3xf32> = dense<...>
    %0 = memref.get_global @w : memref<2x3xf32>
    // becomes
    memref.global "private" constant @w : memref<6xf32> = dense<...>
    %f = memref.get_global @w : memref<6xf32>
    %0 = memref.expand_shape %f [[0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
    ```
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def Parallelize : Pass<"kiln-cpu-parallelize", "ModuleOp"> {
  let summary = "Run outer parallel loops on the runtime's threads";
  let description = [{
    Appends an execution-context argument (`!llvm.ptr`) to every public
    function (marked `kiln.context`) and turns the outermost parallel loop of each
    heavy loop nest into a call of the context's `parallel_for` (model ABI
    3, runtime/kiln_internal.h) with an outlined task function
    `@<func>_parallel_N(closure, begin, end)`. Runs on buffers, before
    linalg ops become loops. Candidates: `scf.forall` and `scf.parallel`
    without results, `scf.for` marked `kiln.parallel` (a tiling pass's
    promise that its iterations are independent), and linalg ops, split
    along one parallel dimension that indexes every output directly.
    Loop nests whose estimated work (trips x body ops) is below `min-work`
    stay serial. Results do not depend on the thread count.

    Example (min-work=0):
    ```mlir
    linalg.generic ... ins(%a : memref<64x64xf32>) outs(%b : memref<64x64xf32>)
    ```
    becomes
    ```mlir
    %f = llvm.load %ctx : !llvm.ptr -> !llvm.ptr
    %task = llvm.mlir.addressof @f_parallel : !llvm.ptr
    llvm.call %f(%ctx, %task, %closure, %c64) : !llvm.ptr, (...) -> ()
    ```
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"32768",
           "Estimated scalar operations below which a loop nest stays serial">,
  ];
  let dependentDialects = ["LLVM::LLVMDialect", "arith::ArithDialect",
                           "memref::MemRefDialect", "scf::SCFDialect"];
}

def PlanMemory : Pass<"kiln-cpu-plan-memory", "ModuleOp"> {
  let summary = "Place a function's temporary buffers in one arena by liveness";
  let description = [{
    Runs on buffers, before deallocation is inserted. Every statically
    shaped `memref.alloc` in a function's entry block whose value does not
    escape (returned, stored, deallocated) gets a live range: from the alloc
    to the last op of the entry block that uses it or any value derived from
    it (views, loop results; uses inside loops count as the loop). Buffers
    are placed at 64-byte aligned offsets of one `memref<Nxi8>` arena,
    largest first, each at the lowest offset that overlaps no buffer live at
    the same time, and become `memref.view`s of it. One allocation per call
    replaces dozens, and buffers whose lives do not overlap share memory, so
    the working set stays in cache.

    Records the module attributes `kiln.arena_bytes` (largest arena of any
    function) and `kiln.weight_bytes` (bytes of constant globals), which
    `kiln inspect` reports.

    ```mlir
    %a = memref.alloc() : memref<64xf32>   // live [0, 2]
    %b = memref.alloc() : memref<64xf32>   // live [1, 3]
    // becomes
    %arena = memref.alloc() {alignment = 64 : i64} : memref<512xi8>
    %a = memref.view %arena[%c0][] : memref<512xi8> to memref<64xf32>
    %b = memref.view %arena[%c256][] : memref<512xi8> to memref<64xf32>
    ```
  }];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def CopyDuplicateResults : Pass<"kiln-cpu-copy-duplicate-results", "ModuleOp"> {
  let summary = "Give every repeated function result its own buffer";
  let description = [{
    Runs on buffers, before `buffer-results-to-out-params`, which crashes
    (with `hoist-static-allocs=1`) when a function returns the same buffer
    more than once, as a graph does that returns one value as several
    outputs. Each repeat becomes a fresh allocation holding a copy.

    Example:
    ```mlir
    return %a, %a : memref<4xf32>, memref<4xf32>
    // becomes
    %b = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
    memref.copy %a, %b : memref<4xf32> to memref<4xf32>
    return %a, %b : memref<4xf32>, memref<4xf32>
    ```
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

#endif // KILN_CODEGEN_CPU_PASSES_TD
