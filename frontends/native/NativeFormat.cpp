//===- NativeFormat.cpp - kiln.graph file I/O -----------------------------===//
#include "frontends/native/NativeFormat.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace mlir::kiln::native_frontend;
using google::protobuf::TextFormat;

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ModelFormat mlir::kiln::native_frontend::formatForPath(const std::string &path) {
  if (endsWith(path, ".kgraph.txt"))
    return ModelFormat::NativeText;
  if (endsWith(path, ".kgraph"))
    return ModelFormat::NativeBinary;
  if (endsWith(path, ".onnx"))
    return ModelFormat::Onnx;
  return ModelFormat::Unknown;
}

bool mlir::kiln::native_frontend::isNativeModelPath(const std::string &path) {
  ModelFormat format = formatForPath(path);
  return format == ModelFormat::NativeBinary || format == ModelFormat::NativeText;
}

std::string Problem::str() const {
  std::string out = file.empty() ? "kiln" : file;
  if (line > 0)
    out += ":" + std::to_string(line) + ":" + std::to_string(column);
  return out + ": error: " + message;
}

std::string mlir::kiln::native_frontend::nodeLabel(const kgraph::Node &node,
                                                   int index) {
  std::string op = node.op_type().empty() ? "no op_type" : node.op_type();
  if (node.name().empty())
    return "node #" + std::to_string(index) + " (" + op + ")";
  return "node '" + node.name() + "' (" + op + ")";
}

//===----------------------------------------------------------------------===//
// SourceMap
//===----------------------------------------------------------------------===//

struct SourceMap::Impl {
  TextFormat::ParseInfoTree tree;
};

SourceMap::SourceMap() = default;
SourceMap::~SourceMap() = default;
SourceMap::SourceMap(SourceMap &&) noexcept = default;
SourceMap &SourceMap::operator=(SourceMap &&) noexcept = default;

std::pair<int, int> SourceMap::locate(Section section, int index) const {
  if (!impl)
    return {0, 0};
  const auto *modelDesc = kgraph::Model::descriptor();
  const auto *graphDesc = kgraph::Graph::descriptor();
  const TextFormat::ParseInfoTree &top = impl->tree;
  TextFormat::ParseLocation loc;
  auto inGraph = [&](const char *field) {
    const auto *graphField = modelDesc->FindFieldByName("graph");
    if (const TextFormat::ParseInfoTree *graph = top.GetTreeForNested(graphField, -1))
      return graph->GetLocation(graphDesc->FindFieldByName(field), index);
    return TextFormat::ParseLocation();
  };
  switch (section) {
  case Section::Model:
    break;
  case Section::Graph:
    loc = top.GetLocation(modelDesc->FindFieldByName("graph"), -1);
    break;
  case Section::Metadata:
    loc = top.GetLocation(modelDesc->FindFieldByName("metadata"), index);
    break;
  case Section::Input: loc = inGraph("inputs"); break;
  case Section::Output: loc = inGraph("outputs"); break;
  case Section::Initializer: loc = inGraph("initializers"); break;
  case Section::Node: loc = inGraph("nodes"); break;
  }
  if (loc.line < 0)
    return {0, 0};
  return {loc.line + 1, loc.column + 1};
}

//===----------------------------------------------------------------------===//
// Reading and writing
//===----------------------------------------------------------------------===//

namespace {
/// Turns protobuf's text parse errors into problems at file:line:col.
class ProblemCollector : public google::protobuf::io::ErrorCollector {
public:
  ProblemCollector(const std::string &path, const std::string &text,
                   Problems &problems)
      : path_(path), text_(text), problems_(problems) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string &message) override {
    // Line -1 means "at the end of input".
    if (line >= 0)
      pointAtBadEnum(message, line, column);
    problems_.push_back({path_, line < 0 ? 0 : line + 1, line < 0 ? 0 : column + 1,
                         "text form: " + message});
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber,
                  const std::string &) override {}

private:
  /// protobuf reports an unknown enum name at the token after it (often the
  /// next line); move the position back onto the name itself.
  void pointAtBadEnum(const std::string &message, int &line, int &column) {
    const std::string prefix = "Unknown enumeration value of \"";
    if (message.compare(0, prefix.size(), prefix) != 0)
      return;
    size_t end = message.find('"', prefix.size());
    if (end == std::string::npos)
      return;
    std::string name = message.substr(prefix.size(), end - prefix.size());
    size_t offset = 0;
    for (int l = 0; l < line && offset != std::string::npos; ++l)
      offset = text_.find('\n', offset) == std::string::npos
                   ? std::string::npos
                   : text_.find('\n', offset) + 1;
    if (offset == std::string::npos || name.empty())
      return;
    size_t at = text_.rfind(name, offset + column);
    if (at == std::string::npos)
      return;
    size_t lineStart = at == 0 ? 0 : text_.rfind('\n', at - 1);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    line = static_cast<int>(std::count(text_.begin(), text_.begin() + at, '\n'));
    column = static_cast<int>(at - lineStart);
  }

