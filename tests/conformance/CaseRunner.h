//===- CaseRunner.h - compile and check one ONNX backend test case -*- C++ -*-===//
#ifndef KILN_TESTS_CONFORMANCE_CASERUNNER_H
#define KILN_TESTS_CONFORMANCE_CASERUNNER_H

#include <string>

namespace kiln_conformance {

/// Compiles `caseDir`/model.onnx into `workDir`, runs every test_data_set_*
/// and compares with the reference outputs (rtol 1e-3, atol 1e-7, NaN ==
/// NaN). Returns an empty string on success, else a one-line reason.
/// With `dynamicFirstDim`, the first dim of every input is compiled as
/// dynamic (onnx-mlir's FORCE_FIRST_DIM_UNKNOWN) and dynamic output
/// buffers are sized like the reference outputs.
std::string runCase(const std::string &caseDir, const std::string &workDir,
                    bool dynamicFirstDim = false);

} // namespace kiln_conformance

#endif // KILN_TESTS_CONFORMANCE_CASERUNNER_H
