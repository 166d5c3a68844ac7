//===- shape_utils_test.cpp - broadcasting and window arithmetic ----------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "dialects/kiln/ShapeUtils.h"
#include "mlir/IR/BuiltinTypeInterfaces.h"

using namespace mlir::kiln;
using V = llvm::SmallVector<int64_t>;
static constexpr int64_t kDyn = mlir::ShapedType::kDynamic;

TEST_CASE("broadcastShapes follows NumPy rules") {
  CHECK(*broadcastShapes({2, 3}, {3}) == V{2, 3});
  CHECK(*broadcastShapes({4, 1, 5}, {3, 1}) == V{4, 3, 5});
  CHECK(*broadcastShapes({}, {2, 2}) == V{2, 2});
  CHECK(*broadcastShapes({1}, {1}) == V{1});
  CHECK_FALSE(broadcastShapes({2, 3}, {4}).has_value());
  CHECK_FALSE(broadcastShapes({2}, {3}).has_value());
}

TEST_CASE("broadcastShapes keeps dynamic dimensions") {
  CHECK(*broadcastShapes({kDyn, 3}, {1, 3}) == V{kDyn, 3});
  CHECK(*broadcastShapes({kDyn, 3}, {5, 3}) == V{5, 3});
  CHECK(*broadcastShapes({1}, {kDyn}) == V{kDyn});
}

TEST_CASE("windowOutputSize with padding, dilation and ceil mode") {
  CHECK(windowOutputSize(224, 7, 2, 1, 3, 3, false) == 112);
  CHECK(windowOutputSize(5, 3, 1, 1, 0, 0, false) == 3);
  CHECK(windowOutputSize(5, 3, 1, 2, 0, 0, false) == 1);  // span 5
  CHECK(windowOutputSize(5, 2, 2, 1, 0, 0, false) == 2);
  CHECK(windowOutputSize(5, 2, 2, 1, 0, 0, true) == 3);
  // ceil mode never starts a window in the right padding
  CHECK(windowOutputSize(4, 2, 2, 1, 0, 1, true) == 2);
  CHECK(windowOutputSize(2, 3, 1, 1, 0, 0, false) == 0);
  CHECK(windowOutputSize(kDyn, 3, 1, 1, 1, 1, false) == kDyn);
}

TEST_CASE("samePads splits odd padding like ONNX") {
  // total padding 1 for in=4, k=2, s=1: SAME_UPPER puts it at the end.
  CHECK(samePads({4}, {2}, {1}, {1}, "same_upper") == V{0, 1});
  CHECK(samePads({4}, {2}, {1}, {1}, "same_lower") == V{1, 0});
  CHECK(samePads({5, 5}, {3, 3}, {2, 2}, {1, 1}, "same_upper") == V{1, 1, 1, 1});
  CHECK(samePads({6}, {1}, {2}, {1}, "same_upper") == V{0, 0});
}

TEST_CASE("pad modes and row-major strides") {
  CHECK(isValidPadMode("explicit"));
  CHECK(isValidPadMode("same_lower"));
  CHECK_FALSE(isValidPadMode("SAME_UPPER"));
  CHECK(rowMajorStrides({2, 3, 4}) == V{12, 4, 1});
  CHECK(rowMajorStrides({}) == V{});
}

TEST_CASE("sliceBounds follows ONNX Slice clamping") {
  int64_t first;
  CHECK(sliceBounds(0, 3, 1, 20, first) == 3);
  CHECK(first == 0);
  // Negative start/end count from the end; out-of-range ends clamp.
  CHECK(sliceBounds(-3, INT64_MAX, 1, 10, first) == 3);
  CHECK(first == 7);
  CHECK(sliceBounds(1, 1000, 2, 10, first) == 5);
  // Negative steps walk back from a start clamped to dim - 1.
  CHECK(sliceBounds(20, 0, -1, 10, first) == 9);
  CHECK(first == 9);
  CHECK(sliceBounds(-1, INT64_MIN, -3, 10, first) == 4);
  CHECK(first == 9);
  // Empty slices.
  CHECK(sliceBounds(1000, 1000, 1, 10, first) == 0);
  CHECK(sliceBounds(2, 5, -1, 10, first) == 0);
}
