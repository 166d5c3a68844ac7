//===- ConvertShape.cpp - reshapes, transposes, concat, constants ---------===//
#include "frontends/onnx/GraphImporter.h"
#include "frontends/onnx/IndexingHelpers.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_frontend;

static LogicalResult convertReshape(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  SmallVector<int64_t> shape;
  if (node.opset() < 5) {
    shape = node.getInts("shape").value_or(SmallVector<int64_t>());
  } else if (!node.constantInput(1)) {
    // A run-time shape whose entries are known but one (Shape of a tensor
    // with one dynamic dim, ...): the unknown entry is inferred (-1), which
    // equals its run-time value whenever the other entries' product is
    // non-zero (also for 0, "copy the input dim", of a valid reshape).
    std::optional<SmallVector<int64_t>> known = knownIntEntries(node.input(1));
    bool allowZero = node.getInt("allowzero", 0) != 0;
    int64_t unknown = known ? llvm::count_if(*known, ShapedType::isDynamic) : -1;
    if (unknown == 0) {
      shape = *known;
    } else if (unknown == 1 && !llvm::is_contained(*known, -1) &&
        llvm::all_of(llvm::enumerate(*known), [&](auto e) {
          int64_t d = e.value();
          if (d == 0 && !allowZero && static_cast<int64_t>(e.index()) < type->getRank())
            d = type->getDimSize(e.index()); // Copies the input dim.
          return ShapedType::isDynamic(e.value()) || (d > 0 && !ShapedType::isDynamic(d));
        })) {
      shape = *known;
      for (int64_t &d : shape)
        if (ShapedType::isDynamic(d))
          d = -1;
    } else if (auto declared = declaredStaticShape(node, 0)) {
      // Otherwise the model's declared output shape decides.
      return pushResult(node.importer().reshape(node, node.input(0), *declared), results);
    } else {
      (void)node.constantInts(1, "shape"); // Reports the error.
      return failure();
    }
  } else {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "shape");
    if (failed(values))
      return failure();
    shape = *values;
  }
  bool allowZero = node.getInt("allowzero", 0) != 0;
  // Entries copying an input dim (0) take the dim; a copied dynamic dim is
  // marked kDynamic and resolved below.
  SmallVector<bool> copied(shape.size(), false);
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if (static_cast<int64_t>(i) >= type->getRank()) {
        node.error() << "shape entry " << i << " is 0 but the input has rank "
                     << type->getRank();
        return failure();
      }
      d = type->getDimSize(i);
      copied[i] = true;
    } else if (d < -1) {
      node.error() << "invalid shape entry " << d;
      return failure();
    }
  }
  // When every dynamic input dim is copied to the same position, they cancel
  // out of the element count: the -1 entry is static.
  auto inferred = llvm::find(shape, -1);
  bool dynamicCopiesOnly = llvm::all_of(llvm::seq<int64_t>(0, type->getRank()), [&](int64_t i) {
    return !type->isDynamicDim(i) || (i < static_cast<int64_t>(shape.size()) && copied[i]);
  });
  if (inferred != shape.end() && !type->hasStaticShape() && dynamicCopiesOnly) {
    int64_t in = productOfDims(llvm::to_vector(llvm::make_filter_range(
        type->getShape(), [](int64_t d) { return !ShapedType::isDynamic(d); })));
    int64_t out = 1;
    for (int64_t d : shape)
      if (d != -1 && !ShapedType::isDynamic(d))
        out *= d;
    if (out != 0 && in % out == 0)
      *inferred = in / out;
  }
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertFlatten(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  int64_t axis = node.getInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank) {
    node.error() << "axis out of range for rank " << rank;
    return failure();
  }
  int64_t outer = productOfDims(type->getShape().take_front(axis));
  int64_t inner = productOfDims(type->getShape().drop_front(axis));
  return pushResult(node.importer().reshape(node, node.input(0), {outer, inner}), results);
}

