//===- NativeValidator.cpp - the checks every kiln.graph reader runs ------===//
//
// A native model is checked here, with errors in its own terms, before it is
// translated to ONNX and handed to the ONNX importer: that importer assumes a
// well-formed, topologically ordered graph.
//
//===----------------------------------------------------------------------===//
#include "frontends/native/NativeFormat.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

using namespace mlir::kiln::native_frontend;

namespace {

/// Stops collecting after this many problems: one mistake in a hand-written
/// model (a renamed value, say) can otherwise cascade.
constexpr size_t kMaxProblems = 20;

class Validator {
public:
  Validator(const kgraph::Model &model, const std::string &path,
            Problems &problems, const SourceMap *sourceMap)
      : model_(model), graph_(model.graph()), path_(path), problems_(problems),
        sourceMap_(sourceMap) {}

  bool run(std::vector<int> *order);

private:
  void report(Section section, int index, const std::string &message) {
    if (problems_.size() - initial_ >= kMaxProblems)
      return;
    std::pair<int, int> at = sourceMap_ ? sourceMap_->locate(section, index)
                                        : std::pair<int, int>{0, 0};
    problems_.push_back({path_, at.first, at.second, message});
  }
  size_t found() const { return problems_.size() - initial_; }

  void checkHeader();
  void checkValueInfo(Section section, int index, const kgraph::ValueInfo &info);
  void define(const std::string &name, const std::string &by, Section section,
              int index);
  void checkInitializers();
  void checkNode(int index);
  void checkAttribute(const std::string &where, const kgraph::Attribute &attr,
                      int index);
  void checkOutputs();
  bool sortNodes(std::vector<int> &order);

  const kgraph::Model &model_;
  const kgraph::Graph &graph_;
  const std::string &path_;
  Problems &problems_;
  const SourceMap *sourceMap_;
  size_t initial_ = problems_.size();
  /// Value name -> what defines it ("input 'x'", "node 'n' (Relu)", ...).
  std::unordered_map<std::string, std::string> definedBy_;
  /// Value name -> index of the node producing it.
  std::unordered_map<std::string, int> producer_;
};

} // namespace

void Validator::checkHeader() {
  if (model_.format_version() == 0)
    report(Section::Model, -1,
           "missing format_version (this kiln reads and writes version " +
               std::to_string(kFormatVersion) + ": add `format_version: " +
               std::to_string(kFormatVersion) + "`)");
  else if (model_.format_version() > kFormatVersion)
    report(Section::Model, -1,
           "format_version " + std::to_string(model_.format_version()) +
               " is newer than this kiln supports (" +
               std::to_string(kFormatVersion) + "); upgrade kiln");
  if (model_.opset_version() <= 0)
    report(Section::Model, -1,
           "missing opset_version: the ONNX operator set whose semantics the "
           "nodes follow (for example `opset_version: 17`)");
  std::set<std::string> keys;
  for (int i = 0; i < model_.metadata_size(); ++i) {
    const std::string &key = model_.metadata(i).key();
    if (key.empty())
      report(Section::Metadata, i, "metadata entry #" + std::to_string(i) + " has no key");
    else if (!keys.insert(key).second)
      report(Section::Metadata, i, "metadata key '" + key + "' appears twice");
  }
}

