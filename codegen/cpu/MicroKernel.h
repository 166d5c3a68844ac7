//===- MicroKernel.h - register-blocked contraction loop nests --*- C++ -*-===//
//
// Emits `out[outMap(d)] += lhs[lhsMap(d)] * rhs[rhsMap(d)]` as scf.for loops
// around a register-blocked micro-kernel: `rows` accumulator vectors of the
// output (one per point of the row dimension) stay in registers across the
// whole reduction, each step reading one vector of the vector operand(s) and
// one scalar or vector per row of the row operand(s), and issuing one FMA per
// row. With 512-bit vectors and width 32 every FMA is two zmm FMAs.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_CPU_MICROKERNEL_H
#define KILN_CODEGEN_CPU_MICROKERNEL_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"

namespace mlir::kiln {

/// One loop around the micro-kernel. A block loop steps by `block` and limits
/// the later point loop of the same dimension (or the kernel's reduction
/// loop) to the current block: cache tiling.
struct KernelLoop {
  unsigned dim;
  int64_t block = 0; ///< 0: a point loop over the current range.
};

/// Elementwise ops fused after the contraction (bias, residual adds, ReLU):
/// applied to the finished accumulators before they are stored. Each op is
/// a linalg.generic over the output's dimensions whose bodies vectorize
/// (arith and math ops); they run in order, each on the previous value.
struct Epilogue {
  struct Operand {
    Value tensor;
    /// Indices into `tensor` from the output's indices: dimensions of the
    /// output or constant 0. Lanes are read as a vector when the last result
    /// is the output's last dimension, as a broadcast scalar otherwise.
    AffineMap map;
  };
  SmallVector<Operation *> ops;
  /// Per op, per input: -1 for the previous value, else an `operands` index.
  SmallVector<SmallVector<int>> inputs;
  SmallVector<Operand> operands;
};

struct ContractionKernel {
  Value lhs, rhs, init;
  /// When set, `init` need not be initialized: accumulators start from this
  /// scalar (the fill value of the op's output) on the first block of the
  /// reduction instead of loading the output.
  Value initValue;
  AffineMap lhsMap, rhsMap, outMap;
  /// Extent of every loop dimension (index values).
  SmallVector<Value> extents;
  SmallVector<bool> isReduction;
  /// The dimension unrolled into `rows` accumulators, and the one that fills
  /// a vector: it may only appear in the last result of `outMap` and of the
  /// operand maps using it, with coefficient 1 (contiguous lanes), and has a
  /// static extent (the width).
  unsigned rowDim, vectorDim;
  int64_t rows, width;
  /// Optionally a second row dimension (outside `rowDim` in `loops`): the
  /// register tile is then `outerRows` x `rows` outputs of `width` lanes.
  std::optional<unsigned> outerRowDim;
  int64_t outerRows = 1;
  /// False when the output's last vector may run past its end: the
  /// accumulator loads and stores are then masked.
  bool outputInBounds = true;
  /// When set, every reduction step prefetches (into L2) the rhs vector
  /// `prefetchDistance` further along `prefetchDim`: the next cache block of
  /// a blocked reduction, whose first use would otherwise wait on memory.
  /// The last block prefetches past the operand's end: x86 prefetches do
  /// not fault, and the address is not dereferenced.
  std::optional<unsigned> prefetchDim;
  int64_t prefetchDistance = 0;
  /// Parallel loops outermost first, the row dimension among them (it steps
  /// by `rows`; a remainder gets its own, narrower kernel), and block loops.
  SmallVector<KernelLoop> loops;
  /// Reduction loops inside the kernel, outermost first.
  SmallVector<unsigned> reductionOrder;
  /// Applied before the final store (after the last reduction block).
  const Epilogue *epilogue = nullptr;
  /// When set, `init` need not be initialized either: on the first
  /// reduction block the accumulators start from these ops (one op with no
  /// previous value, e.g. a broadcast bias) evaluated at the output indices.
  const Epilogue *prologue = nullptr;
};

/// Checks the structural requirements above; the reason on failure.
LogicalResult verifyContractionKernel(const ContractionKernel &kernel,
                                      std::string &reason);

/// Emits the loop nest at the builder's insertion point and returns the
/// final output tensor. The kernel must verify.
Value emitContractionKernel(OpBuilder &b, Location loc,
                            const ContractionKernel &kernel);

/// The ops of `e` on `width` lanes whose first output index is `outIdx`,
/// starting from `previous` (null for a prologue, whose first op takes no
/// previous value). Vector operands are read in bounds when `inBounds`.
Value applyElementwiseOps(OpBuilder &b, Location loc, const Epilogue &e,
                          Value previous, ArrayRef<Value> outIdx, int64_t width,
                          bool inBounds);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_MICROKERNEL_H
