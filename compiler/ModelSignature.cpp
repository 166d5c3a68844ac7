//===- ModelSignature.cpp - inputs and outputs of a compiled model --------===//
#include "compiler/ModelSignature.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::kiln;

llvm::StringRef mlir::kiln::compilerVersion() { return "0.1.0"; }

static std::string dtypeName(Type type) {
  if (type.isF32()) return "f32";
  if (type.isF64()) return "f64";
  if (type.isF16()) return "f16";
  if (type.isBF16()) return "bf16";
  if (auto intType = dyn_cast<IntegerType>(type)) {
    if (intType.getWidth() == 1)
      return "bool";
    std::string prefix = intType.isUnsigned() ? "u" : "i";
    return prefix + std::to_string(intType.getWidth());
  }
  return "";
}

static FailureOr<TensorSpec> specFor(func::FuncOp func, Type type,
                                     DictionaryAttr attrs, llvm::StringRef role,
                                     size_t index) {
  TensorSpec spec;
  auto name = attrs ? attrs.getAs<StringAttr>("kiln.name") : StringAttr();
  spec.name = name ? name.str() : (role + std::to_string(index)).str();
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return func.emitError() << role << " '" << spec.name << "' has an unranked type";
  spec.dtype = dtypeName(tensor.getElementType());
  if (spec.dtype.empty())
    return func.emitError() << role << " '" << spec.name
                            << "' has unsupported element type " << tensor.getElementType();
  for (int64_t d : tensor.getShape())
    spec.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  return spec;
}

FailureOr<ModelSignature> mlir::kiln::extractSignature(func::FuncOp func) {
  ModelSignature signature;
  auto module = func->getParentOfType<ModuleOp>();
  auto name = module ? module->getAttrOfType<StringAttr>("kiln.model_name") : StringAttr();
  signature.name = name ? name.str() : "model";
  FunctionType type = func.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    FailureOr<TensorSpec> spec = specFor(func, type.getInput(i), func.getArgAttrDict(i), "input", i);
    if (failed(spec))
      return failure();
    signature.inputs.push_back(*spec);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    FailureOr<TensorSpec> spec = specFor(func, type.getResult(i), func.getResultAttrDict(i), "output", i);
    if (failed(spec))
      return failure();
    signature.outputs.push_back(*spec);
  }
  return signature;
}

/// Percent-encodes every byte outside [A-Za-z0-9_.:/-].
static std::string encode(llvm::StringRef text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  for (unsigned char c : text) {
    if (llvm::isAlnum(static_cast<char>(c)) || llvm::StringRef("_.:/-").contains(c))
      os << c;
    else
      os << '%' << llvm::format_hex_no_prefix(c, 2, /*Upper=*/true);
  }
  return out;
}

std::string mlir::kiln::renderMetadata(const ModelSignature &signature,
                                       llvm::StringRef target) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "kiln-model "
     << (signature.batchSplit > 1 ? kBatchSplitModelAbiVersion : kModelAbiVersion) << "\n";
  os << "kiln-version " << compilerVersion() << "\n";
  os << "target " << target << "\n";
  os << "name " << encode(signature.name) << "\n";
  if (signature.arenaBytes >= 0)
    os << "arena-bytes " << signature.arenaBytes << "\n";
  if (signature.weightBytes >= 0)
    os << "weight-bytes " << signature.weightBytes << "\n";
  if (signature.batchSplit > 1)
    os << "batch-split " << signature.batchSplit << "\n";
  auto emit = [&](llvm::StringRef role, const TensorSpec &t) {
    os << role << ' ' << encode(t.name) << ' ' << t.dtype << ' ' << t.shape.size();
    for (int64_t d : t.shape) {
      if (d < 0)
        os << " ?";
      else
        os << ' ' << d;
    }
    os << '\n';
  };
  for (const TensorSpec &t : signature.inputs)
    emit("input", t);
  for (const TensorSpec &t : signature.outputs)
    emit("output", t);
  return text;
}