void Validator::checkValueInfo(Section section, int index,
                               const kgraph::ValueInfo &info) {
  bool isInput = section == Section::Input;
  std::string kind = isInput ? "graph input" : "graph output";
  if (info.name().empty()) {
    report(section, index, kind + " #" + std::to_string(index) + " has no name");
    return;
  }
  std::string what = kind + " '" + info.name() + "'";
  if (info.dtype() == kgraph::DTYPE_UNSPECIFIED) {
    if (isInput)
      report(section, index, what + " has no dtype (for example `dtype: FLOAT32`)");
  } else if (!kgraph::DataType_IsValid(info.dtype())) {
    report(section, index, what + " has unknown " + dataTypeName(info.dtype()));
  }
  if (!info.has_shape()) {
    if (isInput)
      report(section, index,
             what + " has no shape (write `shape {}` for a scalar; dims may be "
                    "symbolic: `dims { symbol: \"batch\" }`)");
    return;
  }
  for (int d = 0; d < info.shape().dims_size(); ++d) {
    const kgraph::Dim &dim = info.shape().dims(d);
    std::string dimWhat = "dim " + std::to_string(d) + " of " + what;
    switch (dim.value_case()) {
    case kgraph::Dim::kSize:
      if (dim.size() < 0)
        report(section, index, dimWhat + " has negative size " + std::to_string(dim.size()) +
                                   "; use a symbol for an unknown size");
      break;
    case kgraph::Dim::kSymbol:
      if (dim.symbol().empty())
        report(section, index, dimWhat + " has an empty symbol");
      break;
    default:
      report(section, index, dimWhat + " has neither a size nor a symbol");
    }
  }
}

void Validator::define(const std::string &name, const std::string &by,
                       Section section, int index) {
  auto [it, inserted] = definedBy_.emplace(name, by);
  if (!inserted)
    report(section, index, "value '" + name + "' is defined twice: by " +
                               it->second + " and by " + by);
}

void Validator::checkInitializers() {
  for (int i = 0; i < graph_.initializers_size(); ++i) {
    const kgraph::Tensor &init = graph_.initializers(i);
    if (init.name().empty()) {
      report(Section::Initializer, i, "initializer #" + std::to_string(i) + " has no name");
      continue;
    }
    std::string what = "initializer '" + init.name() + "'";
    define(init.name(), what, Section::Initializer, i);
    std::string bytes, error;
    if (!tensorBytes(init, bytes, error))
      report(Section::Initializer, i, what + " " + error);
  }
}

void Validator::checkAttribute(const std::string &where,
                               const kgraph::Attribute &attr, int index) {
  if (attr.name().empty()) {
    report(Section::Node, index, where + ": an attribute has no name");
    return;
  }
  std::string what = where + ": attribute '" + attr.name() + "'";
  if (attr.value_case() == kgraph::Attribute::VALUE_NOT_SET) {
    report(Section::Node, index,
           what + " has no value (set one of i, f, s, t, ints, floats, strings)");
    return;
  }
  if (attr.value_case() == kgraph::Attribute::kT) {
    std::string bytes, error;
    if (!tensorBytes(attr.t(), bytes, error))
      report(Section::Node, index, what + " tensor " + error);
  }
}

void Validator::checkNode(int index) {
  const kgraph::Node &node = graph_.nodes(index);
  std::string label = nodeLabel(node, index);
  if (node.op_type().empty())
    report(Section::Node, index,
           label + " has no op_type (an ONNX operator name such as \"Relu\")");
  if (node.outputs_size() == 0)
    report(Section::Node, index, label + " has no outputs");
  std::set<std::string> attrNames;
  for (const kgraph::Attribute &attr : node.attributes()) {
    checkAttribute(label, attr, index);
    if (!attr.name().empty() && !attrNames.insert(attr.name()).second)
      report(Section::Node, index, label + ": attribute '" + attr.name() + "' is given twice");
  }
  for (const std::string &out : node.outputs()) {
    if (out.empty())
      continue;
    define(out, label, Section::Node, index);
    producer_.emplace(out, index);
  }
}

void Validator::checkOutputs() {
  if (graph_.outputs_size() == 0)
    report(Section::Graph, -1, "graph has no outputs");
  std::set<std::string> seen;
  for (int i = 0; i < graph_.outputs_size(); ++i) {
    const kgraph::ValueInfo &out = graph_.outputs(i);
    checkValueInfo(Section::Output, i, out);
    if (out.name().empty())
      continue;
    if (!seen.insert(out.name()).second)
      report(Section::Output, i, "graph output '" + out.name() + "' is listed twice");
    if (!definedBy_.count(out.name()))
      report(Section::Output, i,
             "graph output '" + out.name() +
                 "' is never produced (no graph input, initializer or node "
                 "output has that name)");
  }
}

