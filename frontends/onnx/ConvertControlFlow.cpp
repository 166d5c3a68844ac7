//===- ConvertControlFlow.cpp - If and Scan with their subgraphs ----------===//
//
// Subgraphs are imported in place, into the regions of scf.if / scf.for,
// with the ordinary converters; values of the enclosing graphs stay
// visible. The kiln passes and the lowering handle kiln ops nested in these
// regions like any others.
//
//===----------------------------------------------------------------------===//
#include "frontends/onnx/GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

namespace {
/// Names bound while importing a subgraph, restored afterwards so that
/// subgraph-local values never leak into the enclosing graph.
class ScopedNames {
public:
  explicit ScopedNames(GraphImporter &g) : g(g) {}
  ~ScopedNames() {
    for (auto &[name, previous] : llvm::reverse(saved)) {
      if (previous)
        g.values[name] = previous;
      else
        g.values.erase(name);
    }
  }
  void bind(const std::string &name, Value v) {
    saved.emplace_back(name, g.values.lookup(name));
    g.values[name] = v;
  }

private:
  GraphImporter &g;
  SmallVector<std::pair<std::string, Value>> saved;
};
} // namespace

/// Imports `graph` at the builder's insertion point with its inputs bound to
/// `inputs`; returns the values of its outputs.
static FailureOr<SmallVector<Value>> importSubgraph(NodeContext &parent,
                                                    const onnx::GraphProto &graph,
                                                    ValueRange inputs) {
  GraphImporter &g = parent.importer();
  OpBuilder &b = g.builder;
  ScopedNames scope(g);
  if (graph.input_size() != static_cast<int>(inputs.size())) {
    parent.error() << "subgraph '" << graph.name() << "' takes " << graph.input_size()
                   << " inputs, expected " << inputs.size();
    return failure();
  }
  for (auto [info, v] : llvm::zip(graph.input(), inputs))
    scope.bind(info.name(), v);
  for (const onnx::TensorProto &init : graph.initializer()) {
    std::string err;
    DenseElementsAttr attr = convertTensor(b.getContext(), init, g.modelDir, err);
    if (!attr) {
      parent.error() << "subgraph initializer '" << init.name() << "': " << err;
      return failure();
    }
    scope.bind(init.name(), g.constant(parent.loc(), attr));
  }
  // A fresh table: converters are stateless functions.
  llvm::StringMap<OpConverter> converters;
  registerMathConverters(converters);
  registerNNConverters(converters);
  registerShapeConverters(converters);
  registerElementwiseConverters(converters);
  registerIndexingConverters(converters);
  registerResizeConverters(converters);
  for (const onnx::NodeProto &node : graph.node()) {
    Location loc = NameLoc::get(
        b.getStringAttr(node.name().empty() ? node.op_type() : node.name()), parent.loc());
    NodeContext nc(g, node, loc, parent.opset());
    if (!isSupportedDomain(node.domain())) {
      nc.error() << "operator domain '" << node.domain() << "' is not supported";
      return failure();
    }
    for (const std::string &in : node.input()) {
      if (!in.empty() && !g.values.count(in)) {
        nc.error() << "input '" << in << "' is not produced by any earlier node";
        return failure();
      }
    }
    auto it = converters.find(converterKey(node));
    if (it == converters.end()) {
      nc.error() << "unsupported operator '" << node.op_type() << "'";
      return failure();
    }
    SmallVector<Value> results;
    if (failed(it->second(nc, results)))
      return failure();
    for (int i = 0; i < node.output_size(); ++i) {
      if (node.output(i).empty())
        continue;
      if (i >= static_cast<int>(results.size()) || !results[i]) {
        nc.error() << "output " << i << " ('" << node.output(i) << "') is not supported";
        return failure();
      }
      scope.bind(node.output(i), results[i]);
    }
  }
  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &info : graph.output()) {
    Value v = g.values.lookup(info.name());
    if (!v) {
      parent.error() << "subgraph output '" << info.name() << "' is never produced";
      return failure();
    }
    outputs.push_back(v);
  }
  return outputs;
}

