//===- KilnNNOps.cpp - verifiers and shape inference of the NN op family --===//
//
// Arg reductions, normalization, losses, einsum, transposed convolution,
// quantization, recurrent layers and pooling extras (KilnNNOps.td).
//
//===----------------------------------------------------------------------===//
#include "dialects/kiln/KilnOps.h"

#include "dialects/kiln/KilnOpsDetail.h"
#include "dialects/kiln/ShapeUtils.h"
#include "llvm/ADT/STLExtras.h"

#include <array>

using namespace mlir;
using namespace mlir::kiln;

static RankedTensorType rankedOrNull(Value v) {
  return dyn_cast_or_null<RankedTensorType>(v ? v.getType() : Type());
}

static Type elementTypeOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

/// A ranked result agrees with the inferred type, element type included.
/// (detail::verifyResultType insists on the operand's element type, which
/// ops like arg_reduce or quantize change.)
static LogicalResult verifyAgainstInferred(Operation *op) {
  FailureOr<Type> inferred = cast<ShapeInferenceOpInterface>(op).inferResultType();
  if (failed(inferred))
    return op->emitOpError("has operands whose shapes are inconsistent");
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto expected = dyn_cast_or_null<RankedTensorType>(*inferred);
  if (*inferred && elementTypeOf(op->getResult(0)) !=
                       cast<ShapedType>(*inferred).getElementType())
    return op->emitOpError("result element type ")
           << elementTypeOf(op->getResult(0)) << " should be "
           << cast<ShapedType>(*inferred).getElementType();
  if (!result || !expected)
    return success();
  bool mismatch = result.getRank() != expected.getRank();
  for (auto [got, want] : llvm::zip(result.getShape(), expected.getShape()))
    mismatch |= !ShapedType::isDynamic(got) && !ShapedType::isDynamic(want) && got != want;
  if (mismatch)
    return op->emitOpError("result type ")
           << result << " does not match the inferred type " << expected;
  return success();
}

static LogicalResult checkAxis(Operation *op, int64_t axis, Value input) {
  if (axis < 0)
    return op->emitOpError("expects a non-negative axis, got ") << axis;
  if (auto type = rankedOrNull(input); type && axis >= type.getRank())
    return op->emitOpError("axis ") << axis << " out of range for rank " << type.getRank();
  return success();
}

static bool sameOrDynamic(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

//===----------------------------------------------------------------------===//
// ArgReduceOp and HardmaxOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ArgReduceOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (getAxis() < 0 || getAxis() >= input.getRank())
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  if (getKeepdims())
    shape[getAxis()] = 1;
  else
    shape.erase(shape.begin() + getAxis());
  return Type(RankedTensorType::get(shape, IntegerType::get(getContext(), 64)));
}

LogicalResult ArgReduceOp::verify() {
  if (getKind() != "max" && getKind() != "min")
    return emitOpError("has unknown kind '") << getKind() << "'";
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  return verifyAgainstInferred(*this);
}

FailureOr<Type> HardmaxOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult HardmaxOp::verify() {
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

FailureOr<Type> LayerNormOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}

