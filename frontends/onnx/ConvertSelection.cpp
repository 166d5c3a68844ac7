//===- ConvertSelection.cpp - ArgMax, ArgMin, Hardmax, Einsum -------------===//
#include "frontends/onnx/GraphImporter.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cctype>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

template <bool isMax>
static LogicalResult convertArgReduce(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 0), type->getRank());
  if (!axis) {
    node.error() << "axis out of range for rank " << type->getRank();
    return failure();
  }
  OpBuilder &b = node.builder();
  FailureOr<Value> y = node.importer().create<ArgReduceOp>(
      node, b.getI64Type(), node.input(0), b.getI64IntegerAttr(*axis),
      b.getBoolAttr(node.getInt("keepdims", 1) != 0),
      b.getBoolAttr(node.getInt("select_last_index", 0) != 0),
      b.getStringAttr(isMax ? "max" : "min"));
  return pushResult(y, results);
}

/// Hardmax; before opset 13 the input is coerced to 2-D at `axis`.
static LogicalResult convertHardmax(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  std::optional<int64_t> axis =
      normalizeAxis(node.getInt("axis", node.opset() < 13 ? 1 : -1), rank);
  if (!axis) {
    node.error() << "axis out of range for rank " << rank;
    return failure();
  }
  GraphImporter &g = node.importer();
  FailureOr<Value> x = node.input(0);
  bool coerce = node.opset() < 13 && *axis != rank - 1;
  if (coerce) {
    if (!type->hasStaticShape()) {
      node.error() << "needs a static input shape";
      return failure();
    }
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < *axis ? outer : inner) *= type->getDimSize(d);
    x = g.reshape(node, *x, {outer, inner});
    axis = 1;
  }
  if (failed(x))
    return failure();
  FailureOr<Value> y = g.create<HardmaxOp>(node, type->getElementType(), *x,
                                           node.builder().getI64IntegerAttr(*axis));
  if (coerce && succeeded(y))
    y = g.reshape(node, *y, type->getShape());
  return pushResult(y, results);
}

/// Rewrites an ONNX einsum equation to kiln's form: every axis (ellipsis
/// axes included) gets its own lower-case letter and the output is explicit.
static FailureOr<std::string> normalizeEquation(NodeContext &node, std::string eq,
                                                ArrayRef<int64_t> ranks) {
  eq.erase(std::remove(eq.begin(), eq.end(), ' '), eq.end());
  size_t arrow = eq.find("->");
  bool explicitOut = arrow != std::string::npos;
  std::string lhs = explicitOut ? eq.substr(0, arrow) : eq;
  std::string rhs = explicitOut ? eq.substr(arrow + 2) : "";
  SmallVector<StringRef> pieces;
  StringRef(lhs).split(pieces, ',');
  SmallVector<std::string> terms;
  for (StringRef t : pieces)
    terms.push_back(t.str());
  if (terms.size() != ranks.size()) {
    node.error() << "equation '" << eq << "' has " << terms.size() << " operands, node has "
                 << ranks.size();
    return failure();
  }
  // Ellipsis axes align right across operands, like broadcasting.
  int64_t ellipsisRank = 0;
  for (auto [t, rank] : llvm::zip(terms, ranks)) {
    size_t dots = t.find("...");
    int64_t letters = t.size() - (dots == std::string::npos ? 0 : 3);
    int64_t e = rank - letters;
    if ((dots == std::string::npos && e != 0) || e < 0) {
      node.error() << "term '" << t << "' does not match operand rank " << rank;
      return failure();
    }
    ellipsisRank = std::max(ellipsisRank, e);
  }
  llvm::DenseMap<char, char> rename;
  char next = 'a';
  auto label = [&](char c) -> FailureOr<char> {
    auto [it, inserted] = rename.try_emplace(c, next);
    if (inserted && next++ > 'z')
      return failure();
    return it->second;
  };
  std::string ellipsis;
  for (int64_t i = 0; i < ellipsisRank; ++i)
    ellipsis.push_back(next++);
  auto rewrite = [&](const std::string &t, int64_t rank) -> FailureOr<std::string> {
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t.compare(i, 3, "...") == 0) {
        int64_t e = rank - (static_cast<int64_t>(t.size()) - 3);
        out += ellipsis.substr(ellipsisRank - e);
        i += 2;
        continue;
      }
      if (!std::isalpha(static_cast<unsigned char>(t[i])))
        return failure();
      FailureOr<char> c = label(t[i]);
      if (failed(c))
        return failure();
      out.push_back(*c);
    }
    return out;
  };
  std::string result;
  llvm::DenseMap<char, int> counts;
  for (auto [i, t] : llvm::enumerate(terms)) {
    FailureOr<std::string> r = rewrite(t, ranks[i]);
    if (failed(r)) {
      node.error() << "cannot parse einsum term '" << t << "'";
      return failure();
    }
    for (char c : t)
      if (std::isalpha(static_cast<unsigned char>(c)))
        ++counts[c];
    result += (i ? "," : "") + *r;
  }
  std::string out;
  if (explicitOut) {
    bool dots = rhs.find("...") != std::string::npos;
    int64_t outRank = static_cast<int64_t>(rhs.size()) + (dots ? ellipsisRank - 3 : 0);
    FailureOr<std::string> r = rewrite(rhs, outRank);
    if (failed(r)) {
      node.error() << "cannot parse einsum output '" << rhs << "'";
      return failure();
    }
    out = *r;
  } else {
    // Implicit output: ellipsis axes, then labels used once, alphabetically.
    out = ellipsis;
    SmallVector<char> once;
    for (auto [c, n] : counts)
      if (n == 1)
        once.push_back(c);
    llvm::sort(once);
    for (char c : once)
      out.push_back(rename[c]);
  }
  return result + "->" + out;
}

static LogicalResult convertEinsum(NodeContext &node, SmallVectorImpl<Value> &results) {
  SmallVector<Value> inputs;
  SmallVector<int64_t> ranks;
  for (int i = 0; i < node.numInputs(); ++i) {
    FailureOr<RankedTensorType> type = node.rankedInput(i);
    if (failed(type))
      return failure();
    inputs.push_back(node.input(i));
    ranks.push_back(type->getRank());
  }
  if (inputs.empty()) {
    node.error() << "expects at least one input";
    return failure();
  }
  FailureOr<std::string> eq = normalizeEquation(node, node.getString("equation", ""), ranks);
  if (failed(eq))
    return failure();
  FailureOr<Value> y = node.importer().create<EinsumOp>(
      node, cast<ShapedType>(inputs[0].getType()).getElementType(), inputs,
      node.builder().getStringAttr(*eq));
  return pushResult(y, results);
}

void mlir::kiln::onnx_frontend::registerSelectionConverters(
    llvm::StringMap<OpConverter> &table) {
  table["ArgMax"] = convertArgReduce<true>;
  table["ArgMin"] = convertArgReduce<false>;
  table["Hardmax"] = convertHardmax;
  table["Einsum"] = convertEinsum;
}
