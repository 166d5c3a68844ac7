//===- Passes.td - kiln graph passes -----------------------*- tablegen -*-===//
#ifndef KILN_PASSES_TD
#define KILN_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"kiln-infer-shapes", "ModuleOp"> {
  let summary = "Infer result shapes and dtypes of kiln ops";
  let description = [{
    Walks each function in order and refines every kiln op's result type
    from its operands (unranked results become ranked, same_* padding becomes
    explicit pads). A function nobody calls gets the refined result types in
    its signature; a called function keeps its signature and casts its
    results back to it, so call sites stay valid.
  }];
  let dependentDialects = ["tensor::TensorDialect"];
}

def FoldConstants : Pass<"kiln-fold-constants", "func::FuncOp"> {
  let summary = "Canonicalize kiln ops and evaluate constant subgraphs";
  let description = [{
    Applies the kiln ops' folders and canonicalization patterns until
    fixpoint, so subgraphs that depend only on initializers (folded
    BatchNormalization, transposed weights, reshaped constants) become
    constants at compile time.
  }];
}

def DeadCodeElimination : Pass<"kiln-dce", "func::FuncOp"> {
  let summary = "Remove kiln ops whose results are unused";
  let description = [{
    Erases side-effect-free ops with no uses, from the end of the function
    backwards, so chains of dead ops disappear in one sweep.
  }];
}

#endif // KILN_PASSES_TD
