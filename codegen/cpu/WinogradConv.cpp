//===- WinogradConv.cpp - 3x3 convolutions by Winograd's F(2x2, 3x3) ------===//
//
// A stride-1 3x3 convolution computes each 2x2 output tile from a 4x4 input
// tile with 16 multiplications per channel pair instead of 36 (Lavin and
// Gray, "Fast Algorithms for Convolutional Neural Networks", 2016):
//
//   U[xi, oc, ic]    = (G g[oc, ic] G^T)[xi]          at compile time
//   V[n, xi, ic, t]  = (B^T d[n, ic, t] B)[xi]        input tiles d, 4x4
//   M[n, xi, oc, t]  = sum_ic V[n, xi, ic, t] * U[xi, oc, ic]
//   Y[n, oc, tile t] = init + A^T M[n, :, oc, t] A    then the epilogue
//
// In the blocked layout of ConvKernels.cpp: V is [n, xi, ic1, ty, tx, ic0]
// and M [n, xi, oc1, ty, tx, oc0]; the 16 products are one micro-kernel
// contraction (a 1x1 convolution per xi). The transforms are adds and
// subtracts on 16-lane vectors of channels, one tile at a time. B, G and A
// hold 0, +-1 and +-1/2 only, so the transforms round little: outputs
// differ from the direct sum by a few ulps of the largest term.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpu/KernelRewrites.h"
#include "codegen/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Lanes per transform vector: 16 vectors of 16 floats fill half the zmm
/// registers, leaving room for the partial sums.
constexpr int64_t kTransformLanes = 16;
constexpr int64_t kTilePoints = 16; // 4x4

/// U = G g G^T for every channel pair, packed as [xi, oc1, ic1, ic0, oc0]
/// (zero padded) for the micro-kernel's vector reads along oc0.
DenseElementsAttr transformFilter(const WinogradConv &conv, int64_t inBlock,
                                  MLIRContext *ctx) {
  static constexpr float G[4][3] = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
  int64_t oc1 = ceilDiv(conv.outChannels, conv.width), ic1 = ceilDiv(conv.inChannels, inBlock);
  SmallVector<int64_t> shape = {kTilePoints, oc1, ic1, inBlock, conv.width};
  std::vector<float> packed(kTilePoints * oc1 * ic1 * inBlock * conv.width, 0.0f);
  for (int64_t oc = 0; oc < conv.outChannels; ++oc)
    for (int64_t ic = 0; ic < conv.inChannels; ++ic) {
      float g[3][3], gt[4][3];
      for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 3; ++kw)
          g[kh][kw] = conv.filter(oc, ic, kh, kw);
      for (int i = 0; i < 4; ++i)
        for (int kw = 0; kw < 3; ++kw)
          gt[i][kw] = G[i][0] * g[0][kw] + G[i][1] * g[1][kw] + G[i][2] * g[2][kw];
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
          float u = gt[i][0] * G[j][0] + gt[i][1] * G[j][1] + gt[i][2] * G[j][2];
          int64_t at = (((i * 4 + j) * oc1 + oc / conv.width) * ic1 + ic / inBlock) * inBlock;
          packed[(at + ic % inBlock) * conv.width + oc % conv.width] = u;
        }
    }
  auto type = RankedTensorType::get(shape, Float32Type::get(ctx));
  return DenseElementsAttr::get(type, ArrayRef<float>(packed));
}

class TransformEmitter {
public:
  TransformEmitter(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  /// `2 * tile + offset`: the input (or output) row of point `offset` of a tile.
  Value point(Value tile, int64_t offset) {
    Value twice = arith::AddIOp::create(b, loc, tile, tile);
    return offset ? arith::AddIOp::create(b, loc, twice, index(offset)).getResult() : twice;
  }

  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }

  Value read(Value tensor, ArrayRef<Value> idx) {
    auto type = VectorType::get({kTransformLanes}, b.getF32Type());
    Value pad = arith::ConstantOp::create(b, loc, b.getF32Type(), b.getF32FloatAttr(0));
    return vector::TransferReadOp::create(b, loc, type, tensor, idx, pad, ArrayRef<bool>{true});
  }
  Value write(Value value, Value tensor, ArrayRef<Value> idx) {
    return vector::TransferWriteOp::create(b, loc, value, tensor, idx, ArrayRef<bool>{true})
        .getResult();
  }