/// Kahn's algorithm over node dependencies; on a cycle, reports the nodes of
/// one cycle in order.
bool Validator::sortNodes(std::vector<int> &order) {
  int n = graph_.nodes_size();
  std::vector<std::vector<int>> users(n);
  std::vector<int> pending(n, 0);
  for (int i = 0; i < n; ++i) {
    std::set<int> producers;
    for (const std::string &in : graph_.nodes(i).inputs()) {
      auto it = producer_.find(in);
      if (it != producer_.end())
        producers.insert(it->second);
    }
    for (int p : producers) {
      users[p].push_back(i);
      ++pending[i];
    }
  }
  // Ready nodes leave in file order, so an already sorted graph keeps it.
  std::set<int> ready;
  for (int i = 0; i < n; ++i)
    if (pending[i] == 0)
      ready.insert(i);
  order.clear();
  while (!ready.empty()) {
    int i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    for (int u : users[i])
      if (--pending[u] == 0)
        ready.insert(u);
  }
  if (static_cast<int>(order.size()) == n)
    return true;

  // Every unsorted node waits on another unsorted node: walk those edges
  // backwards from one of them until a node repeats.
  std::vector<int> walk;
  std::map<int, size_t> position;
  int current = -1;
  for (int i = 0; i < n && current < 0; ++i)
    if (pending[i] > 0)
      current = i;
  while (!position.count(current)) {
    position[current] = walk.size();
    walk.push_back(current);
    for (const std::string &in : graph_.nodes(current).inputs()) {
      auto it = producer_.find(in);
      if (it != producer_.end() && pending[it->second] > 0) {
        current = it->second;
        break;
      }
    }
  }
  std::vector<int> cycle(walk.begin() + position[current], walk.end());
  std::reverse(cycle.begin(), cycle.end()); // producer before consumer
  // Start at the node that comes first in the file, so the report is stable.
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  std::string text;
  for (int i : cycle)
    text += nodeLabel(graph_.nodes(i), i) + " -> ";
  text += nodeLabel(graph_.nodes(cycle.front()), cycle.front());
  report(Section::Node, cycle.front(), "nodes form a cycle: " + text);
  return false;
}

bool Validator::run(std::vector<int> *order) {
  checkHeader();
  if (!model_.has_graph()) {
    report(Section::Model, -1, "missing graph");
    return false;
  }
  for (int i = 0; i < graph_.inputs_size(); ++i) {
    const kgraph::ValueInfo &in = graph_.inputs(i);
    checkValueInfo(Section::Input, i, in);
    if (!in.name().empty())
      define(in.name(), "graph input '" + in.name() + "'", Section::Input, i);
  }
  checkInitializers();
  for (int i = 0; i < graph_.nodes_size(); ++i)
    checkNode(i);
  // Dangling names need every definition known first: nodes come in any order.
  for (int i = 0; i < graph_.nodes_size(); ++i) {
    const kgraph::Node &node = graph_.nodes(i);
    for (const std::string &in : node.inputs())
      if (!in.empty() && !definedBy_.count(in))
        report(Section::Node, i,
               nodeLabel(node, i) + ": input '" + in +
                   "' is not a graph input, initializer or node output");
  }
  checkOutputs();
  if (found() > 0)
    return false;
  std::vector<int> sorted;
  if (!sortNodes(sorted))
    return false;
  if (order)
    *order = std::move(sorted);
  return true;
}

bool mlir::kiln::native_frontend::validateModel(const kgraph::Model &model,
                                                const std::string &path,
                                                Problems &problems,
                                                const SourceMap *sourceMap,
                                                std::vector<int> *order) {
  return Validator(model, path, problems, sourceMap).run(order);
}