static LogicalResult convertTranspose(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  SmallVector<int64_t> perm;
  if (auto attr = node.getInts("perm")) {
    perm = *attr;
  } else {
    for (int64_t d = type->getRank() - 1; d >= 0; --d)
      perm.push_back(d);
  }
  return pushResult(node.importer().create<TransposeOp>(
                        node, type->getElementType(), node.input(0),
                        node.builder().getDenseI64ArrayAttr(perm)),
                    results);
}

static LogicalResult convertConcat(NodeContext &node,
                                   SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 0), type->getRank());
  if (!axis) {
    node.error() << "axis out of range for rank " << type->getRank();
    return failure();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < node.numInputs(); ++i) {
    FailureOr<Value> v = node.requiredInput(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  return pushResult(node.importer().create<ConcatOp>(
                        node, type->getElementType(), inputs,
                        node.builder().getI64IntegerAttr(*axis)),
                    results);
}

/// Axes of Squeeze/Unsqueeze: an attribute before opset 13, an input after.
static FailureOr<SmallVector<int64_t>> readAxes(NodeContext &node, bool &present) {
  present = true;
  if (node.opset() < 13) {
    if (auto attr = node.getInts("axes"))
      return *attr;
    present = false;
    return SmallVector<int64_t>();
  }
  if (!node.input(1)) {
    present = false;
    return SmallVector<int64_t>();
  }
  return node.constantInts(1, "axes");
}

/// Squeeze/Unsqueeze whose axes are a run-time input: a reshape to the
/// model's declared output shape. Null when that does not apply.
static std::optional<LogicalResult>
reshapeToDeclaredForRuntimeAxes(NodeContext &node, SmallVectorImpl<Value> &results) {
  if (node.opset() < 13 || !node.input(1) || node.constantInput(1))
    return std::nullopt;
  std::optional<SmallVector<int64_t>> declared = declaredStaticShape(node, 0);
  if (!declared)
    return std::nullopt;
  return pushResult(node.importer().reshape(node, node.input(0), *declared), results);
}

static LogicalResult convertSqueeze(NodeContext &node,
                                    SmallVectorImpl<Value> &results) {
  if (auto done = reshapeToDeclaredForRuntimeAxes(node, results))
    return *done;
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  bool present;
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, present);
  if (failed(type) || failed(axes))
    return failure();
  int64_t rank = type->getRank();
  SmallVector<bool> drop(rank, false);
  if (!present) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = type->getDimSize(d) == 1;
  }
  for (int64_t a : *axes) {
    std::optional<int64_t> n = normalizeAxis(a, rank);
    if (!n || (!type->isDynamicDim(*n) && type->getDimSize(*n) != 1)) {
      node.error() << "cannot squeeze axis " << a << " of " << *type;
      return failure();
    }
    drop[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      shape.push_back(type->getDimSize(d));
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertUnsqueeze(NodeContext &node,
                                      SmallVectorImpl<Value> &results) {
  if (auto done = reshapeToDeclaredForRuntimeAxes(node, results))
    return *done;
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  bool present;
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, present);
  if (failed(type) || failed(axes))
    return failure();
  if (!present) {
    node.error() << "requires axes";
    return failure();
  }
  int64_t rank = type->getRank() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    std::optional<int64_t> n = normalizeAxis(a, rank);
    if (!n || inserted[*n]) {
      node.error() << "invalid or repeated axis " << a;
      return failure();
    }
    inserted[*n] = true;
  }
  SmallVector<int64_t> shape;
  int64_t src = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : type->getDimSize(src++));
  return pushResult(node.importer().reshape(node, node.input(0), shape), results);
}

static LogicalResult convertIdentity(NodeContext &node,
                                     SmallVectorImpl<Value> &results) {
  return pushResult(node.requiredInput(0), results);
}

