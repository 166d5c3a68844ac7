//===- GraphImporter.h - shared state of the ONNX importer ------*- C++ -*-===//
//
// Internal to frontends/onnx: the per-graph import state and the interface
// every op converter implements.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H
#define KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H

#include "dialects/kiln/KilnOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>
#include <optional>
#include <string>

namespace mlir::kiln::onnx_frontend {

/// Maps an ONNX TensorProto data type to an MLIR element type; null if unsupported.
Type convertElementType(MLIRContext *ctx, int32_t onnxType);
/// Readable name of an ONNX data type ("FLOAT", "INT64", ...).
std::string onnxTypeName(int32_t onnxType);

/// Converts an initializer or Constant tensor into an attribute. External
/// data is read relative to `modelDir`; paths leaving it are rejected.
/// On failure returns null and sets `error`.
DenseElementsAttr convertTensor(MLIRContext *ctx, const onnx::TensorProto &tensor,
                                llvm::StringRef modelDir, std::string &error);

class GraphImporter;

/// One ONNX node being converted, with typed attribute access.
class NodeContext {
public:
  NodeContext(GraphImporter &importer, const onnx::NodeProto &node,
              Location loc, int64_t opset);

  const onnx::NodeProto &node() const { return node_; }
  Location loc() const { return loc_; }
  int64_t opset() const { return opset_; }

  /// Input `i`, or null when absent (optional inputs may be named "").
  Value input(int i) const;
  int numInputs() const { return node_.input_size(); }
  /// Input `i`, which must exist; reports an error otherwise.
  FailureOr<Value> requiredInput(int i);
  /// The ranked type of input `i`, or an error when the rank is unknown.
  FailureOr<RankedTensorType> rankedInput(int i);
  /// The dense constant feeding input `i`, if it is one.
  DenseElementsAttr constantInput(int i) const;
  /// The integer values of constant input `i` (e.g. a shape or axes).
  FailureOr<SmallVector<int64_t>> constantInts(int i, llvm::StringRef what);

  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<SmallVector<int64_t>> getInts(llvm::StringRef name) const;

  /// Emits "node 'N' (Op, opset K): <msg>" at the node's location.
  InFlightDiagnostic error();

  OpBuilder &builder();
  GraphImporter &importer() { return importer_; }

private:
  GraphImporter &importer_;
  const onnx::NodeProto &node_;
  Location loc_;
  int64_t opset_;
};

/// Import state of one graph: the builder and the values by ONNX name.
class GraphImporter {
public:
  GraphImporter(MLIRContext *ctx, llvm::StringRef modelDir)
      : builder(ctx), modelDir(modelDir.str()) {}

  OpBuilder builder;
  llvm::StringMap<Value> values;
  /// Folder that external tensor data is confined to.
  std::string modelDir;
  /// Types the model declares for values (graph outputs, value_info) by
  /// name: they pin result shapes that depend on run-time operand values.
  llvm::StringMap<const onnx::TypeProto *> declaredTypes;

  /// Creates `OpTy` with an unranked result of `elementType`, infers its
  /// type and folds it when its operands are constants. Reports a
  /// diagnostic at the node and fails when the op is invalid.
  template <typename OpTy, typename... Args>
  FailureOr<Value> create(NodeContext &node, Type elementType, Args &&...args) {
    auto op = OpTy::create(builder, node.loc(), UnrankedTensorType::get(elementType),
                           std::forward<Args>(args)...);
    return finish(node, op.getOperation());
  }

  /// A rank-0 (or, with `shape`, splat) constant of `elementType`.
  Value scalar(Location loc, Type elementType, double value,
               ArrayRef<int64_t> shape = {});
  /// A constant holding `value`.
  Value constant(Location loc, DenseElementsAttr value);
  /// kiln.reshape of `v` to `shape`; a dynamic entry becomes -1 (at most one).
  FailureOr<Value> reshape(NodeContext &node, Value v, ArrayRef<int64_t> shape);

private:
  FailureOr<Value> finish(NodeContext &node, Operation *op);
};

/// Converts one node; pushes one value per ONNX output it defines.
using OpConverter = LogicalResult (*)(NodeContext &node,
                                      SmallVectorImpl<Value> &results);

void registerMathConverters(llvm::StringMap<OpConverter> &table);
void registerNNConverters(llvm::StringMap<OpConverter> &table);
void registerShapeConverters(llvm::StringMap<OpConverter> &table);
void registerElementwiseConverters(llvm::StringMap<OpConverter> &table);
void registerIndexingConverters(llvm::StringMap<OpConverter> &table);
void registerResizeConverters(llvm::StringMap<OpConverter> &table);
// Neural-network families, registered from registerNNConverters.
void registerNormalizationConverters(llvm::StringMap<OpConverter> &table);
void registerLossConverters(llvm::StringMap<OpConverter> &table);
void registerSelectionConverters(llvm::StringMap<OpConverter> &table);
void registerQuantizationConverters(llvm::StringMap<OpConverter> &table);
void registerRecurrentConverters(llvm::StringMap<OpConverter> &table);
void registerControlFlowConverters(llvm::StringMap<OpConverter> &table);
void registerOptimizerConverters(llvm::StringMap<OpConverter> &table);
void registerSignalConverters(llvm::StringMap<OpConverter> &table);
void registerAlgorithmConverters(llvm::StringMap<OpConverter> &table);

/// Appends `v` to `results`, or fails when `v` failed.
LogicalResult pushResult(FailureOr<Value> v, SmallVectorImpl<Value> &results);

/// Product of `dims`; dynamic if any dim is.
int64_t productOfDims(ArrayRef<int64_t> dims);
/// The training-ops domain (optimizers); its converters register as
/// "ai.onnx.preview.training.<Op>".
inline constexpr const char *kTrainingDomain = "ai.onnx.preview.training";
/// Whether nodes of `domain` can be imported.
bool isSupportedDomain(llvm::StringRef domain);
/// The converter table key of `node`: the op type, domain-qualified outside
/// the default domain.
std::string converterKey(const onnx::NodeProto &node);

/// Normalizes an axis in [-rank, rank) to [0, rank); nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace mlir::kiln::onnx_frontend

#endif // KILN_FRONTENDS_ONNX_GRAPHIMPORTER_H
