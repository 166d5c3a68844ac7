// Catch2 tests of concurrent use: many threads running one shared model, and
// several models open at once.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

using kiln_test::FakeModelPath;
using kiln_test::ModelPtr;
using kiln_test::OpenModel;
using kiln_test::StatusPtr;
using kiln_test::View;

namespace {

// Runs "fake add" once with inputs derived from (thread, iteration) and
// returns whether the call succeeded and every output value is right.
bool RunAndCheckAdd(const kiln_model *m, int thread, int iteration,
                    std::string *error) {
  const std::vector<int64_t> a_shape{2, 3}, b_shape{3};
  float a[6], b[3], sum[6];
  for (int i = 0; i < 6; ++i) a[i] = static_cast<float>(thread * 1000 + i);
  for (int j = 0; j < 3; ++j) b[j] = static_cast<float>(iteration * 10 + j);
  for (float &s : sum) s = -1.0f;
  kiln_tensor inputs[] = {View(a, a_shape), View(b, b_shape)};
  kiln_tensor outputs[] = {View(sum, a_shape)};
  StatusPtr st(kiln_model_run(m, inputs, 2, outputs, 1));
  if (st) {
    *error = kiln_status_message(st.get());
    return false;
  }
  for (int i = 0; i < 6; ++i) {
    if (sum[i] != a[i] + b[i % 3]) {
      *error = "wrong value in thread " + std::to_string(thread) +
               " iteration " + std::to_string(iteration);
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("8 threads x 500 runs on one shared model", "[concurrency]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  constexpr int kThreads = 8, kRuns = 500;
  std::atomic<int> good{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRuns; ++i) {
        if (!RunAndCheckAdd(model.get(), t, i, &errors[t])) return;
        good.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (std::thread &th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(errors[t] == "");
  }
  CHECK(good.load() == kThreads * kRuns);
}

TEST_CASE("threads running and rejecting calls at once", "[concurrency]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string error;
      for (int i = 0; i < 200; ++i) {
        if (t % 2 == 0) {
          if (!RunAndCheckAdd(model.get(), t, i, &error)) wrong++;
        } else {
          StatusPtr st(kiln_model_run(model.get(), nullptr, 2, nullptr, 1));
          if (kiln_status_get_code(st.get()) != KILN_ERROR_INVALID_ARGUMENT)
            wrong++;
        }
      }
    });
  }
  for (std::thread &th : threads) th.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("two different models open at once", "[concurrency]") {
  ModelPtr add = OpenModel(FakeModelPath("model"));
  ModelPtr scale = OpenModel(FakeModelPath("dynamic_model"));
  CHECK(std::string(kiln_model_name(add.get())) == "fake add");
  CHECK(std::string(kiln_model_name(scale.get())) == "scale");

  std::string error;
  CHECK(RunAndCheckAdd(add.get(), 1, 2, &error));
  CHECK(error == "");

  std::vector<int64_t> shape{2, 4};
  std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8}, y(8, 0.0f);
  float factor = -1.0f;
  int64_t rows = 0;
  kiln_tensor inputs[] = {View(x.data(), shape), View(&factor, {})};
  kiln_tensor outputs[] = {View(y.data(), shape),
                           View(&rows, {}, KILN_DTYPE_I64)};
  KILN_REQUIRE_OK(kiln_model_run(scale.get(), inputs, 2, outputs, 2));
  CHECK(y == std::vector<float>{-1, -2, -3, -4, -5, -6, -7, -8});
  CHECK(rows == 2);

  // Each model rejects the other's tensors.
  KILN_CHECK_ERROR(kiln_model_run(add.get(), inputs, 2, outputs, 2),
                   KILN_ERROR_INVALID_ARGUMENT, "expected 2 inputs and 1 outputs");
}

TEST_CASE("the same file opened twice gives independent models",
          "[concurrency]") {
  const std::string path = FakeModelPath("model");
  ModelPtr first = OpenModel(path);
  ModelPtr second = OpenModel(path);
  CHECK(first.get() != second.get());
  first.reset();  // unloading one must not break the other
  std::string error;
  CHECK(RunAndCheckAdd(second.get(), 3, 4, &error));
  CHECK(error == "");
  // Reopen after the last close.
  second.reset();
  ModelPtr third = OpenModel(path);
  CHECK(RunAndCheckAdd(third.get(), 5, 6, &error));
}
