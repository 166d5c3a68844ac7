// Catch2 tests of kiln's C runtime: versions, dtypes, statuses, model
// metadata and accessors. Running: run_test.cc; load errors:
// load_errors_test.cc; threads: concurrency_test.cc.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_util.h"

using kiln_test::FakeModelPath;
using kiln_test::ModelPtr;
using kiln_test::OpenModel;
using kiln_test::Shape;

TEST_CASE("abi version matches the header", "[api]") {
  CHECK(kiln_abi_version() == KILN_ABI_VERSION);
  CHECK(KILN_ABI_VERSION == 3);
  CHECK(KILN_MODEL_ABI_VERSION == 4);
  CHECK(KILN_MIN_MODEL_ABI_VERSION == 2);
}

TEST_CASE("dtype sizes and names", "[api]") {
  struct Case {
    kiln_dtype dtype;
    size_t size;
    const char *name;
  };
  const Case cases[] = {
      {KILN_DTYPE_F32, 4, "f32"},  {KILN_DTYPE_F64, 8, "f64"},
      {KILN_DTYPE_F16, 2, "f16"},  {KILN_DTYPE_BF16, 2, "bf16"},
      {KILN_DTYPE_I8, 1, "i8"},    {KILN_DTYPE_I16, 2, "i16"},
      {KILN_DTYPE_I32, 4, "i32"},  {KILN_DTYPE_I64, 8, "i64"},
      {KILN_DTYPE_U8, 1, "u8"},    {KILN_DTYPE_U16, 2, "u16"},
      {KILN_DTYPE_U32, 4, "u32"},  {KILN_DTYPE_U64, 8, "u64"},
      {KILN_DTYPE_BOOL, 1, "bool"},
  };
  for (const Case &c : cases) {
    INFO("dtype " << static_cast<int>(c.dtype));
    CHECK(kiln_dtype_size(c.dtype) == c.size);
    CHECK(std::string(kiln_dtype_name(c.dtype)) == c.name);
  }
  for (int bad : {0, -1, 14, 1000}) {
    CHECK(kiln_dtype_size(static_cast<kiln_dtype>(bad)) == 0);
    CHECK(std::string(kiln_dtype_name(static_cast<kiln_dtype>(bad))) ==
          "invalid");
  }
}

TEST_CASE("status helpers accept NULL", "[status]") {
  CHECK(kiln_status_get_code(nullptr) == KILN_OK);
  CHECK(std::string(kiln_status_message(nullptr)) == "ok");
  kiln_status_free(nullptr);  // must not crash
}

TEST_CASE("status code names", "[status]") {
  CHECK(std::string(kiln_status_code_name(KILN_OK)) == "OK");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_INVALID_ARGUMENT)) ==
        "INVALID_ARGUMENT");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_NOT_FOUND)) ==
        "NOT_FOUND");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_LOAD_FAILED)) ==
        "LOAD_FAILED");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_ABI_MISMATCH)) ==
        "ABI_MISMATCH");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_DTYPE_MISMATCH)) ==
        "DTYPE_MISMATCH");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_SHAPE_MISMATCH)) ==
        "SHAPE_MISMATCH");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_OUT_OF_MEMORY)) ==
        "OUT_OF_MEMORY");
  CHECK(std::string(kiln_status_code_name(KILN_ERROR_INTERNAL)) ==
        "INTERNAL");
  CHECK(std::string(kiln_status_code_name(static_cast<kiln_status_code>(99))) ==
        "UNKNOWN");
}

TEST_CASE("an error status has a code and a message", "[status]") {
  kiln_status *st = kiln_model_run(nullptr, nullptr, 0, nullptr, 0);
  REQUIRE(st != nullptr);
  CHECK(kiln_status_get_code(st) == KILN_ERROR_INVALID_ARGUMENT);
  CHECK_THAT(kiln_status_message(st), Catch::Contains("model is NULL"));
  kiln_status_free(st);
}

TEST_CASE("fake model metadata", "[model]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  const kiln_model *m = model.get();

  CHECK(std::string(kiln_model_name(m)) == "fake add");  // fake%20add
  CHECK(std::string(kiln_model_target(m)) ==
        "x86_64-unknown-linux-gnu skylake-avx512");
  CHECK(std::string(kiln_model_compiler_version(m)) == "0.1.0-test");
  CHECK(kiln_model_arena_bytes(m) == 4096);
  CHECK(kiln_model_weight_bytes(m) == 48);
  REQUIRE(kiln_model_num_inputs(m) == 2);
  REQUIRE(kiln_model_num_outputs(m) == 1);

  kiln_tensor_info info;
  KILN_REQUIRE_OK(kiln_model_input_info(m, 0, &info));
  CHECK(std::string(info.name) == "a");
  CHECK(info.dtype == KILN_DTYPE_F32);
  CHECK(info.rank == 2);
  CHECK(Shape(info) == std::vector<int64_t>{2, 3});

  KILN_REQUIRE_OK(kiln_model_input_info(m, 1, &info));
  CHECK(std::string(info.name) == "b in");  // b%20in
  CHECK(info.dtype == KILN_DTYPE_F32);
  CHECK(info.rank == 1);
  CHECK(Shape(info) == std::vector<int64_t>{3});

  KILN_REQUIRE_OK(kiln_model_output_info(m, 0, &info));
  CHECK(std::string(info.name) == "sum");
  CHECK(info.dtype == KILN_DTYPE_F32);
  CHECK(Shape(info) == std::vector<int64_t>{2, 3});
}

