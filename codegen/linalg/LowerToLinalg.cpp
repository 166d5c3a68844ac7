//===- LowerToLinalg.cpp - kiln-lower-to-linalg ---------------------------===//
#include "codegen/linalg/Passes.h"
#include "codegen/linalg/Patterns.h"
#include "dialects/kiln/KilnOps.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_LOWERTOLINALG
#include "codegen/linalg/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::populateLowerToLinalgPatterns(RewritePatternSet &patterns) {
  populateLowerElementwisePatterns(patterns);
  populateLowerConvPoolPatterns(patterns);
  populateLowerMatmulReducePatterns(patterns);
  populateLowerDataMovementPatterns(patterns);
  populateLowerElementwiseExtPatterns(patterns);
  populateLowerIndexingPatterns(patterns);
  populateLowerNNPatterns(patterns);
  populateLowerUnsignedPoolPatterns(patterns);
  populateLowerLinearAlgebraPatterns(patterns);
  populateLowerDetectionPatterns(patterns);
  populateLowerUniquePatterns(patterns);
}

namespace {
struct LowerToLinalgPass : kiln::impl::LowerToLinalgBase<LowerToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<KilnDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    // Recurrent layers and scatters loop with scf.for, keeping loop-carried
    // state in place with bufferization.materialize_in_destination.
    target.addLegalDialect<scf::SCFDialect, bufferization::BufferizationDialect>();
    // Scalar casts between unsigned and signless integers inside generic bodies.
    target.addLegalOp<UnrealizedConversionCastOp>();
    RewritePatternSet patterns(ctx);
    populateLowerToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