/// The importer loads only the kiln and func dialects; control flow also
/// builds scf, arith, tensor and bufferization ops.
static void loadControlFlowDialects(NodeContext &node) {
  MLIRContext *ctx = node.builder().getContext();
  ctx->getOrLoadDialect<scf::SCFDialect>();
  ctx->getOrLoadDialect<arith::ArithDialect>();
  ctx->getOrLoadDialect<tensor::TensorDialect>();
  ctx->getOrLoadDialect<bufferization::BufferizationDialect>();
}

static const onnx::GraphProto *graphAttr(NodeContext &node, StringRef name) {
  const onnx::AttributeProto *a = node.attr(name);
  if (!a || !a->has_g()) {
    node.error() << "missing graph attribute '" << name << "'";
    return nullptr;
  }
  return &a->g();
}

/// The i1 scalar of a one-element boolean tensor.
static FailureOr<Value> scalarCondition(NodeContext &node, Value cond) {
  auto type = dyn_cast<RankedTensorType>(cond.getType());
  if (!type || !type.getElementType().isInteger(1) || !type.hasStaticShape() ||
      type.getNumElements() != 1) {
    node.error() << "expects a one-element boolean condition, got " << cond.getType();
    return failure();
  }
  OpBuilder &b = node.builder();
  SmallVector<Value> indices(type.getRank(), arith::ConstantIndexOp::create(b, node.loc(), 0));
  return Value(tensor::ExtractOp::create(b, node.loc(), cond, indices));
}

/// If: both branches are imported into an scf.if; their outputs must have
/// the same types. A constant condition imports only the taken branch.
static LogicalResult convertIf(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<Value> cond = node.requiredInput(0);
  const onnx::GraphProto *thenGraph = graphAttr(node, "then_branch");
  const onnx::GraphProto *elseGraph = graphAttr(node, "else_branch");
  if (failed(cond) || !thenGraph || !elseGraph)
    return failure();
  if (DenseElementsAttr c = node.constantInput(0);
      c && c.getElementType().isInteger(1) && c.getNumElements() == 1) {
    FailureOr<SmallVector<Value>> taken =
        importSubgraph(node, *(c.getValues<bool>()[0] ? thenGraph : elseGraph), {});
    if (failed(taken))
      return failure();
    results.append(taken->begin(), taken->end());
    return success();
  }
  loadControlFlowDialects(node);
  FailureOr<Value> flag = scalarCondition(node, *cond);
  if (failed(flag))
    return failure();
  OpBuilder &b = node.builder();
  OpBuilder::InsertionGuard guard(b);
  // Branch results are known only after import: import into a result-less
  // scf.if first, then move the regions into one with results.
  auto draft = scf::IfOp::create(b, node.loc(), TypeRange{}, *flag, /*addThenBlock=*/true,
                                 /*addElseBlock=*/true);
  SmallVector<SmallVector<Value>> branchValues;
  for (auto [graph, block] : {std::pair(thenGraph, draft.thenBlock()),
                              std::pair(elseGraph, draft.elseBlock())}) {
    if (!block->empty() && block->back().hasTrait<OpTrait::IsTerminator>())
      b.setInsertionPoint(&block->back());
    else
      b.setInsertionPointToEnd(block);
    FailureOr<SmallVector<Value>> values = importSubgraph(node, *graph, {});
    if (failed(values)) {
      draft->erase();
      return failure();
    }
    branchValues.push_back(*values);
  }
  if (branchValues[0].size() != branchValues[1].size() ||
      !llvm::equal(ValueRange(branchValues[0]).getTypes(),
                   ValueRange(branchValues[1]).getTypes())) {
    node.error() << "then and else branches produce different types: "
                 << ValueRange(branchValues[0]).getTypes() << " vs "
                 << ValueRange(branchValues[1]).getTypes();
    draft->erase();
    return failure();
  }
  b.setInsertionPoint(draft);
  auto ifOp = scf::IfOp::create(b, node.loc(), ValueRange(branchValues[0]).getTypes(), *flag,
                                /*addThenBlock=*/false, /*addElseBlock=*/false);
  ifOp.getThenRegion().takeBody(draft.getThenRegion());
  ifOp.getElseRegion().takeBody(draft.getElseRegion());
  for (auto [block, values] :
       {std::pair(ifOp.thenBlock(), branchValues[0]), std::pair(ifOp.elseBlock(), branchValues[1])}) {
    if (!block->empty() && block->back().hasTrait<OpTrait::IsTerminator>())
      block->back().erase();
    b.setInsertionPointToEnd(block);
    scf::YieldOp::create(b, node.loc(), values);
  }
  draft->erase();
  results.append(ifOp.getResults().begin(), ifOp.getResults().end());
  return success();
}

