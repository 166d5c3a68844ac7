//===- NativeFormat.h - reading, writing and checking kiln.graph -*- C++ -*-===//
//
// kiln's native model format (frontends/native/kiln_graph.proto, described in
// docs/native-format.md): file I/O for the binary (`.kgraph`) and text
// (`.kgraph.txt`) forms, and the checks every reader runs before trusting a
// model. Free of MLIR so that the builder API and `kiln convert` stay light.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_NATIVE_NATIVEFORMAT_H
#define KILN_FRONTENDS_NATIVE_NATIVEFORMAT_H

#include "frontends/native/kiln_graph.pb.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::kiln::native_frontend {

namespace kgraph = ::kiln::graph;

/// The `format_version` this kiln writes, and the newest it reads.
inline constexpr uint32_t kFormatVersion = 1;

enum class ModelFormat { Onnx, NativeBinary, NativeText, Unknown };

/// The format a path names by its extension: `.onnx`, `.kgraph`,
/// `.kgraph.txt`; Unknown for anything else.
ModelFormat formatForPath(const std::string &path);
/// True for `.kgraph` and `.kgraph.txt` paths.
bool isNativeModelPath(const std::string &path);

/// One problem found in a model. `line`/`column` are 1-based; 0 when the
/// problem has no position (binary models, or a field that is absent).
struct Problem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// "file:line:col: error: message" (without ":line:col" when unknown).
  std::string str() const;
};
using Problems = std::vector<Problem>;

/// The parts of a model that problems are reported against.
enum class Section { Model, Graph, Input, Output, Initializer, Node, Metadata };

/// Positions of the messages of a model read from text form, so that checks
/// can point at the line of the offending node. Empty for binary models.
class SourceMap {
public:
  SourceMap();
  ~SourceMap();
  SourceMap(SourceMap &&) noexcept;
  SourceMap &operator=(SourceMap &&) noexcept;

  /// 1-based line and column of element `index` of `section` ({0,0} when
  /// unknown).
  std::pair<int, int> locate(Section section, int index = -1) const;

  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// Reads a model from `path`; the form follows the extension (`.kgraph.txt`
/// is text, anything else binary). Parse errors of the text form carry
/// file:line:col. Fills `sourceMap` (when given) for text models.
bool readModel(const std::string &path, kgraph::Model &model, Problems &problems,
               SourceMap *sourceMap = nullptr);
/// Parses the text form held in `text`; `path` only names it in problems.
bool parseModelText(const std::string &text, const std::string &path,
                    kgraph::Model &model, Problems &problems,
                    SourceMap *sourceMap = nullptr);

/// Writes `model` to `path`, in text form for `.kgraph.txt`, binary otherwise.
bool writeModel(const kgraph::Model &model, const std::string &path,
                std::string &error);
/// The text form of `model` (repeated numbers on one line: `[1, 2, 3]`).
std::string printModelText(const kgraph::Model &model);

/// Checks everything a reader relies on: format and opset versions, required
/// fields, dtypes, symbolic dims, initializer payloads against their shapes,
/// unique value definitions, no dangling names, and no cycles. Appends one
/// problem per finding (naming the node where there is one) and returns true
/// when there is none. On success `order` (when given) holds the node indices
/// in a topological order.
bool validateModel(const kgraph::Model &model, const std::string &path,
                   Problems &problems, const SourceMap *sourceMap = nullptr,
                   std::vector<int> *order = nullptr);

/// "FLOAT32", "INT64", ...; "dtype 42" for numbers outside the enum.
std::string dataTypeName(int dtype);
/// Bytes of one element (BOOL: 1); 0 for unknown dtypes.
int elementSize(int dtype);

/// The elements of `tensor` as little-endian packed bytes, from whichever
/// payload field holds them. Fails, setting `error`, when the payload does
/// not suit the dtype, a value is out of range, or the count disagrees with
/// `dims`.
bool tensorBytes(const kgraph::Tensor &tensor, std::string &bytes,
                 std::string &error);
/// Stores packed `bytes` in the most readable payload field for the dtype
/// (float_data, double_data or int_data; raw_data for UINT64).
void setTensorPayload(kgraph::Tensor &tensor, const std::string &bytes);

/// "node 'name' (Op)", or "node #index (Op)" for unnamed nodes.
std::string nodeLabel(const kgraph::Node &node, int index);

} // namespace mlir::kiln::native_frontend

#endif // KILN_FRONTENDS_NATIVE_NATIVEFORMAT_H
