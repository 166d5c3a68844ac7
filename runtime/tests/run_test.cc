// Catch2 tests of kiln_model_run: results, layouts, and every bad call.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "test_util.h"

using kiln_test::FakeModelPath;
using kiln_test::ModelPtr;
using kiln_test::OpenModel;
using kiln_test::View;

namespace {

// Inputs and outputs of the fake model "fake add": sum = a + broadcast(b).
struct AddCall {
  std::vector<int64_t> a_shape{2, 3}, b_shape{3}, sum_shape{2, 3};
  std::vector<float> a{1, 2, 3, 4, 5, 6}, b{10, 20, 30}, sum =
      std::vector<float>(6, -1.0f);
  kiln_tensor inputs[2];
  kiln_tensor outputs[1];

  AddCall() {
    inputs[0] = View(a.data(), a_shape);
    inputs[1] = View(b.data(), b_shape);
    outputs[0] = View(sum.data(), sum_shape);
  }
  kiln_status *Run(const kiln_model *m) {
    return kiln_model_run(m, inputs, 2, outputs, 1);
  }
  bool SumUntouched() const { return sum == std::vector<float>(6, -1.0f); }
};

}  // namespace

TEST_CASE("run computes a + broadcast(b)", "[run]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  AddCall call;
  KILN_REQUIRE_OK(call.Run(model.get()));
  CHECK(call.sum == std::vector<float>{11, 22, 33, 14, 25, 36});

  // Again with other values: nothing is cached between runs.
  call.a = {0.5f, -1, 0, 100, 200, 300};
  call.b = {1, 2, 3};
  call.inputs[0].data = call.a.data();
  call.inputs[1].data = call.b.data();
  KILN_REQUIRE_OK(call.Run(model.get()));
  CHECK(call.sum == std::vector<float>{1.5f, 1, 3, 101, 202, 303});
}

TEST_CASE("run accepts explicit compact strides", "[run]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  AddCall call;
  const int64_t a_strides[] = {3, 1}, b_strides[] = {1}, sum_strides[] = {3, 1};
  call.inputs[0].strides = a_strides;
  call.inputs[1].strides = b_strides;
  call.outputs[0].strides = sum_strides;
  KILN_REQUIRE_OK(call.Run(model.get()));
  CHECK(call.sum == std::vector<float>{11, 22, 33, 14, 25, 36});
}

TEST_CASE("run handles dynamic dims and rank-0 tensors", "[run]") {
  ModelPtr model = OpenModel(FakeModelPath("dynamic_model"));
  for (int64_t rows : {1, 3, 7}) {
    INFO("rows " << rows);
    std::vector<int64_t> shape{rows, 4};
    std::vector<float> x(static_cast<size_t>(rows * 4)), y(x.size(), 0.0f);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
    float factor = 2.5f;
    int64_t counted = -1;
    kiln_tensor inputs[] = {View(x.data(), shape), View(&factor, {})};
    kiln_tensor outputs[] = {View(y.data(), shape),
                             View(&counted, {}, KILN_DTYPE_I64)};
    KILN_REQUIRE_OK(kiln_model_run(model.get(), inputs, 2, outputs, 2));
    CHECK(counted == rows);
    for (size_t i = 0; i < x.size(); ++i) CHECK(y[i] == x[i] * 2.5f);
  }
}

TEST_CASE("run accepts NULL data for tensors with zero elements", "[run]") {
  ModelPtr model = OpenModel(FakeModelPath("dynamic_model"));
  std::vector<int64_t> shape{0, 4};
  float factor = 1.0f;
  int64_t counted = -1;
  kiln_tensor inputs[] = {View(nullptr, shape), View(&factor, {})};
  kiln_tensor outputs[] = {View(nullptr, shape),
                           View(&counted, {}, KILN_DTYPE_I64)};
  KILN_REQUIRE_OK(kiln_model_run(model.get(), inputs, 2, outputs, 2));
  CHECK(counted == 0);
}

TEST_CASE("run of a model without inputs", "[run]") {
  ModelPtr model = OpenModel(FakeModelPath("minimal"));
  std::vector<int64_t> shape{4};
  std::vector<uint8_t> b(4, 0);
  kiln_tensor outputs[] = {View(b.data(), shape, KILN_DTYPE_U8)};
  KILN_REQUIRE_OK(kiln_model_run(model.get(), nullptr, 0, outputs, 1));
  CHECK(b == std::vector<uint8_t>{7, 7, 7, 7});
}