/// Static-shape slice of `v` at `index` along `axis`, with that axis dropped.
static Value sliceAlong(OpBuilder &b, Location loc, Value v, int64_t axis, Value index) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    offsets.push_back(d == axis ? OpFoldResult(index) : b.getIndexAttr(0));
    sizes.push_back(b.getIndexAttr(d == axis ? 1 : type.getDimSize(d)));
    strides.push_back(b.getIndexAttr(1));
    if (d != axis)
      shape.push_back(type.getDimSize(d));
  }
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), v, offsets, sizes, strides);
}

/// Inserts `slice` into `dest` at `index` along `axis`.
static Value insertAlong(OpBuilder &b, Location loc, Value slice, Value dest, int64_t axis,
                         Value index) {
  auto type = cast<RankedTensorType>(dest.getType());
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    offsets.push_back(d == axis ? OpFoldResult(index) : b.getIndexAttr(0));
    sizes.push_back(b.getIndexAttr(d == axis ? 1 : type.getDimSize(d)));
    strides.push_back(b.getIndexAttr(1));
  }
  return tensor::InsertSliceOp::create(b, loc, slice, dest, offsets, sizes, strides);
}

namespace {
/// A Scan's body and per-input/output axes and directions (axes of the
/// unbatched tensors).
struct ScanSpec {
  const onnx::GraphProto *body;
  SmallVector<int64_t> inAxes, inDirs, outAxes, outDirs;
};
} // namespace