static LogicalResult convertConstant(NodeContext &node,
                                     SmallVectorImpl<Value> &results) {
  MLIRContext *ctx = node.builder().getContext();
  GraphImporter &g = node.importer();
  auto ints = [&](ArrayRef<int64_t> v, bool scalar) {
    auto type = RankedTensorType::get(scalar ? ArrayRef<int64_t>{}
                                             : ArrayRef<int64_t>{(int64_t)v.size()},
                                      IntegerType::get(ctx, 64));
    return DenseElementsAttr::get(type, v);
  };
  auto floats = [&](ArrayRef<float> v, bool scalar) {
    auto type = RankedTensorType::get(scalar ? ArrayRef<int64_t>{}
                                             : ArrayRef<int64_t>{(int64_t)v.size()},
                                      Float32Type::get(ctx));
    return DenseElementsAttr::get(type, v);
  };
  DenseElementsAttr value;
  if (const onnx::AttributeProto *a = node.attr("value")) {
    std::string err;
    value = convertTensor(ctx, a->t(), g.modelDir, err);
    if (!value) {
      node.error() << "value: " << err;
      return failure();
    }
  } else if (const auto *a = node.attr("value_float")) {
    value = floats({a->f()}, true);
  } else if (const auto *a = node.attr("value_floats")) {
    value = floats(SmallVector<float>(a->floats().begin(), a->floats().end()), false);
  } else if (const auto *a = node.attr("value_int")) {
    value = ints({a->i()}, true);
  } else if (const auto *a = node.attr("value_ints")) {
    value = ints(SmallVector<int64_t>(a->ints().begin(), a->ints().end()), false);
  } else {
    node.error() << "only dense numeric constants are supported";
    return failure();
  }
  results.push_back(g.constant(node.loc(), value));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape, Size, ConstantOfShape, Expand, Tile
//===----------------------------------------------------------------------===//

static LogicalResult convertShape(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  // Shape-15 start/end: negative counts from the back, out of range clamps.
  auto clampDim = [&](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank); };
  int64_t start = clampDim(node.getInt("start", 0));
  int64_t end = std::max(start, clampDim(node.getInt("end", rank)));
  OpBuilder &b = node.builder();
  return pushResult(node.importer().create<ShapeOp>(node, b.getI64Type(), node.input(0),
                                                    b.getI64IntegerAttr(start),
                                                    b.getI64IntegerAttr(end)),
                    results);
}

static LogicalResult convertSize(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  OpBuilder &b = node.builder();
  GraphImporter &g = node.importer();
  if (type->hasStaticShape()) {
    results.push_back(g.scalar(node.loc(), b.getI64Type(),
                               static_cast<double>(type->getNumElements())));
    return success();
  }
  FailureOr<Value> shape = g.create<ShapeOp>(node, b.getI64Type(), node.input(0),
                                             b.getI64IntegerAttr(0),
                                             b.getI64IntegerAttr(type->getRank()));
  if (failed(shape))
    return failure();
  return pushResult(g.create<ReduceOp>(node, b.getI64Type(), *shape,
                                       b.getDenseI64ArrayAttr({0}), b.getBoolAttr(false),
                                       b.getStringAttr("prod")),
                    results);
}

/// Integer values of constant input `i`; for a run-time input, the declared
/// static shape of output 0 stands in. Reports errors.
static FailureOr<SmallVector<int64_t>> shapeOperand(NodeContext &node, int i,
                                                    StringRef what) {
  if (!node.constantInput(i))
    if (auto declared = declaredStaticShape(node, 0))
      return *declared;
  return node.constantInts(i, what);
}