TEST_CASE("dynamic model metadata: '?' dims and rank 0", "[model]") {
  ModelPtr model = OpenModel(FakeModelPath("dynamic_model"));
  const kiln_model *m = model.get();
  CHECK(std::string(kiln_model_name(m)) == "scale");
  CHECK(std::string(kiln_model_target(m)) == "generic");
  REQUIRE(kiln_model_num_inputs(m) == 2);
  REQUIRE(kiln_model_num_outputs(m) == 2);

  kiln_tensor_info info;
  KILN_REQUIRE_OK(kiln_model_input_info(m, 0, &info));
  CHECK(std::string(info.name) == "x");
  CHECK(Shape(info) == std::vector<int64_t>{-1, 4});
  KILN_REQUIRE_OK(kiln_model_input_info(m, 1, &info));
  CHECK(std::string(info.name) == "factor");
  CHECK(info.rank == 0);
  CHECK(info.shape == nullptr);
  KILN_REQUIRE_OK(kiln_model_output_info(m, 0, &info));
  CHECK(std::string(info.name) == "y");
  CHECK(Shape(info) == std::vector<int64_t>{-1, 4});
  KILN_REQUIRE_OK(kiln_model_output_info(m, 1, &info));
  CHECK(std::string(info.name) == "rows");
  CHECK(info.dtype == KILN_DTYPE_I64);
  CHECK(info.rank == 0);
}

TEST_CASE("minimal metadata: no name, target or version, no inputs",
          "[model]") {
  ModelPtr model = OpenModel(FakeModelPath("minimal"));
  CHECK(std::string(kiln_model_name(model.get())) == "");
  CHECK(std::string(kiln_model_target(model.get())) == "");
  CHECK(std::string(kiln_model_compiler_version(model.get())) == "");
  CHECK(kiln_model_arena_bytes(model.get()) == -1);  // not recorded
  CHECK(kiln_model_weight_bytes(model.get()) == -1);
  CHECK(kiln_model_arena_bytes(nullptr) == -1);
  CHECK(kiln_model_num_inputs(model.get()) == 0);
  REQUIRE(kiln_model_num_outputs(model.get()) == 1);
  kiln_tensor_info info;
  KILN_REQUIRE_OK(kiln_model_output_info(model.get(), 0, &info));
  CHECK(std::string(info.name) == "b");
  CHECK(info.dtype == KILN_DTYPE_U8);
  CHECK(Shape(info) == std::vector<int64_t>{4});
}

TEST_CASE("info and accessors reject bad arguments", "[model][errors]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  kiln_tensor_info info;

  KILN_CHECK_ERROR(kiln_model_input_info(nullptr, 0, &info),
                   KILN_ERROR_INVALID_ARGUMENT, "model is NULL");
  KILN_CHECK_ERROR(kiln_model_output_info(nullptr, 0, &info),
                   KILN_ERROR_INVALID_ARGUMENT, "model is NULL");
  KILN_CHECK_ERROR(kiln_model_input_info(model.get(), 0, nullptr),
                   KILN_ERROR_INVALID_ARGUMENT, "out_info is NULL");
  KILN_CHECK_ERROR(kiln_model_input_info(model.get(), 2, &info),
                   KILN_ERROR_INVALID_ARGUMENT, "index 2 is out of range",
                   "2 inputs");
  KILN_CHECK_ERROR(kiln_model_output_info(model.get(), 1, &info),
                   KILN_ERROR_INVALID_ARGUMENT, "index 1 is out of range",
                   "1 outputs");
  KILN_CHECK_ERROR(kiln_model_output_info(model.get(), SIZE_MAX, &info),
                   KILN_ERROR_INVALID_ARGUMENT, "out of range");

  CHECK(kiln_model_num_inputs(nullptr) == 0);
  CHECK(kiln_model_num_outputs(nullptr) == 0);
  CHECK(kiln_model_name(nullptr) == nullptr);
  CHECK(kiln_model_target(nullptr) == nullptr);
  CHECK(kiln_model_compiler_version(nullptr) == nullptr);
  kiln_model_close(nullptr);  // must not crash
}