/// The scf.for of one unbatched scan, carrying the state variables and the
/// stacked scan outputs; static shapes. Returns final states, then outputs.
static FailureOr<SmallVector<Value>> buildScanLoop(NodeContext &node, ScanSpec spec,
                                                   ValueRange states, ValueRange scans) {
  const onnx::GraphProto *body = spec.body;
  int64_t numStates = states.size();
  SmallVector<int64_t> &inAxes = spec.inAxes, &inDirs = spec.inDirs, &outAxes = spec.outAxes,
                       &outDirs = spec.outDirs;
  int64_t steps = -1;
  for (Value v : llvm::concat<const Value>(states, scans)) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape()) {
      node.error() << "needs static input shapes";
      return failure();
    }
  }
  for (auto [k, v] : llvm::enumerate(scans)) {
    auto type = cast<RankedTensorType>(v.getType());
    std::optional<int64_t> axis = normalizeAxis(inAxes[k], type.getRank());
    if (!axis) {
      node.error() << "scan input axis out of range";
      return failure();
    }
    inAxes[k] = *axis;
    int64_t len = type.getDimSize(*axis);
    if (steps >= 0 && len != steps) {
      node.error() << "scan inputs have different lengths";
      return failure();
    }
    steps = len;
  }
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  OpBuilder::InsertionGuard guard(b);
  Value lb = arith::ConstantIndexOp::create(b, loc, 0);
  Value ub = arith::ConstantIndexOp::create(b, loc, steps);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value last = arith::ConstantIndexOp::create(b, loc, steps - 1);
  // Import the body into a state-only loop to learn the scan output types,
  // then move it into the loop that also carries the stacked outputs.
  auto draft = scf::ForOp::create(b, loc, lb, ub, one, ValueRange(states));
  Block *draftBody = draft.getBody();
  b.setInsertionPointToStart(draftBody);
  Value t = draft.getInductionVar();
  Value reversed = arith::SubIOp::create(b, loc, last, t);
  SmallVector<Value> bodyInputs(draft.getRegionIterArgs().begin(), draft.getRegionIterArgs().end());
  for (auto [k, v] : llvm::enumerate(scans))
    bodyInputs.push_back(sliceAlong(b, loc, v, inAxes[k], inDirs[k] ? reversed : t));
  FailureOr<SmallVector<Value>> outs = importSubgraph(node, *body, bodyInputs);
  if (failed(outs)) {
    draft->erase();
    return failure();
  }
  if (static_cast<int64_t>(outs->size()) != numStates + static_cast<int64_t>(outDirs.size())) {
    node.error() << "scan body has " << outs->size() << " outputs, expected "
                 << numStates + outDirs.size();
    draft->erase();
    return failure();
  }
  SmallVector<Value> newStates(outs->begin(), outs->begin() + numStates);
  SmallVector<Value> slices(outs->begin() + numStates, outs->end());
  for (auto [state, next] : llvm::zip(states, newStates)) {
    if (state.getType() != next.getType()) {
      node.error() << "state variable changes type from " << state.getType() << " to "
                   << next.getType();
      draft->erase();
      return failure();
    }
  }
  // Stacked output buffers, created before the loop.
  b.setInsertionPoint(draft);
  SmallVector<Value> inits(states.begin(), states.end());
  for (auto [k, s] : llvm::enumerate(slices)) {
    auto type = dyn_cast<RankedTensorType>(s.getType());
    std::optional<int64_t> axis =
        type ? normalizeAxis(outAxes[k], type.getRank() + 1) : std::nullopt;
    if (!type || !type.hasStaticShape() || !axis) {
      node.error() << "scan output " << k << " needs a static shape and a valid axis";
      draft->erase();
      return failure();
    }
    outAxes[k] = *axis;
    SmallVector<int64_t> shape(type.getShape());
    shape.insert(shape.begin() + *axis, steps);
    inits.push_back(tensor::EmptyOp::create(b, loc, shape, type.getElementType()));
  }
  auto loop = scf::ForOp::create(b, loc, lb, ub, one, inits);
  Block *loopBody = loop.getBody();
  loopBody->getOperations().splice(loopBody->begin(), draftBody->getOperations());
  t.replaceAllUsesWith(loop.getInductionVar());
  for (int64_t i = 0; i < numStates; ++i)
    draft.getRegionIterArgs()[i].replaceAllUsesWith(loop.getRegionIterArgs()[i]);
  if (Operation *term = loopBody->empty() ? nullptr : &loopBody->back();
      term && isa<scf::YieldOp>(term))
    term->erase();
  b.setInsertionPointToEnd(loopBody);
  // States live in the loop-carried buffers; a fresh tensor from the body
  // would not bufferize as a loop-carried value.
  SmallVector<Value> yields;
  for (auto [i, next] : llvm::enumerate(newStates)) {
    Value dest = loop.getRegionIterArgs()[i];
    yields.push_back(next == dest ? next
                                  : bufferization::MaterializeInDestinationOp::create(
                                        b, loc, dest.getType(), next, dest)
                                        .getResult());
  }
  for (auto [k, s] : llvm::enumerate(slices)) {
    Value at = outDirs[k] ? reversed : loop.getInductionVar();
    yields.push_back(insertAlong(b, loc, s, loop.getRegionIterArgs()[numStates + k],
                                 outAxes[k], at));
  }
  scf::YieldOp::create(b, loc, yields);
  draft->erase();
  return SmallVector<Value>(loop.getResults().begin(), loop.getResults().end());
}