  /// scf.for loops over [0, extents[i]) carrying `init`, `body` innermost.
  /// The outermost loop that repeats is marked parallel (every iteration
  /// writes its own tiles), unless it has few trips and a later one has
  /// many (uneven splits leave a thread idle).
  Value loopNest(ArrayRef<int64_t> extents, Value init,
                 function_ref<Value(ArrayRef<Value>, Value)> body) {
    constexpr int64_t kMinParallelTrips = 8;
    std::optional<size_t> parallel;
    for (size_t i = 0; i < extents.size(); ++i)
      if (extents[i] > 1 && (!parallel || (extents[*parallel] < kMinParallelTrips &&
                                           extents[i] >= kMinParallelTrips))) {
        if (parallel && extents[*parallel] >= kMinParallelTrips)
          break;
        parallel = i;
      }
    SmallVector<Value> ivs;
    std::function<Value(size_t, Value)> nest = [&](size_t depth, Value carried) -> Value {
      if (depth == extents.size())
        return body(ivs, carried);
      auto loop = scf::ForOp::create(b, loc, index(0), index(extents[depth]), index(1), carried);
      if (parallel && *parallel == depth)
        loop->setAttr(kParallelLoopAttr, b.getUnitAttr());
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      ivs.push_back(loop.getInductionVar());
      Value result = nest(depth + 1, loop.getRegionIterArgs()[0]);
      ivs.pop_back();
      scf::YieldOp::create(b, loc, result);
      return loop.getResult(0);
    };
    return nest(0, init);
  }

  OpBuilder &b;
  Location loc;
};

} // namespace