LogicalResult LayerNormOp::verify() {
  if (failed(checkAxis(*this, getAxis(), getInput())))
    return failure();
  Type element = elementTypeOf(getInput());
  if (!isa<FloatType>(element))
    return emitOpError("expects a floating-point input");
  for (Value v : {getScale(), getBias()}) {
    if (!v)
      continue;
    if (elementTypeOf(v) != element)
      return emitOpError("scale and bias must have the input's element type ") << element;
    auto type = rankedOrNull(v), input = rankedOrNull(getInput());
    if (!type || !input)
      continue;
    ArrayRef<int64_t> normalized = input.getShape().drop_front(getAxis());
    if (type.getRank() > static_cast<int64_t>(normalized.size()) ||
        !broadcastShapes(type.getShape(), normalized))
      return emitOpError("scale/bias ") << type << " do not broadcast to the normalized axes of "
                                        << input;
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// NllLossOp
//===----------------------------------------------------------------------===//

FailureOr<Type> NllLossOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (input.getRank() < 2)
    return failure();
  SmallVector<int64_t> shape;
  if (getReduction() == "none") {
    shape.assign(input.getShape().begin(), input.getShape().end());
    shape.erase(shape.begin() + 1);
    if (auto target = rankedOrNull(getTarget());
        target && target.getRank() == static_cast<int64_t>(shape.size()))
      for (auto [i, d] : llvm::enumerate(target.getShape()))
        if (ShapedType::isDynamic(shape[i]))
          shape[i] = d;
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult NllLossOp::verify() {
  StringRef reduction = getReduction();
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return emitOpError("has unknown reduction '") << reduction << "'";
  if (!isa<FloatType>(elementTypeOf(getInput())))
    return emitOpError("expects floating-point log-probabilities");
  if (!isa<IntegerType>(elementTypeOf(getTarget())))
    return emitOpError("expects integer targets");
  auto input = rankedOrNull(getInput()), target = rankedOrNull(getTarget());
  if (input && input.getRank() < 2)
    return emitOpError("expects an input of rank >= 2 (N, C, d...)");
  if (input && target) {
    if (target.getRank() != input.getRank() - 1)
      return emitOpError("target rank ") << target.getRank() << " should be input rank - 1";
    for (int64_t i = 0; i < target.getRank(); ++i)
      if (!sameOrDynamic(target.getDimSize(i), input.getDimSize(i == 0 ? 0 : i + 1)))
        return emitOpError("target ") << target << " does not match input " << input;
  }
  if (Value weight = getWeight()) {
    if (elementTypeOf(weight) != elementTypeOf(getInput()))
      return emitOpError("weight must have the input's element type");
    auto type = rankedOrNull(weight);
    if (type && type.getRank() != 1)
      return emitOpError("expects a rank-1 weight");
    if (type && input && !sameOrDynamic(type.getDimSize(0), input.getDimSize(1)))
      return emitOpError("weight length differs from the class count");
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// EinsumOp
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<std::string>> EinsumOp::parseEquation() {
  StringRef eq = getEquation();
  size_t arrow = eq.find("->");
  if (arrow == StringRef::npos)
    return failure();
  SmallVector<StringRef> parts;
  eq.take_front(arrow).split(parts, ',');
  parts.push_back(eq.drop_front(arrow + 2));
  if (parts.size() != getInputs().size() + 1)
    return failure();
  SmallVector<std::string> labels;
  for (StringRef part : parts) {
    if (!llvm::all_of(part, [](char c) { return c >= 'a' && c <= 'z'; }))
      return failure();
    labels.push_back(part.str());
  }
  return labels;
}

/// Size of every label: a static size > 1 wins, then dynamic, then 1.
static FailureOr<std::array<int64_t, 26>>
einsumLabelSizes(ArrayRef<std::string> labels, ValueRange inputs) {
  std::array<int64_t, 26> sizes;
  sizes.fill(-2);  // unseen
  for (auto [operand, v] : llvm::zip(labels, inputs)) {
    auto type = cast<RankedTensorType>(v.getType());
    for (auto [c, d] : llvm::zip(operand, type.getShape())) {
      int64_t &s = sizes[c - 'a'];
      if (s == -2 || s == 1 || (ShapedType::isDynamic(s) && d != 1))
        s = d;
      else if (d != 1 && !ShapedType::isDynamic(d) && s != d)
        return failure();
    }
  }
  return sizes;
}

FailureOr<Type> EinsumOp::inferResultType() {
  if (!llvm::all_of(getInputs(), [](Value v) { return rankedOrNull(v); }))
    return Type();
  FailureOr<SmallVector<std::string>> labels = parseEquation();
  if (failed(labels))
    return failure();
  for (auto [operand, v] : llvm::zip(*labels, getInputs()))
    if (static_cast<int64_t>(operand.size()) != rankedOrNull(v).getRank())
      return failure();
  auto sizes = einsumLabelSizes(ArrayRef(*labels).drop_back(), getInputs());
  if (failed(sizes))
    return failure();
  SmallVector<int64_t> shape;
  for (char c : labels->back()) {
    if ((*sizes)[c - 'a'] == -2)
      return failure();
    shape.push_back((*sizes)[c - 'a']);
  }
  return Type(RankedTensorType::get(shape, elementTypeOf(getInputs().front())));
}

LogicalResult EinsumOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one operand");
  FailureOr<SmallVector<std::string>> labels = parseEquation();
  if (failed(labels))
    return emitOpError("has a malformed equation '")
           << getEquation() << "' for " << getInputs().size() << " operands";
  std::string out = labels->back();
  for (size_t i = 0; i < out.size(); ++i) {
    if (out.find(out[i], i + 1) != std::string::npos)
      return emitOpError("repeats output label '") << out[i] << "'";
    if (!llvm::any_of(ArrayRef(*labels).drop_back(),
                      [&](const std::string &l) { return l.find(out[i]) != std::string::npos; }))
      return emitOpError("output label '") << out[i] << "' names no operand axis";
  }
  for (auto [operand, v] : llvm::zip(*labels, getInputs())) {
    if (elementTypeOf(v) != elementTypeOf(getInputs().front()))
      return emitOpError("operands have different element types");
    if (auto type = rankedOrNull(v); type && type.getRank() != static_cast<int64_t>(operand.size()))
      return emitOpError("labels '") << operand << "' do not match operand rank " << type.getRank();
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// ConvTransposeOp
//===----------------------------------------------------------------------===//

FailureOr<Type> ConvTransposeOp::inferResultType() {
  auto input = rankedOrNull(getInput()), weight = rankedOrNull(getWeight());
  if (!input || !weight)
    return Type();
  int64_t rank = input.getRank(), s = rank - 2;
  if (rank < 3 || weight.getRank() != rank || static_cast<int64_t>(getStrides().size()) != s ||
      static_cast<int64_t>(getPads().size()) != 2 * s ||
      static_cast<int64_t>(getDilations().size()) != s ||
      static_cast<int64_t>(getOutputPadding().size()) != s)
    return failure();
  int64_t oc = weight.getDimSize(1);
  SmallVector<int64_t> shape = {input.getDimSize(0),
                                ShapedType::isDynamic(oc) ? oc : oc * getGroups()};
  for (int64_t i = 0; i < s; ++i) {
    int64_t in = input.getDimSize(2 + i), k = weight.getDimSize(2 + i);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t out = getStrides()[i] * (in - 1) + getOutputPadding()[i] +
                  (k - 1) * getDilations()[i] + 1 - getPads()[i] - getPads()[s + i];
    if (out < 1)
      return failure();
    shape.push_back(out);
  }
  return Type(RankedTensorType::get(shape, input.getElementType()));
}

LogicalResult ConvTransposeOp::verify() {
  auto input = rankedOrNull(getInput()), weight = rankedOrNull(getWeight());
  if (elementTypeOf(getInput()) != elementTypeOf(getWeight()))
    return emitOpError("input and weight have different element types");
  int64_t rank = input ? input.getRank() : weight ? weight.getRank() : -1;
  if (input && weight && input.getRank() != weight.getRank())
    return emitOpError("input rank ") << input.getRank() << " differs from weight rank "
                                      << weight.getRank();
  if (rank >= 0 && rank < 3)
    return emitOpError("expects input and weight of rank >= 3, got rank ") << rank;
  if (getGroups() < 1)
    return emitOpError("expects groups >= 1");
  if (rank >= 0) {
    size_t s = rank - 2;
    if (getStrides().size() != s || getDilations().size() != s ||
        getOutputPadding().size() != s || getPads().size() != 2 * s)
      return emitOpError("expects ") << s << " strides, dilations and output_padding and "
                                     << 2 * s << " pads";
  }
  if (llvm::any_of(getStrides(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getDilations(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getPads(), [](int64_t v) { return v < 0; }) ||
      llvm::any_of(getOutputPadding(), [](int64_t v) { return v < 0; }))
    return emitOpError("expects strides, dilations >= 1 and pads, output_padding >= 0");
  if (input && weight) {
    int64_t c = input.getDimSize(1), wc = weight.getDimSize(0);
    if (!sameOrDynamic(c, wc))
      return emitOpError("input channels ") << c << " differ from weight dimension 0 " << wc;
    if (!ShapedType::isDynamic(c) && c % getGroups() != 0)
      return emitOpError("input channels ") << c << " not divisible by groups " << getGroups();
  }
  if (Value bias = getBias()) {
    auto type = rankedOrNull(bias);
    if (elementTypeOf(bias) != elementTypeOf(getInput()))
      return emitOpError("bias must have the input's element type");
    if (type && type.getRank() != 1)
      return emitOpError("expects a rank-1 bias");
    if (type && weight && !ShapedType::isDynamic(weight.getDimSize(1)) &&
        !sameOrDynamic(type.getDimSize(0), weight.getDimSize(1) * getGroups()))
      return emitOpError("bias length differs from output channels");
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

/// Scale and zero point: rank 0, or rank 1 matching the input along `axis`.
static LogicalResult verifyQuantParam(Operation *op, Value param, Value input,
                                      int64_t axis, StringRef name) {
  if (!param)
    return success();
  auto type = rankedOrNull(param);
  if (!type)
    return success();
  if (type.getRank() > 1)
    return op->emitOpError() << name << " must have rank 0 or 1, got " << type;
  auto in = rankedOrNull(input);
  if (type.getRank() == 1 && in && type.getDimSize(0) != 1 &&
      !sameOrDynamic(type.getDimSize(0), in.getDimSize(axis)))
    return op->emitOpError() << name << " length " << type.getDimSize(0)
                             << " differs from input dimension " << axis;
  return success();
}

/// Quantization axes may be 0 on rank-0 inputs (per-tensor parameters).
static LogicalResult checkQuantAxis(Operation *op, int64_t axis, Value input) {
  if (auto type = rankedOrNull(input); type && type.getRank() == 0 && axis == 0)
    return success();
  return checkAxis(op, axis, input);
}

static FailureOr<Type> inferWithElement(Value input, Type element) {
  auto type = rankedOrNull(input);
  if (!type)
    return Type();
  return Type(RankedTensorType::get(type.getShape(), element));
}

FailureOr<Type> QuantizeOp::inferResultType() {
  return inferWithElement(getInput(), getZeroPoint() ? elementTypeOf(getZeroPoint())
                                                     : elementTypeOf(getResult()));
}

LogicalResult QuantizeOp::verify() {
  if (!isa<FloatType>(elementTypeOf(getInput())) || !isa<FloatType>(elementTypeOf(getScale())))
    return emitOpError("expects floating-point input and scale");
  auto qType = dyn_cast<IntegerType>(elementTypeOf(getResult()));
  if (!qType || qType.getWidth() > 16)
    return emitOpError("expects an 8- or 16-bit integer result");
  if (failed(checkQuantAxis(*this, getAxis(), getInput())) ||
      failed(verifyQuantParam(*this, getScale(), getInput(), getAxis(), "scale")) ||
      failed(verifyQuantParam(*this, getZeroPoint(), getInput(), getAxis(), "zero_point")))
    return failure();
  return verifyAgainstInferred(*this);
}

FailureOr<Type> DequantizeOp::inferResultType() {
  return inferWithElement(getInput(), elementTypeOf(getScale()));
}

LogicalResult DequantizeOp::verify() {
  if (!isa<IntegerType>(elementTypeOf(getInput())))
    return emitOpError("expects an integer input");
  if (!isa<FloatType>(elementTypeOf(getScale())))
    return emitOpError("expects a floating-point scale");
  if (getZeroPoint() && elementTypeOf(getZeroPoint()) != elementTypeOf(getInput()))
    return emitOpError("zero point must have the input's element type");
  if (failed(checkQuantAxis(*this, getAxis(), getInput())) ||
      failed(verifyQuantParam(*this, getScale(), getInput(), getAxis(), "scale")) ||
      failed(verifyQuantParam(*this, getZeroPoint(), getInput(), getAxis(), "zero_point")))
    return failure();
  return verifyAgainstInferred(*this);
}

FailureOr<Type> SubZeroPointOp::inferResultType() {
  return inferWithElement(getInput(), IntegerType::get(getContext(), 32));
}

LogicalResult SubZeroPointOp::verify() {
  auto element = dyn_cast<IntegerType>(elementTypeOf(getInput()));
  if (!element || element.getWidth() > 16)
    return emitOpError("expects an 8- or 16-bit integer input");
  if (getZeroPoint() && elementTypeOf(getZeroPoint()) != element)
    return emitOpError("zero point must have the input's element type");
  if (failed(checkQuantAxis(*this, getAxis(), getInput())) ||
      failed(verifyQuantParam(*this, getZeroPoint(), getInput(), getAxis(), "zero_point")))
    return failure();
  return verifyAgainstInferred(*this);
}

//===----------------------------------------------------------------------===//
// RecurrentOp
//===----------------------------------------------------------------------===//

static int64_t gateCount(StringRef cell) {
  return cell == "lstm" ? 4 : cell == "gru" ? 3 : 1;
}

static int64_t activationsPerDirection(StringRef cell) {
  return cell == "lstm" ? 3 : cell == "gru" ? 2 : 1;
}

FailureOr<Type> RecurrentOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  if (input.getRank() != 3)
    return failure();
  int64_t dirs = getDirection() == "bidirectional" ? 2 : 1;
  return Type(RankedTensorType::get(
      {input.getDimSize(0), dirs, input.getDimSize(1), getHiddenSize()},
      input.getElementType()));
}

LogicalResult RecurrentOp::verify() {
  StringRef cell = getCell(), dir = getDirection();
  if (cell != "rnn" && cell != "gru" && cell != "lstm")
    return emitOpError("has unknown cell '") << cell << "'";
  if (dir != "forward" && dir != "reverse" && dir != "bidirectional")
    return emitOpError("has unknown direction '") << dir << "'";
  if (getHiddenSize() < 1)
    return emitOpError("expects hidden_size >= 1");
  int64_t dirs = dir == "bidirectional" ? 2 : 1, h = getHiddenSize(),
          g = gateCount(cell);
  size_t acts = dirs * activationsPerDirection(cell);
  if (getActivations().size() != acts || getActivationAlpha().size() != acts ||
      getActivationBeta().size() != acts)
    return emitOpError("expects ") << acts << " activations with their alpha and beta";
  if (getPeepholes() && cell != "lstm")
    return emitOpError("only lstm takes peepholes");
  if (getInitialC() && cell != "lstm")
    return emitOpError("only lstm takes an initial cell state");
  Type element = elementTypeOf(getInput());
  if (!isa<FloatType>(element))
    return emitOpError("expects a floating-point input");
  auto input = rankedOrNull(getInput());
  if (input && input.getRank() != 3)
    return emitOpError("expects an input [T, B, I]");
  int64_t batch = input ? input.getDimSize(1) : ShapedType::kDynamic;
  int64_t inSize = input ? input.getDimSize(2) : ShapedType::kDynamic;
  auto expect = [&](Value v, StringRef name, ArrayRef<int64_t> shape) -> LogicalResult {
    if (!v)
      return success();
    if (elementTypeOf(v) != element)
      return emitOpError() << name << " must have the input's element type";
    auto type = rankedOrNull(v);
    if (!type)
      return success();
    bool ok = type.getRank() == static_cast<int64_t>(shape.size());
    for (size_t i = 0; ok && i < shape.size(); ++i)
      ok = sameOrDynamic(type.getDimSize(i), shape[i]);
    if (!ok)
      return emitOpError() << name << " has type " << type << ", expected shape ["
                           << llvm::make_range(shape.begin(), shape.end()) << "]";
    return success();
  };
  if (failed(expect(getWeights(), "weights", {dirs, g * h, inSize})) ||
      failed(expect(getRecurrence(), "recurrence", {dirs, g * h, h})) ||
      failed(expect(getBias(), "bias", {dirs, 2 * g * h})) ||
      failed(expect(getInitialH(), "initial_h", {dirs, batch, h})) ||
      failed(expect(getInitialC(), "initial_c", {dirs, batch, h})) ||
      failed(expect(getPeepholes(), "peepholes", {dirs, 3 * h})))
    return failure();
  if (Value lens = getSequenceLens()) {
    if (!isa<IntegerType>(elementTypeOf(lens)))
      return emitOpError("expects integer sequence_lens");
    if (auto type = rankedOrNull(lens);
        type && (type.getRank() != 1 || !sameOrDynamic(type.getDimSize(0), batch)))
      return emitOpError("expects sequence_lens of shape [B]");
  }
  for (Value state : {getYH(), getYC()}) {
    if (elementTypeOf(state) != element)
      return emitOpError("state results must have the input's element type");
    auto type = rankedOrNull(state);
    if (type && (type.getRank() != 3 || !sameOrDynamic(type.getDimSize(0), dirs) ||
                 !sameOrDynamic(type.getDimSize(1), batch) ||
                 !sameOrDynamic(type.getDimSize(2), h)))
      return emitOpError("state results must be [D, B, H], got ") << type;
  }
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// MaxPoolIndicesOp and MaxUnpoolOp
//===----------------------------------------------------------------------===//

FailureOr<Type> MaxPoolIndicesOp::inferResultType() {
  auto input = rankedOrNull(getInput());
  if (!input)
    return Type();
  size_t s = getKernel().size();
  if (input.getRank() != static_cast<int64_t>(s) + 2 || getStrides().size() != s ||
      getPads().size() != 2 * s || getDilations().size() != s)
    return failure();
  SmallVector<int64_t> shape(input.getShape().take_front(2));
  for (size_t i = 0; i < s; ++i) {
    int64_t out = windowOutputSize(input.getDimSize(2 + i), getKernel()[i], getStrides()[i],
                                   getDilations()[i], getPads()[i], getPads()[s + i],
                                   getCeilMode());
    if (out == 0)
      return failure();
    shape.push_back(out);
  }
  return Type(RankedTensorType::get(shape, IntegerType::get(getContext(), 64)));
}

LogicalResult MaxPoolIndicesOp::verify() {
  size_t s = getKernel().size();
  if (s == 0 || getStrides().size() != s || getDilations().size() != s ||
      getPads().size() != 2 * s)
    return emitOpError("expects kernel, strides, dilations with one entry per spatial axis "
                       "and twice as many pads");
  if (llvm::any_of(getKernel(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getStrides(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getDilations(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getPads(), [](int64_t v) { return v < 0; }))
    return emitOpError("expects positive kernel, strides, dilations and non-negative pads");
  return verifyAgainstInferred(*this);
}

FailureOr<Type> MaxUnpoolOp::inferResultType() {
  return Type(RankedTensorType::get(getOutputShape(), elementTypeOf(getInput())));
}

LogicalResult MaxUnpoolOp::verify() {
  if (!isa<IntegerType>(elementTypeOf(getIndices())))
    return emitOpError("expects integer indices");
  if (llvm::any_of(getOutputShape(), [](int64_t v) { return v < 0; }))
    return emitOpError("expects a static output_shape");
  auto input = rankedOrNull(getInput()), indices = rankedOrNull(getIndices());
  if (input && indices &&
      (input.getRank() != indices.getRank() ||
       !llvm::all_of(llvm::zip(input.getShape(), indices.getShape()),
                     [](auto p) { return sameOrDynamic(std::get<0>(p), std::get<1>(p)); })))
    return emitOpError("indices must have the input's shape");
  if (input && input.getRank() != static_cast<int64_t>(getOutputShape().size()))
    return emitOpError("output_shape must have the input's rank");
  return kiln::detail::verifyResultType(*this);
}

//===----------------------------------------------------------------------===//
// DropoutOp and DropoutMaskOp
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult verifyDropout(OpTy op) {
  if (!isa<FloatType>(elementTypeOf(op.getInput())))
    return op.emitOpError("expects a floating-point input");
  if (elementTypeOf(op.getRatio()) != elementTypeOf(op.getInput()))
    return op.emitOpError("ratio must have the input's element type");
  if (!elementTypeOf(op.getTraining()).isInteger(1))
    return op.emitOpError("training must be i1");
  for (Value v : {op.getRatio(), op.getTraining()})
    if (auto type = rankedOrNull(v); type && type.getRank() != 0)
      return op.emitOpError("ratio and training must be rank 0");
  return verifyAgainstInferred(op);
}

FailureOr<Type> DropoutOp::inferResultType() {
  return kiln::detail::inferSameType(getOperation());
}
LogicalResult DropoutOp::verify() { return verifyDropout(*this); }

FailureOr<Type> DropoutMaskOp::inferResultType() {
  return inferWithElement(getInput(), IntegerType::get(getContext(), 1));
}
LogicalResult DropoutMaskOp::verify() { return verifyDropout(*this); }

//===----------------------------------------------------------------------===//
// RoiAlignOp
//===----------------------------------------------------------------------===//

FailureOr<Type> RoiAlignOp::inferResultType() {
  auto input = rankedOrNull(getInput()), rois = rankedOrNull(getRois());
  if (!input)
    return Type();
  if (input.getRank() != 4)
    return failure();
  int64_t count = rois && rois.getRank() == 2 ? rois.getDimSize(0) : ShapedType::kDynamic;
  return Type(RankedTensorType::get(
      {count, input.getDimSize(1), getOutputHeight(), getOutputWidth()}, input.getElementType()));
}

LogicalResult RoiAlignOp::verify() {
  if (getMode() != "avg" && getMode() != "max")
    return emitOpError("has unknown mode '") << getMode() << "'";
  if (getOutputHeight() < 1 || getOutputWidth() < 1 || getSamplingRatio() < 0)
    return emitOpError("expects a positive output size and sampling_ratio >= 0");
  Type element = elementTypeOf(getInput());
  if (!isa<FloatType>(element) || elementTypeOf(getRois()) != element)
    return emitOpError("expects floating-point input and rois of one type");
  if (!isa<IntegerType>(elementTypeOf(getBatchIndices())))
    return emitOpError("expects integer batch indices");
  auto input = rankedOrNull(getInput()), rois = rankedOrNull(getRois()),
       indices = rankedOrNull(getBatchIndices());
  if (input && input.getRank() != 4)
    return emitOpError("expects an input [N, C, H, W]");
  if (rois && (rois.getRank() != 2 || !sameOrDynamic(rois.getDimSize(1), 4)))
    return emitOpError("expects rois [R, 4]");
  if (indices && (indices.getRank() != 1 ||
                  (rois && !sameOrDynamic(indices.getDimSize(0), rois.getDimSize(0)))))
    return emitOpError("expects one batch index per roi");
  return kiln::detail::verifyResultType(*this);
}
