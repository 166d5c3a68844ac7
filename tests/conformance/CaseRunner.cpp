//===- CaseRunner.cpp - compile and check one ONNX backend test case ------===//
#include "tests/conformance/CaseRunner.h"

#include "compiler/Compiler.h"
#include "tools/kiln/TensorFile.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <dirent.h>
#include <sys/stat.h>
#include <algorithm>
#include <vector>

using kiln_tool::HostTensor;

namespace kiln_conformance {

static constexpr double kRtol = 1e-3, kAtol = 1e-7;

static bool exists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

static std::vector<std::string> dataSets(const std::string &caseDir) {
  std::vector<std::string> sets;
  if (DIR *dir = opendir(caseDir.c_str())) {
    while (dirent *e = readdir(dir))
      if (std::string(e->d_name).rfind("test_data_set_", 0) == 0)
        sets.push_back(caseDir + "/" + e->d_name);
    closedir(dir);
  }
  std::sort(sets.begin(), sets.end());
  return sets;
}

static std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  // Drop the long model path prefix the diagnostic starts with.
  size_t marker = line.find(": error: ");
  return marker == std::string::npos ? line : line.substr(marker + 9);
}

/// Compares `got` with `want`; returns a reason on mismatch.
static std::string compare(const HostTensor &got, const HostTensor &want) {
  if (got.shape != want.shape)
    return "shape " + kiln_tool::formatShape(got.shape) + " differs from reference " +
           kiln_tool::formatShape(want.shape);
  for (int64_t i = 0; i < got.numElements(); ++i) {
    double a = kiln_tool::elementAsDouble(got, i), b = kiln_tool::elementAsDouble(want, i);
    if (std::isnan(a) && std::isnan(b))
      continue;
    if (a == b)
      continue;
    if (!(std::fabs(a - b) <= kAtol + kRtol * std::fabs(b)))
      return "element " + std::to_string(i) + " is " + std::to_string(a) +
             ", reference " + std::to_string(b);
  }
  return "";
}

static std::string statusText(kiln_status *status) {
  std::string text = kiln_status_message(status);
  kiln_status_free(status);
  return text;
}

std::string runCase(const std::string &caseDir, const std::string &workDir,
                    bool dynamicFirstDim) {
  mlir::kiln::CompileOptions options;
  if (dynamicFirstDim)
    options.dynamicDims["*"] = {0};
  options.inputPath = caseDir + "/model.onnx";
  options.outputPath = workDir + "/model.so";
  std::string diagnostics;
  llvm::raw_string_ostream errs(diagnostics);
  if (!mlir::kiln::compileModel(options, errs))
    return "compile: " + firstLine(diagnostics);

  kiln_model *model = nullptr;
  if (kiln_status *s = kiln_model_open(options.outputPath.c_str(), &model))
    return "load: " + statusText(s);
  std::vector<std::string> sets = dataSets(caseDir);
  std::string reason = sets.empty() ? "no test_data_set_* folders" : "";
  for (const std::string &set : sets) {
    std::vector<HostTensor> inputs, outputs;
    std::vector<kiln_tensor> in, out;
    for (size_t i = 0; i < kiln_model_num_inputs(model) && reason.empty(); ++i) {
      kiln_tensor_info info;
      if (kiln_status *s = kiln_model_input_info(model, i, &info)) {
        reason = statusText(s);
        break;
      }
      HostTensor t;
      std::string path = set + "/input_" + std::to_string(i) + ".pb", error;
      if (!exists(path))
        reason = "missing " + path;
      else if (!kiln_tool::loadTensor(path, info, t, error))
        reason = "input: " + error;
      inputs.push_back(std::move(t));
    }
    std::vector<HostTensor> wants;
    for (size_t i = 0; i < kiln_model_num_outputs(model) && reason.empty(); ++i) {
      kiln_tensor_info info;
      if (kiln_status *s = kiln_model_output_info(model, i, &info)) {
        reason = statusText(s);
        break;
      }
      HostTensor want;
      std::string path = set + "/output_" + std::to_string(i) + ".pb", error;
      if (!kiln_tool::loadTensor(path, info, want, error)) {
        reason = "reference: " + error;
        break;
      }
      // Dynamic dims: the caller knows the size, here from the reference.
      outputs.push_back(kiln_tool::makeTensor(info.dtype, want.shape));
      wants.push_back(std::move(want));
    }
    if (!reason.empty())
      break;
    for (HostTensor &t : inputs)
      in.push_back(t.view());
    for (HostTensor &t : outputs)
      out.push_back(t.view());
    if (kiln_status *s = kiln_model_run(model, in.data(), in.size(), out.data(), out.size())) {
      reason = "run: " + statusText(s);
      break;
    }
    for (size_t i = 0; i < outputs.size() && reason.empty(); ++i)
      if (std::string diff = compare(outputs[i], wants[i]); !diff.empty())
        reason = "output " + std::to_string(i) + ": " + diff;
    if (!reason.empty())
      break;
  }
  kiln_model_close(model);
  return reason;
}

} // namespace kiln_conformance