static LogicalResult convertConstantOfShape(NodeContext &node,
                                            SmallVectorImpl<Value> &results) {
  MLIRContext *ctx = node.builder().getContext();
  Attribute element = FloatAttr::get(Float32Type::get(ctx), 0.0);
  if (const onnx::AttributeProto *a = node.attr("value")) {
    std::string err;
    DenseElementsAttr value = convertTensor(ctx, a->t(), node.importer().modelDir, err);
    if (!value || value.getNumElements() != 1) {
      node.error() << "value must be a one-element tensor" << (err.empty() ? "" : ": ") << err;
      return failure();
    }
    element = *value.getValues<Attribute>().begin();
  }
  FailureOr<SmallVector<int64_t>> shape = shapeOperand(node, 0, "shape");
  if (failed(shape))
    return failure();
  auto type = RankedTensorType::get(*shape, cast<TypedAttr>(element).getType());
  results.push_back(node.importer().constant(node.loc(), DenseElementsAttr::get(type, element)));
  return success();
}

static LogicalResult convertExpand(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  FailureOr<SmallVector<int64_t>> shape = shapeOperand(node, 1, "shape");
  if (failed(type) || failed(shape))
    return failure();
  return pushResult(node.importer().create<ExpandOp>(
                        node, type->getElementType(), node.input(0),
                        node.builder().getDenseI64ArrayAttr(*shape)),
                    results);
}

/// Tile of a dynamically shaped input: per axis, a gather at
/// (0 .. repeats * dim - 1) mod dim, with dim and repeats read at run time.
static FailureOr<Value> tileAtRunTime(NodeContext &node, RankedTensorType type) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type i64 = b.getI64Type();
  auto repeatsType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!repeatsType || repeatsType.getRank() != 1 ||
      (!repeatsType.isDynamicDim(0) && repeatsType.getDimSize(0) != type.getRank())) {
    node.error() << "expects one repeat per input axis";
    return failure();
  }
  std::optional<SmallVector<int64_t>> known = knownIntEntries(node.input(1));
  Value v = node.input(0);
  for (int64_t axis = 0; axis < type.getRank(); ++axis) {
    if (known && static_cast<int64_t>(known->size()) == type.getRank() &&
        (*known)[axis] == 1)
      continue;
    FailureOr<Value> dim = g.create<ShapeOp>(node, i64, node.input(0),
                                             b.getI64IntegerAttr(axis),
                                             b.getI64IntegerAttr(axis + 1));
    FailureOr<Value> repeat = g.create<GatherOp>(node, i64, node.input(1),
                                                 i64Vector(node, {axis}),
                                                 b.getI64IntegerAttr(0));
    if (failed(dim) || failed(repeat))
      return failure();
    FailureOr<Value> repeat64 = g.create<CastOp>(node, i64, *repeat);
    FailureOr<Value> count =
        failed(repeat64) ? repeat64 : g.create<MulOp>(node, i64, *dim, *repeat64);
    FailureOr<Value> limit = failed(count) ? count : g.reshape(node, *count, {});
    FailureOr<Value> iota = failed(limit) ? limit
                                          : g.create<RangeOp>(node, i64,
                                                              g.scalar(node.loc(), i64, 0),
                                                              *limit,
                                                              g.scalar(node.loc(), i64, 1));
    FailureOr<Value> index = failed(iota) ? iota : g.create<ModOp>(node, i64, *iota, *dim);
    if (failed(index))
      return failure();
    FailureOr<Value> tiled = g.create<GatherOp>(node, type.getElementType(), v, *index,
                                                b.getI64IntegerAttr(axis));
    if (failed(tiled))
      return failure();
    v = *tiled;
  }
  return v;
}

