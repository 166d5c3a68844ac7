//===- KernelRewrites.h - contraction rewrites of tile-and-vectorize -*- C++ -*-===//
//
// Internal to kiln-cpu-tile-and-vectorize: the per-op rewrites into data-tiled
// micro-kernel loop nests, and helpers they share.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_CPU_KERNELREWRITES_H
#define KILN_CODEGEN_CPU_KERNELREWRITES_H

#include "codegen/cpu/MicroKernel.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <functional>

namespace mlir::kiln {

struct KernelTileSizes {
  int64_t matmulRows, columnBlock, reductionBlock, convRows, filterBlockBytes, l2Bytes;
  /// Bias inits and elementwise consumers run inside the kernel.
  bool fuseEpilogues = true;
  /// Stride-1 3x3 convolutions with constant filters use Winograd's
  /// F(2x2, 3x3) (WinogradConv.cpp).
  bool winograd = true;
};

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// f32 operands, two inputs, one init, tensors, body `out + a * b`.
bool isMulAddContraction(linalg::LinalgOp op);

/// Lanes per micro-kernel row for an extent: 32 (two zmm registers) unless
/// 16 avoids padding a small extent.
int64_t kernelVectorWidth(int64_t extent);

/// Channel block of activations in the blocked (NCHWc) layout: the same for
/// a convolution's output and the input of the next, so that the unpack and
/// pack between them cancel.
int64_t activationBlock(int64_t channels);

/// Loop extents of `op` as index values (tensor.dim for dynamic ones).
SmallVector<Value> loopExtents(OpBuilder &b, Location loc, linalg::LinalgOp op);

/// Iterator kinds of `op` plus one parallel vector dimension.
SmallVector<bool> reductionFlagsWithVector(linalg::LinalgOp op);

/// The elementwise linalg.generic ops that consume `value` one after the
/// other and can run as a kernel epilogue: each the only user of the
/// previous value, through an identity map, with an identity output map of
/// the same type whose init it does not read, all loops parallel, other
/// inputs indexed by projected permutations, and a body of arith and math
/// ops.
SmallVector<linalg::GenericOp> collectEpilogueChain(Value value);

/// The epilogue running `chain` on the kernel's result `previous`: each
/// consumer's other inputs become operands through `operandOf`.
Epilogue buildEpilogue(ArrayRef<linalg::GenericOp> chain, Value previous,
                       function_ref<Epilogue::Operand(OpOperand *)> operandOf);

/// The elementwise linalg.generic producing `init` (a broadcast bias, say)
/// when the kernel can compute it into its first accumulators instead:
/// `init` has no other use, all loops parallel, an identity output map
/// whose init is not read, inputs indexed by projected permutations, and a
/// body of arith and math ops. Null otherwise.
linalg::GenericOp getInitProducer(Value init);

LogicalResult rewriteMatmul(RewriterBase &rewriter, linalg::LinalgOp op,
                            const KernelTileSizes &tiles);

/// Convolutions compute in the blocked layout, between a linalg.pack of the
/// input and a linalg.unpack of the output (see ConvKernels.cpp).
LogicalResult rewriteConv(RewriterBase &rewriter, linalg::LinalgOp op,
                          const KernelTileSizes &tiles);

/// A stride-1, undilated 3x3 convolution with a constant filter, in the
/// blocked layout (see WinogradConv.cpp).
struct WinogradConv {
  /// The blocked, padded input [n, ic1, outRows + 2, outCols + 2, ic0].
  Value input;
  /// The filter at (oc, ic, kh, kw).
  std::function<float(int64_t, int64_t, int64_t, int64_t)> filter;
  int64_t outChannels, inChannels, outRows, outCols;
  /// The output channel block (oc0) of the blocked output.
  int64_t width;
  /// Filter bytes per input-channel cache block (KernelTileSizes).
  int64_t filterBlockBytes;
};

/// Emits `conv` into the blocked output that the direct kernel `direct`
/// would write: from its `init` (or `initValue` or `prologue`), through its
/// `epilogue`. Returns the output.
Value emitWinogradConv(OpBuilder &b, Location loc, const WinogradConv &conv,
                       const ContractionKernel &direct);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_KERNELREWRITES_H