  const std::string &path_;
  const std::string &text_;
  Problems &problems_;
};
} // namespace

bool mlir::kiln::native_frontend::parseModelText(const std::string &text,
                                                 const std::string &path,
                                                 kgraph::Model &model,
                                                 Problems &problems,
                                                 SourceMap *sourceMap) {
  ProblemCollector collector(path, text, problems);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  auto impl = std::make_unique<SourceMap::Impl>();
  parser.WriteLocationsTo(&impl->tree);
  size_t before = problems.size();
  bool ok = parser.ParseFromString(text, &model);
  if (!ok && problems.size() == before)
    problems.push_back({path, 0, 0, "text form: not a valid kiln.graph Model"});
  if (ok && sourceMap)
    sourceMap->impl = std::move(impl);
  return ok;
}

bool mlir::kiln::native_frontend::readModel(const std::string &path,
                                            kgraph::Model &model,
                                            Problems &problems,
                                            SourceMap *sourceMap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({path, 0, 0, std::string("cannot read model: ") +
                                        std::strerror(errno)});
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string data = buffer.str();
  if (formatForPath(path) == ModelFormat::NativeText)
    return parseModelText(data, path, model, problems, sourceMap);
  // Corrupt strings would otherwise also be logged by libprotobuf, apart
  // from the one-line error below.
  google::protobuf::LogSilencer quiet;
  if (!model.ParseFromString(data)) {
    problems.push_back({path, 0, 0,
                        "not a valid binary kiln.graph Model (protobuf parse "
                        "failed); a text-form model must be named *.kgraph.txt"});
    return false;
  }
  return true;
}

namespace {
/// Prints a small message field on one line (`inputs { name: "x" ... }`),
/// so that the text form reads like the hand-written models in the docs.
class InlineMessagePrinter : public TextFormat::FastFieldValuePrinter {
public:
  void PrintMessageStart(const google::protobuf::Message &, int, int, bool,
                         TextFormat::BaseTextGenerator *out) const override {
    out->PrintLiteral(" { ");
  }
  bool PrintMessageContent(const google::protobuf::Message &message, int, int, bool,
                           TextFormat::BaseTextGenerator *out) const override {
    TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.SetUseShortRepeatedPrimitives(true);
    printer.SetUseUtf8StringEscaping(true);
    std::string text;
    printer.PrintToString(message, &text);
    out->PrintString(text);
    return true;
  }
  void PrintMessageEnd(const google::protobuf::Message &, int, int, bool single,
                       TextFormat::BaseTextGenerator *out) const override {
    out->PrintLiteral("}");
    if (!single)
      out->PrintLiteral("\n");
  }
};
} // namespace

std::string mlir::kiln::native_frontend::printModelText(const kgraph::Model &model) {
  TextFormat::Printer printer;
  printer.SetUseShortRepeatedPrimitives(true);
  printer.SetUseUtf8StringEscaping(true);
  const auto *graph = kgraph::Graph::descriptor();
  for (const google::protobuf::FieldDescriptor *field :
       {graph->FindFieldByName("inputs"), graph->FindFieldByName("outputs"),
        kgraph::Model::descriptor()->FindFieldByName("metadata"),
        kgraph::Node::descriptor()->FindFieldByName("attributes")})
    printer.RegisterFieldValuePrinter(field, new InlineMessagePrinter); // takes ownership
  std::string text;
  printer.PrintToString(model, &text);
  return text;
}

bool mlir::kiln::native_frontend::writeModel(const kgraph::Model &model,
                                             const std::string &path,
                                             std::string &error) {
  std::string data;
  if (formatForPath(path) == ModelFormat::NativeText) {
    data = "# kiln.graph model, text form (docs/native-format.md)\n" +
           printModelText(model);
  } else if (!model.SerializeToString(&data)) {
    error = "cannot serialize the model (is it larger than 2 GiB?)";
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(data.data(), static_cast<std::streamsize>(data.size()))) {
    error = std::string("cannot write: ") + std::strerror(errno);
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Data types
//===----------------------------------------------------------------------===//

std::string mlir::kiln::native_frontend::dataTypeName(int dtype) {
  if (kgraph::DataType_IsValid(dtype))
    return kgraph::DataType_Name(static_cast<kgraph::DataType>(dtype));
  return "dtype " + std::to_string(dtype);
}

int mlir::kiln::native_frontend::elementSize(int dtype) {
  switch (dtype) {
  case kgraph::FLOAT64:
  case kgraph::INT64:
  case kgraph::UINT64:
    return 8;
  case kgraph::FLOAT32:
  case kgraph::INT32:
  case kgraph::UINT32:
    return 4;
  case kgraph::FLOAT16:
  case kgraph::BFLOAT16:
  case kgraph::INT16:
  case kgraph::UINT16:
    return 2;
  case kgraph::INT8:
  case kgraph::UINT8:
  case kgraph::BOOL:
    return 1;
  default:
    return 0;
  }
}
