//===- Patterns.h - kiln to linalg rewrite patterns -------------*- C++ -*-===//
#ifndef KILN_CODEGEN_LINALG_PATTERNS_H
#define KILN_CODEGEN_LINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Constants and elementwise ops to linalg.generic / arith / math.
void populateLowerElementwisePatterns(RewritePatternSet &patterns);
/// Convolution and pooling to padded linalg.generic window loops.
void populateLowerConvPoolPatterns(RewritePatternSet &patterns);
/// Matmul, reductions and softmax to linalg.generic.
void populateLowerMatmulReducePatterns(RewritePatternSet &patterns);
/// Reshape, transpose and concat to tensor and linalg ops.
void populateLowerDataMovementPatterns(RewritePatternSet &patterns);
/// Casts, comparisons, logic, further math, and unsigned integer arithmetic.
void populateLowerElementwiseExtPatterns(RewritePatternSet &patterns);

/// Shape, slicing, padding, gathers, scatters, scans, top-k, resize and
/// grid sampling (LowerIndexing.cpp, LowerGatherScatter.cpp,
/// LowerScanSelect.cpp, LowerResize.cpp, LowerGridSample.cpp).
void populateLowerIndexingPatterns(RewritePatternSet &patterns);

/// Arg reductions, hardmax, layer_norm, nll_loss, einsum, and (through the
/// three below) transposed convolution, pooling extras, quantization and
/// recurrent layers.
void populateLowerNNPatterns(RewritePatternSet &patterns);
/// conv_transpose, max_pool_indices, max_unpool, roi_align.
void populateLowerConvTransposePatterns(RewritePatternSet &patterns);
/// quantize, dequantize, sub_zero_point.
void populateLowerQuantizationPatterns(RewritePatternSet &patterns);
/// recurrent (scf.for over the sequence).
void populateLowerRecurrentPatterns(RewritePatternSet &patterns);
/// max_pool on unsigned integers, through the signed lowering.
void populateLowerUnsignedPoolPatterns(RewritePatternSet &patterns);
/// det (LU elimination in scf loops).
void populateLowerLinearAlgebraPatterns(RewritePatternSet &patterns);
/// non_max_suppression (greedy selection in scf loops).
void populateLowerDetectionPatterns(RewritePatternSet &patterns);
/// unique (pairwise row comparison in scf loops).
void populateLowerUniquePatterns(RewritePatternSet &patterns);

/// All of the above.
void populateLowerToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_LINALG_PATTERNS_H