TEST_CASE("run rejects bad calls before running the model", "[run][errors]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  const kiln_model *m = model.get();
  AddCall call;

  SECTION("null model") {
    KILN_CHECK_ERROR(kiln_model_run(nullptr, call.inputs, 2, call.outputs, 1),
                     KILN_ERROR_INVALID_ARGUMENT, "model is NULL");
  }
  SECTION("wrong input count") {
    KILN_CHECK_ERROR(kiln_model_run(m, call.inputs, 1, call.outputs, 1),
                     KILN_ERROR_INVALID_ARGUMENT, "expected 2 inputs",
                     "got 1 inputs");
  }
  SECTION("wrong output count") {
    KILN_CHECK_ERROR(kiln_model_run(m, call.inputs, 2, call.outputs, 0),
                     KILN_ERROR_INVALID_ARGUMENT, "1 outputs", "0 outputs");
  }
  SECTION("null input array") {
    KILN_CHECK_ERROR(kiln_model_run(m, nullptr, 2, call.outputs, 1),
                     KILN_ERROR_INVALID_ARGUMENT, "inputs array is NULL");
  }
  SECTION("null output array") {
    KILN_CHECK_ERROR(kiln_model_run(m, call.inputs, 2, nullptr, 1),
                     KILN_ERROR_INVALID_ARGUMENT, "outputs array is NULL");
  }
  SECTION("wrong input dtype") {
    call.inputs[1].dtype = KILN_DTYPE_I32;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_DTYPE_MISMATCH,
                     "input 1 'b in': expected dtype f32, got i32");
  }
  SECTION("invalid dtype value") {
    call.outputs[0].dtype = static_cast<kiln_dtype>(77);
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_DTYPE_MISMATCH,
                     "output 0 'sum'", "got invalid dtype 77");
  }
  SECTION("wrong rank") {
    std::vector<int64_t> shape{2, 3, 1};
    call.inputs[0] = View(call.a.data(), shape);
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_SHAPE_MISMATCH,
                     "input 0 'a': expected rank 2 (shape [2,3]), got rank 3");
  }
  SECTION("wrong input dim") {
    std::vector<int64_t> shape{4};
    call.inputs[1] = View(call.a.data(), shape);
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_SHAPE_MISMATCH,
                     "input 1 'b in': expected shape [3], got [4]");
  }
  SECTION("wrong output dim") {
    std::vector<int64_t> shape{3, 2};
    call.outputs[0] = View(call.sum.data(), shape);
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_SHAPE_MISMATCH,
                     "output 0 'sum': expected shape [2,3], got [3,2]");
  }
  SECTION("negative dim") {
    std::vector<int64_t> shape{2, -3};
    call.inputs[0] = View(call.a.data(), shape);
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_SHAPE_MISMATCH,
                     "input 0 'a': expected shape [2,3], got [2,-3]");
  }
  SECTION("null shape with nonzero rank") {
    call.inputs[0].shape = nullptr;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_INVALID_ARGUMENT,
                     "input 0 'a': shape is NULL");
  }
  SECTION("null input data") {
    call.inputs[1].data = nullptr;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_INVALID_ARGUMENT,
                     "input 1 'b in': data is NULL", "3 elements");
  }
  SECTION("null output data") {
    call.outputs[0].data = nullptr;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_INVALID_ARGUMENT,
                     "output 0 'sum': data is NULL");
  }
  SECTION("non-compact strides") {
    const int64_t transposed[] = {1, 2};
    call.inputs[0].strides = transposed;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_INVALID_ARGUMENT,
                     "input 0 'a'", "compact row-major",
                     "expected strides [3,1]", "got [1,2]");
  }
  SECTION("padded row strides") {
    const int64_t padded[] = {4, 1};
    call.outputs[0].strides = padded;
    KILN_CHECK_ERROR(call.Run(m), KILN_ERROR_INVALID_ARGUMENT,
                     "output 0 'sum'", "got [4,1]");
  }
  // Nothing may have been written by a rejected call.
  CHECK(call.SumUntouched());
}

