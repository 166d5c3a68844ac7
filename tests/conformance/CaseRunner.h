//===- CaseRunner.h - compile and check one ONNX backend test case -*- C++ -*-===//
#ifndef KILN_TESTS_CONFORMANCE_CASERUNNER_H
#define KILN_TESTS_CONFORMANCE_CASERUNNER_H

#include <string>

namespace kiln_conformance {

/// Compiles `caseDir`/model.onnx into `workDir`, runs every test_data_set_*
/// and compares with the reference outputs (rtol 1e-3, atol 1e-7, NaN ==
/// NaN). Returns an empty string on success, else a one-line reason.
std::string runCase(const std::string &caseDir, const std::string &workDir);

} // namespace kiln_conformance

#endif // KILN_TESTS_CONFORMANCE_CASERUNNER_H