/// Tile as reshape [1, d0, 1, d1, ...] -> expand [r0, d0, r1, d1, ...] ->
/// reshape [r0 * d0, r1 * d1, ...].
static LogicalResult convertTile(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  if (!type->hasStaticShape())
    return pushResult(refineToDeclared(node, tileAtRunTime(node, *type), 0), results);
  ArrayRef<int64_t> in = type->getShape();
  SmallVector<int64_t> repeats;
  if (node.constantInput(1)) {
    FailureOr<SmallVector<int64_t>> r = node.constantInts(1, "repeats");
    if (failed(r))
      return failure();
    repeats = *r;
  } else if (auto declared = declaredStaticShape(node, 0);
             declared && declared->size() == in.size()) {
    // Run-time repeats: the declared output shape implies them.
    for (auto [out, d] : llvm::zip(*declared, in)) {
      if (d == 0 || out % d != 0) {
        node.error() << "declared output shape is not a multiple of the input shape";
        return failure();
      }
      repeats.push_back(out / d);
    }
  } else {
    (void)node.constantInts(1, "repeats"); // Reports the error.
    return failure();
  }
  if (repeats.size() != in.size() || llvm::any_of(repeats, [](int64_t r) { return r < 0; })) {
    node.error() << "expects one non-negative repeat per input axis";
    return failure();
  }
  GraphImporter &g = node.importer();
  if (llvm::all_of(repeats, [](int64_t r) { return r == 1; }))
    return pushResult(node.requiredInput(0), results);
  SmallVector<int64_t> split, expanded, out;
  for (auto [r, d] : llvm::zip(repeats, in)) {
    llvm::append_range(split, ArrayRef<int64_t>{1, d});
    llvm::append_range(expanded, ArrayRef<int64_t>{r, d});
    out.push_back(r * d);
  }
  FailureOr<Value> v = g.reshape(node, node.input(0), split);
  if (succeeded(v))
    v = g.create<ExpandOp>(node, type->getElementType(), *v,
                           node.builder().getDenseI64ArrayAttr(expanded));
  if (succeeded(v))
    v = g.reshape(node, *v, out);
  return pushResult(v, results);
}

//===----------------------------------------------------------------------===//
// Slice, Split
//===----------------------------------------------------------------------===//

static FailureOr<Value> createSlice(NodeContext &node, Value input, Value starts,
                                    Value ends, Value axes, Value steps) {
  return node.importer().create<SliceOp>(
      node, cast<ShapedType>(input.getType()).getElementType(), input, starts, ends, axes,
      steps);
}

/// 0, 1, ..., n - 1 (i64) where n is the run-time length of 1-D `v`.
static FailureOr<Value> runtimeIota(NodeContext &node, Value v) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type i64 = b.getI64Type();
  FailureOr<Value> length = g.create<ShapeOp>(node, i64, v, b.getI64IntegerAttr(0),
                                              b.getI64IntegerAttr(1));
  if (failed(length))
    return failure();
  FailureOr<Value> limit = g.reshape(node, *length, {});
  if (failed(limit))
    return failure();
  return g.create<RangeOp>(node, i64, g.scalar(node.loc(), i64, 0), *limit,
                           g.scalar(node.loc(), i64, 1));
}

static LogicalResult convertSlice(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  Value starts, ends, axes, steps;
  int64_t count;
  if (node.opset() < 10) {
    auto s = node.getInts("starts"), e = node.getInts("ends");
    if (!s || !e || s->size() != e->size()) {
      node.error() << "expects 'starts' and 'ends' attributes of one length";
      return failure();
    }
    count = s->size();
    starts = i64Vector(node, *s);
    ends = i64Vector(node, *e);
    if (auto a = node.getInts("axes"))
      axes = i64Vector(node, *a);
  } else {
    FailureOr<Value> s = node.requiredInput(1), e = node.requiredInput(2);
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    auto startsType = dyn_cast<RankedTensorType>(starts.getType());
    if (!startsType || startsType.getRank() != 1) {
      node.error() << "expects 1-D starts";
      return failure();
    }
    count = startsType.getDimSize(0);
    axes = node.input(3);
    steps = node.input(4);
    if (ShapedType::isDynamic(count) && (!axes || !steps)) {
      // Defaults of run-time length: axes 0, 1, ... and steps of 1.
      FailureOr<Value> iota = runtimeIota(node, starts);
      if (failed(iota))
        return failure();
      GraphImporter &g = node.importer();
      Type i64 = node.builder().getI64Type();
      if (!axes)
        axes = *iota;
      if (!steps) {
        FailureOr<Value> zeros = g.create<MulOp>(node, i64, *iota, g.scalar(node.loc(), i64, 0));
        FailureOr<Value> ones =
            failed(zeros) ? zeros : g.create<AddOp>(node, i64, *zeros, g.scalar(node.loc(), i64, 1));
        if (failed(ones))
          return failure();
        steps = *ones;
      }
    }
  }
  if (!axes)
    axes = i64Vector(node, llvm::to_vector(llvm::seq<int64_t>(0, count)));
  if (!steps)
    steps = i64Vector(node, SmallVector<int64_t>(count, 1));
  return pushResult(
      refineToDeclared(node, createSlice(node, node.input(0), starts, ends, axes, steps), 0),
      results);
}

