//===- ModelConversion.cpp - between ONNX and kiln.graph ------------------===//
#include "compiler/ModelConversion.h"

#include "frontends/native/NativeFormat.h"
#include "frontends/native/OnnxConversion.h"

#include <google/protobuf/stubs/logging.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace mlir::kiln::native_frontend;

static bool readFile(const std::string &path, std::string &data, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  data = buffer.str();
  return true;
}

static bool writeFile(const std::string &path, const std::string &data,
                      std::string &error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(data.data(), static_cast<std::streamsize>(data.size()))) {
    error = std::string("cannot write: ") + std::strerror(errno);
    return false;
  }
  return true;
}

/// Parses without libprotobuf's own log lines: the caller reports failure.
static bool parseQuietly(const std::string &data, onnx::ModelProto &model) {
  google::protobuf::LogSilencer quiet;
  return model.ParseFromString(data);
}

bool mlir::kiln::convertModel(const std::string &inputPath,
                              const std::string &outputPath,
                              llvm::raw_ostream &errs) {
  ModelFormat from = formatForPath(inputPath), to = formatForPath(outputPath);
  for (const std::string *path : {&inputPath, &outputPath}) {
    if (formatForPath(*path) == ModelFormat::Unknown) {
      errs << *path << ": error: unknown model format; name it *.onnx, "
           << "*.kgraph (binary kiln.graph) or *.kgraph.txt (text kiln.graph)\n";
      return false;
    }
  }
  if (from == ModelFormat::Onnx && to == ModelFormat::Onnx) {
    errs << "kiln: error: both models are ONNX; convert goes to or from kiln.graph\n";
    return false;
  }

  kgraph::Model model;
  Problems problems;
  std::vector<int> order;
  bool ok = true;
  if (from == ModelFormat::Onnx) {
    std::string data, error;
    onnx::ModelProto onnxModel;
    if (!readFile(inputPath, data, error)) {
      problems.push_back({inputPath, 0, 0, "cannot read model: " + error});
      ok = false;
    } else if (!parseQuietly(data, onnxModel)) {
      problems.push_back({inputPath, 0, 0,
                          "not a valid ONNX ModelProto (protobuf parse failed)"});
      ok = false;
    } else {
      std::vector<std::string> errors;
      ok = onnxToNative(onnxModel, model, errors);
      for (const std::string &e : errors)
        problems.push_back({inputPath, 0, 0, e});
    }
    ok = ok && validateModel(model, inputPath, problems, nullptr, &order);
  } else {
    SourceMap sourceMap;
    ok = readModel(inputPath, model, problems, &sourceMap) &&
         validateModel(model, inputPath, problems, &sourceMap, &order);
  }
  for (const Problem &problem : problems)
    errs << problem.str() << "\n";
  if (!ok)
    return false;

  std::string error;
  if (to == ModelFormat::Onnx) {
    std::string data;
    if (!nativeToOnnx(model, order).SerializeToString(&data))
      error = "cannot serialize the ONNX model (is it larger than 2 GiB?)";
    else
      writeFile(outputPath, data, error);
  } else {
    writeModel(model, outputPath, error);
  }
  if (!error.empty()) {
    errs << outputPath << ": error: " << error << "\n";
    return false;
  }
  return true;
}