TEST_CASE("run checks dynamic dims and huge shapes", "[run][errors]") {
  ModelPtr model = OpenModel(FakeModelPath("dynamic_model"));
  float x[8] = {0}, y[8] = {0}, factor = 1.0f;
  int64_t counted = 0;
  std::vector<int64_t> good{2, 4};

  SECTION("static dim next to a dynamic one") {
    std::vector<int64_t> bad{2, 5};
    kiln_tensor inputs[] = {View(x, bad), View(&factor, {})};
    kiln_tensor outputs[] = {View(y, good), View(&counted, {}, KILN_DTYPE_I64)};
    KILN_CHECK_ERROR(kiln_model_run(model.get(), inputs, 2, outputs, 2),
                     KILN_ERROR_SHAPE_MISMATCH,
                     "input 0 'x': expected shape [?,4], got [2,5]");
  }
  SECTION("negative size for a dynamic dim") {
    std::vector<int64_t> bad{-1, 4};
    kiln_tensor inputs[] = {View(x, good), View(&factor, {})};
    kiln_tensor outputs[] = {View(y, bad), View(&counted, {}, KILN_DTYPE_I64)};
    KILN_CHECK_ERROR(kiln_model_run(model.get(), inputs, 2, outputs, 2),
                     KILN_ERROR_SHAPE_MISMATCH,
                     "output 0 'y': expected shape [?,4], got [-1,4]");
  }
  SECTION("element count overflows") {
    std::vector<int64_t> huge{INT64_MAX / 2, 4};
    kiln_tensor inputs[] = {View(x, huge), View(&factor, {})};
    kiln_tensor outputs[] = {View(y, good), View(&counted, {}, KILN_DTYPE_I64)};
    KILN_CHECK_ERROR(kiln_model_run(model.get(), inputs, 2, outputs, 2),
                     KILN_ERROR_INVALID_ARGUMENT, "input 0 'x'", "too large");
  }
  SECTION("rank-0 tensor given a rank") {
    std::vector<int64_t> one{1};
    kiln_tensor inputs[] = {View(x, good), View(&factor, one)};
    kiln_tensor outputs[] = {View(y, good), View(&counted, {}, KILN_DTYPE_I64)};
    KILN_CHECK_ERROR(kiln_model_run(model.get(), inputs, 2, outputs, 2),
                     KILN_ERROR_SHAPE_MISMATCH,
                     "input 1 'factor': expected rank 0 (shape []), got rank 1");
  }
  CHECK(counted == 0);
}

TEST_CASE("a split batch runs the entry once per image", "[run][batch]") {
  ModelPtr model = OpenModel(FakeModelPath("batch_model"));
  const std::vector<int64_t> shape{6, 3};
  kiln_tensor_info info;
  KILN_REQUIRE_OK(kiln_model_input_info(model.get(), 0, &info));
  REQUIRE(info.rank == 2);
  CHECK(info.shape[0] == 6);
  CHECK(kiln_model_batch_split(model.get()) == 6);
  CHECK(kiln_model_batch_split(nullptr) == 0);
  CHECK(kiln_model_batch_split(OpenModel(FakeModelPath("model")).get()) == 0);
  // 1 thread: images one after another; 4 threads: 4 images side by side,
  // then the 2 left over one after another with the pool.
  for (int32_t threads : {1, 4, 6}) {
    KILN_REQUIRE_OK(kiln_model_set_num_threads(model.get(), threads));
    std::vector<float> x(18), y(18, -1.0f);
    for (int i = 0; i < 18; ++i) x[i] = static_cast<float>(i);
    kiln_tensor in = View(x.data(), shape), out = View(y.data(), shape);
    KILN_REQUIRE_OK(kiln_model_run(model.get(), &in, 1, &out, 1));
    for (int i = 0; i < 18; ++i) {
      INFO("threads " << threads << ", element " << i);
      CHECK(y[i] == 2.0f * static_cast<float>(i) + 1.0f);
    }
  }
}

TEST_CASE("a split batch still checks the whole batch's shape", "[run][batch]") {
  ModelPtr model = OpenModel(FakeModelPath("batch_model"));
  std::vector<float> x(3), y(3);
  const std::vector<int64_t> one_image{1, 3};
  kiln_tensor in = View(x.data(), one_image), out = View(y.data(), one_image);
  KILN_CHECK_ERROR(kiln_model_run(model.get(), &in, 1, &out, 1),
                   KILN_ERROR_SHAPE_MISMATCH, "expected shape [6,3]", "got [1,3]");
}