/// Split into `parts` equal parts along a dynamic `axis`: slices whose
/// bounds are multiples of dim / parts, computed at run time.
static LogicalResult splitEquallyAtRunTime(NodeContext &node, int64_t axis, int64_t parts,
                                           SmallVectorImpl<Value> &results) {
  GraphImporter &g = node.importer();
  OpBuilder &b = node.builder();
  Type i64 = b.getI64Type();
  FailureOr<Value> dim = g.create<ShapeOp>(node, i64, node.input(0),
                                           b.getI64IntegerAttr(axis),
                                           b.getI64IntegerAttr(axis + 1));
  FailureOr<Value> part =
      failed(dim) ? dim : g.create<DivOp>(node, i64, *dim, i64Vector(node, {parts}));
  if (failed(part))
    return failure();
  Value axes = i64Vector(node, {axis}), steps = i64Vector(node, {1});
  for (int64_t i = 0; i < parts; ++i) {
    FailureOr<Value> start = g.create<MulOp>(node, i64, *part, i64Vector(node, {i}));
    FailureOr<Value> end = g.create<MulOp>(node, i64, *part, i64Vector(node, {i + 1}));
    if (failed(start) || failed(end))
      return failure();
    FailureOr<Value> slice =
        refineToDeclared(node, createSlice(node, node.input(0), *start, *end, axes, steps), i);
    if (failed(pushResult(slice, results)))
      return failure();
  }
  return success();
}

