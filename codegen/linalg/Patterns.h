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

/// Shape, slicing, padding, gathers, scatters, scans, top-k, resize and
/// grid sampling (LowerIndexing.cpp, LowerGatherScatter.cpp,
/// LowerScanSelect.cpp, LowerResize.cpp, LowerGridSample.cpp).
void populateLowerIndexingPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateLowerToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_CODEGEN_LINALG_PATTERNS_H
