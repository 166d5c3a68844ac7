//===- CpuOptimizations.h - switches of the CPU pipeline --------*- C++ -*-===//
#ifndef KILN_CODEGEN_CPU_CPUOPTIMIZATIONS_H
#define KILN_CODEGEN_CPU_CPUOPTIMIZATIONS_H

namespace mlir::kiln {

/// Optimizations of the CPU pipeline that `kiln compile --disable` switches
/// off one by one (the benchmark's ablation). All on by default.
struct CpuOptimizations {
  bool fusion = true;  ///< elementwise fusion and kernel prologues/epilogues
  bool layout = true;  ///< blocked-layout propagation between convolutions
  bool kernels = true; ///< tiled vector kernels (matmul, conv, elementwise rows)
  bool threads = true; ///< parallel loops through the runtime's thread pool
  bool batchSplit = true; ///< one image per call when images are independent
  bool winograd = true;   ///< 3x3 convolutions by Winograd's F(2x2, 3x3)
};

} // namespace mlir::kiln

#endif // KILN_CODEGEN_CPU_CPUOPTIMIZATIONS_H