/// Scan: opset 9+ scans each input along its axis; opset 8 adds a leading
/// batch axis (and sequence_lens, unsupported), scanned batch entry by
/// batch entry.
static LogicalResult convertScan(NodeContext &node, SmallVectorImpl<Value> &results) {
  ScanSpec spec;
  spec.body = graphAttr(node, "body");
  if (!spec.body)
    return failure();
  bool batched = node.opset() < 9;
  if (batched && node.input(0)) {
    node.error() << "sequence_lens are not supported";
    return failure();
  }
  int64_t first = batched ? 1 : 0;
  int64_t numScan = node.getInt("num_scan_inputs", 0);
  int64_t numInputs = node.numInputs() - first, numStates = numInputs - numScan;
  int64_t numScanOut = spec.body->output_size() - numStates;
  if (numScan < 1 || numStates < 0 || numScanOut < 0) {
    node.error() << "inconsistent num_scan_inputs " << numScan;
    return failure();
  }
  auto listAttr = [&](StringRef name, int64_t n) {
    SmallVector<int64_t> v = node.getInts(name).value_or(SmallVector<int64_t>(n, 0));
    v.resize(n, 0);
    return v;
  };
  spec.inAxes = listAttr("scan_input_axes", numScan);
  spec.inDirs = listAttr(batched ? "directions" : "scan_input_directions", numScan);
  spec.outAxes = listAttr("scan_output_axes", numScanOut);
  spec.outDirs = listAttr("scan_output_directions", numScanOut);
  SmallVector<Value> states, scans;
  for (int64_t i = 0; i < numInputs; ++i) {
    FailureOr<RankedTensorType> type = node.rankedInput(first + i);
    if (failed(type))
      return failure();
    (i < numStates ? states : scans).push_back(node.input(first + i));
  }
  loadControlFlowDialects(node);
  if (!batched) {
    FailureOr<SmallVector<Value>> outs = buildScanLoop(node, spec, states, scans);
    if (failed(outs))
      return failure();
    results.append(outs->begin(), outs->end());
    return success();
  }
  // Opset 8: one scan per batch entry, restacked along axis 0.
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  auto firstType = cast<RankedTensorType>(node.input(1).getType());
  if (firstType.getRank() < 1 || firstType.isDynamicDim(0)) {
    node.error() << "needs a static batch size";
    return failure();
  }
  int64_t batch = firstType.getDimSize(0);
  SmallVector<Value> stacked;
  for (int64_t n = 0; n < batch; ++n) {
    Value index = arith::ConstantIndexOp::create(b, loc, n);
    SmallVector<Value> entryStates, entryScans;
    for (Value v : states)
      entryStates.push_back(sliceAlong(b, loc, v, 0, index));
    for (Value v : scans)
      entryScans.push_back(sliceAlong(b, loc, v, 0, index));
    FailureOr<SmallVector<Value>> outs = buildScanLoop(node, spec, entryStates, entryScans);
    if (failed(outs))
      return failure();
    for (auto [i, v] : llvm::enumerate(*outs)) {
      auto type = cast<RankedTensorType>(v.getType());
      if (n == 0) {
        SmallVector<int64_t> shape = {batch};
        llvm::append_range(shape, type.getShape());
        stacked.push_back(tensor::EmptyOp::create(b, loc, shape, type.getElementType()));
      }
      stacked[i] = insertAlong(b, loc, v, stacked[i], 0, index);
    }
  }
  results.append(stacked.begin(), stacked.end());
  return success();
}

void mlir::kiln::onnx_frontend::registerControlFlowConverters(
    llvm::StringMap<OpConverter> &table) {
  table["If"] = convertIf;
  table["Scan"] = convertScan;
}