Value mlir::kiln::emitWinogradConv(OpBuilder &b, Location loc, const WinogradConv &conv,
                                   const ContractionKernel &direct) {
  MLIRContext *ctx = b.getContext();
  TransformEmitter t(b, loc);
  auto inType = cast<RankedTensorType>(conv.input.getType());
  int64_t batch = inType.getDimSize(0), ic1 = inType.getDimSize(1);
  int64_t inBlock = inType.getDimSize(4);
  // An odd size gets a last tile of which one row (column) is outside the
  // output: its input reads are clamped to the padded input (the value
  // only reaches the discarded outputs) and its stores are skipped.
  int64_t tileRows = ceilDiv(conv.outRows, 2), tileCols = ceilDiv(conv.outCols, 2);
  int64_t lastInRow = inType.getDimSize(2) - 1, lastInCol = inType.getDimSize(3) - 1;
  auto inputPoint = [&](Value tile, int64_t offset, int64_t tiles, int64_t last) {
    Value p = t.point(tile, offset);
    return 2 * (tiles - 1) + offset > last
               ? arith::MinSIOp::create(b, loc, p, t.index(last)).getResult()
               : p;
  };
  int64_t oc1 = ceilDiv(conv.outChannels, conv.width);
  Type f32 = b.getF32Type();

  // V = B^T d B per 4x4 input tile, with B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0;
  // 0 1 0 -1]: rows first, then columns.
  auto transformRows = [&](const std::array<Value, 4> &d) {
    return std::array<Value, 4>{t.sub(d[0], d[2]), t.add(d[1], d[2]), t.sub(d[2], d[1]),
                                t.sub(d[1], d[3])};
  };
  Value v = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{batch, kTilePoints, ic1, tileRows, tileCols, inBlock}, f32);
  v = t.loopNest({batch, ic1, tileRows, tileCols}, v, [&](ArrayRef<Value> iv, Value out) {
    for (int64_t lane = 0; lane < inBlock; lane += kTransformLanes) {
      Value laneIdx = t.index(lane);
      std::array<std::array<Value, 4>, 4> rows; // rows[i][col]
      for (int64_t col = 0; col < 4; ++col) {
        std::array<Value, 4> d;
        for (int64_t row = 0; row < 4; ++row)
          d[row] = t.read(conv.input,
                          {iv[0], iv[1], inputPoint(iv[2], row, tileRows, lastInRow),
                           inputPoint(iv[3], col, tileCols, lastInCol), laneIdx});
        std::array<Value, 4> r = transformRows(d);
        for (int64_t i = 0; i < 4; ++i)
          rows[i][col] = r[i];
      }
      for (int64_t i = 0; i < 4; ++i) {
        std::array<Value, 4> u = transformRows(rows[i]);
        for (int64_t j = 0; j < 4; ++j)
          out = t.write(u[j], out, {iv[0], t.index(i * 4 + j), iv[1], iv[2], iv[3], laneIdx});
      }
    }
    return out;
  });

  // M = V * U: loops n, xi, oc1, ty, tx, ic1 (reduction), oc0 (vector),
  // ic0 (reduction lane); like a 1x1 convolution per xi.
  enum { N, Xi, Oc1, Ty, Tx, Ic1, Oc0, Ic0, NumDims };
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  ContractionKernel kernel;
  kernel.lhs = v;
  kernel.lhsMap = AffineMap::get(NumDims, 0, {d(N), d(Xi), d(Ic1), d(Ty), d(Tx), d(Ic0)}, ctx);
  kernel.rhs = arith::ConstantOp::create(b, loc, transformFilter(conv, inBlock, ctx));
  kernel.rhsMap = AffineMap::get(NumDims, 0, {d(Xi), d(Oc1), d(Ic1), d(Ic0), d(Oc0)}, ctx);
  kernel.outMap = AffineMap::get(NumDims, 0, {d(N), d(Xi), d(Oc1), d(Ty), d(Tx), d(Oc0)}, ctx);
  kernel.init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{batch, kTilePoints, oc1, tileRows, tileCols, conv.width}, f32);
  kernel.initValue = arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
  kernel.isReduction = {false, false, false, false, false, true, false, true};
  kernel.rowDim = Tx;
  kernel.vectorDim = Oc0;
  kernel.width = conv.width;
  // 7 tile columns (ResNet's maps are 7, 14, 28 tiles wide) by two output
  // channel blocks: 28 accumulators, each V element read once for both.
  kernel.rows = std::min<int64_t>(tileCols, tileCols % 7 == 0 ? 7 : 8);
  if (oc1 % 2 == 0) {
    kernel.outerRowDim = Oc1;
    kernel.outerRows = 2;
  }
  // Input-channel blocks of the panels whose bytes fit `filterBlockBytes`
  // stay in L1 while all tiles use them; the next blocks are prefetched.
  int64_t panelBytes = inBlock * conv.width * kernel.outerRows * 4;
  int64_t blocksPerPass = std::max<int64_t>(1, conv.filterBlockBytes / panelBytes);
  kernel.loops = {{N}, {Xi}, {Oc1}};
  if (blocksPerPass < ic1) {
    kernel.loops.push_back({Ic1, blocksPerPass});
    kernel.prefetchDim = Ic1;
    kernel.prefetchDistance = blocksPerPass;
  }
  kernel.loops.append({{Ty}, {Tx}});
  kernel.reductionOrder = {Ic1, Ic0};
  SmallVector<int64_t> extents = {batch,    kTilePoints, oc1,        tileRows,
                                  tileCols, ic1,         conv.width, inBlock};
  for (int64_t e : extents)
    kernel.extents.push_back(t.index(e));
  Value m = emitContractionKernel(b, loc, kernel);

  // Y = init + A^T M A per 2x2 output tile, A^T = [1 1 1 0; 0 1 -1 -1],
  // then the epilogue; 16-lane pieces of the oc0 block.
  auto transformBack = [&](const std::array<Value, 4> &s) {
    return std::array<Value, 2>{t.add(t.add(s[0], s[1]), s[2]), t.sub(t.sub(s[1], s[2]), s[3])};
  };
  return t.loopNest(
      {batch, oc1, tileRows, tileCols}, direct.init, [&](ArrayRef<Value> iv, Value out) {
        for (int64_t lane = 0; lane < conv.width; lane += kTransformLanes) {
          Value laneIdx = t.index(lane);
          std::array<std::array<Value, 2>, 4> cols; // cols[xi row][output col]
          for (int64_t i = 0; i < 4; ++i) {
            std::array<Value, 4> s;
            for (int64_t j = 0; j < 4; ++j)
              s[j] = t.read(m, {iv[0], t.index(i * 4 + j), iv[1], iv[2], iv[3], laneIdx});
            std::array<Value, 2> r = transformBack(s);
            cols[i] = r;
          }
          for (int64_t c = 0; c < 2; ++c) {
            std::array<Value, 2> y = transformBack({cols[0][c], cols[1][c], cols[2][c], cols[3][c]});
            for (int64_t r = 0; r < 2; ++r) {
              SmallVector<Value> idx = {iv[0], iv[1], t.point(iv[2], r), t.point(iv[3], c),
                                        laneIdx};
              Value inside;
              for (auto [point, offset, size] : {std::tuple{idx[2], r, conv.outRows},
                                                 std::tuple{idx[3], c, conv.outCols}}) {
                if (offset == 0 || size % 2 == 0)
                  continue;
                Value in = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, point,
                                                 t.index(size));
                inside = inside ? arith::AndIOp::create(b, loc, inside, in).getResult() : in;
              }
              OpBuilder::InsertionGuard guard(b);
              scf::IfOp guarded;
              if (inside) {
                guarded = scf::IfOp::create(b, loc, out.getType(), inside, /*withElse=*/true);
                b.setInsertionPointToStart(guarded.elseBlock());
                scf::YieldOp::create(b, loc, out);
                b.setInsertionPointToStart(guarded.thenBlock());
              }
              Value start;
              if (direct.initValue)
                start = vector::BroadcastOp::create(
                    b, loc, VectorType::get({kTransformLanes}, f32), direct.initValue);
              else if (direct.prologue)
                start = applyElementwiseOps(b, loc, *direct.prologue, Value(), idx,
                                            kTransformLanes, true);
              else
                start = t.read(out, idx);
              Value value = t.add(start, y[r]);
              if (direct.epilogue)
                value = applyElementwiseOps(b, loc, *direct.epilogue, value, idx,
                                            kTransformLanes, true);
              out = t.write(value, out, idx);
              if (guarded) {
                scf::YieldOp::create(b, loc, out);
                out = guarded.getResult(0);
              }
            }
          }
        }
        return out;
      });
}