static LogicalResult convertSplit(NodeContext &node, SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  std::optional<int64_t> axis = normalizeAxis(node.getInt("axis", 0), type->getRank());
  if (!axis) {
    node.error() << "axis out of range for rank " << type->getRank();
    return failure();
  }
  int64_t parts = node.node().output_size(), dim = type->getDimSize(*axis);
  SmallVector<int64_t> sizes;
  if (node.opset() < 13 && node.getInts("split")) {
    sizes = *node.getInts("split");
  } else if (node.opset() >= 13 && node.input(1)) {
    if (node.constantInput(1)) {
      FailureOr<SmallVector<int64_t>> s = node.constantInts(1, "split");
      if (failed(s))
        return failure();
      sizes = *s;
    } else {
      // Run-time split sizes: the declared output shapes decide.
      for (int64_t i = 0; i < parts; ++i) {
        RankedTensorType declared = declaredOutputType(node, i);
        if (!declared || declared.getRank() != type->getRank() ||
            declared.isDynamicDim(*axis)) {
          (void)node.constantInts(1, "split"); // Reports the error.
          return failure();
        }
        sizes.push_back(declared.getDimSize(*axis));
      }
    }
  } else if (ShapedType::isDynamic(dim) && parts > 0) {
    return splitEquallyAtRunTime(node, *axis, parts, results);
  } else {
    if (dim % parts != 0) {
      node.error() << "cannot split axis of size " << dim << " into " << parts
                   << " equal parts";
      return failure();
    }
    sizes.assign(parts, dim / parts);
  }
  if (static_cast<int64_t>(sizes.size()) != parts) {
    node.error() << "expects " << parts << " split sizes, got " << sizes.size();
    return failure();
  }
  Value axes = i64Vector(node, {*axis}), steps = i64Vector(node, {1});
  int64_t offset = 0;
  for (int64_t size : sizes) {
    FailureOr<Value> part = createSlice(node, node.input(0), i64Vector(node, {offset}),
                                        i64Vector(node, {offset + size}), axes, steps);
    if (failed(pushResult(part, results)))
      return failure();
    offset += size;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

/// reshape -> transpose -> reshape, the decomposition of both ops.
static LogicalResult reshapeTransposeReshape(NodeContext &node, ArrayRef<int64_t> split,
                                             ArrayRef<int64_t> perm, ArrayRef<int64_t> out,
                                             SmallVectorImpl<Value> &results) {
  GraphImporter &g = node.importer();
  Type element = cast<ShapedType>(node.input(0).getType()).getElementType();
  FailureOr<Value> v = g.reshape(node, node.input(0), split);
  if (succeeded(v))
    v = g.create<TransposeOp>(node, element, *v, node.builder().getDenseI64ArrayAttr(perm));
  if (succeeded(v))
    v = g.reshape(node, *v, out);
  return pushResult(v, results);
}

/// The static NCHW shape and block size of DepthToSpace/SpaceToDepth.
static FailureOr<std::pair<SmallVector<int64_t>, int64_t>> blockInput(NodeContext &node) {
  FailureOr<RankedTensorType> type = node.rankedInput(0);
  if (failed(type))
    return failure();
  int64_t block = node.getInt("blocksize", 0);
  // The batch may be dynamic: it stays the one inferred dim of the reshapes.
  if (type->getRank() != 4 ||
      llvm::any_of(type->getShape().drop_front(), ShapedType::isDynamic) || block < 1) {
    node.error() << "expects a 4-D input with static C, H, W and blocksize >= 1";
    return failure();
  }
  return std::make_pair(SmallVector<int64_t>(type->getShape()), block);
}

static LogicalResult convertDepthToSpace(NodeContext &node,
                                         SmallVectorImpl<Value> &results) {
  auto in = blockInput(node);
  if (failed(in))
    return failure();
  auto [shape, b] = *in;
  int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
  if (c % (b * b) != 0) {
    node.error() << "channels " << c << " not divisible by blocksize^2";
    return failure();
  }
  SmallVector<int64_t> out = {n, c / (b * b), h * b, w * b};
  if (node.getString("mode", "DCR") == "CRD")
    return reshapeTransposeReshape(node, {n, c / (b * b), b, b, h, w}, {0, 1, 4, 2, 5, 3},
                                   out, results);
  return reshapeTransposeReshape(node, {n, b, b, c / (b * b), h, w}, {0, 3, 4, 1, 5, 2}, out,
                                 results);
}

static LogicalResult convertSpaceToDepth(NodeContext &node,
                                         SmallVectorImpl<Value> &results) {
  auto in = blockInput(node);
  if (failed(in))
    return failure();
  auto [shape, b] = *in;
  int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
  if (h % b != 0 || w % b != 0) {
    node.error() << "spatial sizes not divisible by blocksize " << b;
    return failure();
  }
  return reshapeTransposeReshape(node, {n, c, h / b, b, w / b, b}, {0, 3, 5, 1, 2, 4},
                                 {n, c * b * b, h / b, w / b}, results);
}

void mlir::kiln::onnx_frontend::registerShapeConverters(
    llvm::StringMap<OpConverter> &table) {
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Squeeze"] = convertSqueeze;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Identity"] = convertIdentity;
  table["Constant"] = convertConstant;
  table["Shape"] = convertShape;
  table["Size"] = convertSize;
  table["ConstantOfShape"] = convertConstantOfShape;
  table["Expand"] = convertExpand;
  table["Tile"] = convertTile;
  table["Slice"] = convertSlice;
  table["Split"] = convertSplit;
  table["DepthToSpace"] = convertDepthToSpace;
  table["SpaceToDepth"] = convertSpaceToDepth;
}
