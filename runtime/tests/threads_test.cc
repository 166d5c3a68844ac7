// Catch2 tests of the per-model worker threads: the thread-count API, a
// fake model with parallel loops (fake_parallel_model.c) run many times
// with several thread counts, from concurrent callers, with nested loops,
// and while another thread changes the count.
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

constexpr int kN = 4096;

struct ParallelResult {
  bool ok = false;
  std::string error;
  int64_t stats[4] = {0, 0, 0, 0};
};

// Runs the fake parallel model once in `mode` and checks y = 2x + 1 and
// that every iteration ran exactly once.
ParallelResult RunParallel(const kiln_model *m, int mode, int seed) {
  ParallelResult r;
  std::vector<float> x(kN), y(kN, -1.0f);
  for (int i = 0; i < kN; ++i) x[i] = static_cast<float>((seed * 31 + i) % 1000);
  int32_t mode_value = mode;
  const std::vector<int64_t> vec{kN}, one{1}, four{4};
  kiln_tensor inputs[] = {View(x.data(), vec),
                          View(&mode_value, one, KILN_DTYPE_I32)};
  kiln_tensor outputs[] = {View(y.data(), vec),
                           View(r.stats, four, KILN_DTYPE_I64)};
  StatusPtr st(kiln_model_run(m, inputs, 2, outputs, 2));
  if (st) {
    r.error = kiln_status_message(st.get());
    return r;
  }
  for (int i = 0; i < kN; ++i) {
    if (y[i] != 2.0f * x[i] + 1.0f) {
      r.error = "wrong y[" + std::to_string(i) + "]";
      return r;
    }
  }
  if (r.stats[2] != 1) {
    r.error = "an iteration ran twice, never, or out of range";
    return r;
  }
  r.ok = true;
  return r;
}

void SetThreads(kiln_model *m, int32_t n) {
  KILN_REQUIRE_OK(kiln_model_set_num_threads(m, n));
  REQUIRE(kiln_model_num_threads(m) == n);
}

}  // namespace

TEST_CASE("thread count: default, set, read back", "[threads]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  CHECK(kiln_model_num_threads(model.get()) == 1);
  SetThreads(model.get(), 3);
  SetThreads(model.get(), 3);  // unchanged: no-op
  SetThreads(model.get(), 1);
  KILN_REQUIRE_OK(kiln_model_set_num_threads(model.get(), 0));
  int32_t cpus = kiln_model_num_threads(model.get());
  CHECK(cpus >= 1);
  CHECK(cpus <= KILN_MAX_THREADS);
  CHECK(kiln_model_num_threads(nullptr) == 0);
}

TEST_CASE("thread count: bad arguments are INVALID_ARGUMENT", "[threads][errors]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  SetThreads(model.get(), 2);
  KILN_CHECK_ERROR(kiln_model_set_num_threads(nullptr, 2),
                   KILN_ERROR_INVALID_ARGUMENT, "model is NULL");
  KILN_CHECK_ERROR(kiln_model_set_num_threads(model.get(), -1),
                   KILN_ERROR_INVALID_ARGUMENT, "num_threads is -1");
  KILN_CHECK_ERROR(kiln_model_set_num_threads(model.get(), KILN_MAX_THREADS + 1),
                   KILN_ERROR_INVALID_ARGUMENT,
                   "num_threads is " + std::to_string(KILN_MAX_THREADS + 1));
  // A failed call leaves the setting alone.
  CHECK(kiln_model_num_threads(model.get()) == 2);
  CHECK(RunParallel(model.get(), 0, 1).ok);
}

TEST_CASE("parallel loops give the same results for 1 to 8 threads",
          "[threads]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  for (int32_t threads : {1, 2, 3, 4, 8}) {
    SetThreads(model.get(), threads);
    for (int run = 0; run < 200; ++run) {
      ParallelResult r = RunParallel(model.get(), run % 3 == 2 ? 2 : 0, run);
      INFO("threads " << threads << " run " << run << ": " << r.error);
      REQUIRE(r.ok);
      CHECK(r.stats[0] >= 1);
      CHECK(r.stats[0] <= threads);
      if (threads == 1) CHECK(r.stats[1] == (run % 3 == 2 ? 64 : 1));
    }
  }
}

TEST_CASE("two threads really run at once", "[threads]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  SetThreads(model.get(), 2);
  ParallelResult r = RunParallel(model.get(), 1, 0);
  INFO(r.error);
  REQUIRE(r.ok);
  CHECK(r.stats[3] == 1);
}

TEST_CASE("nested parallel loops complete", "[threads]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  SetThreads(model.get(), 3);
  for (int run = 0; run < 100; ++run) {
    ParallelResult r = RunParallel(model.get(), 2, run);
    INFO("run " << run << ": " << r.error);
    REQUIRE(r.ok);
  }
}

TEST_CASE("concurrent callers share one model's workers", "[threads][concurrency]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  for (int32_t threads : {2, 3}) {
    SetThreads(model.get(), threads);
    constexpr int kCallers = 4, kRuns = 150;
    std::atomic<int> good{0};
    std::vector<std::string> errors(kCallers);
    std::vector<std::thread> callers;
    for (int t = 0; t < kCallers; ++t) {
      callers.emplace_back([&, t] {
        for (int i = 0; i < kRuns; ++i) {
          ParallelResult r = RunParallel(model.get(), i % 2 ? 2 : 0, t * 1000 + i);
          if (!r.ok) {
            errors[t] = r.error;
            return;
          }
          good.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    for (std::thread &th : callers) th.join();
    for (int t = 0; t < kCallers; ++t) {
      INFO("threads " << threads << " caller " << t);
      CHECK(errors[t] == "");
    }
    CHECK(good.load() == kCallers * kRuns);
  }
}

TEST_CASE("changing the thread count while runs are in flight", "[threads][concurrency]") {
  ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
  std::atomic<bool> stop{false};
  std::atomic<int> good{0};
  constexpr int kCallers = 3;
  std::vector<std::string> errors(kCallers);
  std::vector<std::thread> callers;
  for (int t = 0; t < kCallers; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; !stop.load() || i < 20; ++i) {
        ParallelResult r = RunParallel(model.get(), i % 2 ? 2 : 0, i);
        if (!r.ok) {
          errors[t] = r.error;
          return;
        }
        good.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::vector<std::string> set_errors;
  for (int i = 0; i < 60; ++i) {
    StatusPtr st(kiln_model_set_num_threads(model.get(), 1 + i % 4));
    if (st) set_errors.push_back(kiln_status_message(st.get()));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (std::thread &th : callers) th.join();
  CHECK(set_errors.empty());
  for (int t = 0; t < kCallers; ++t) {
    INFO("caller " << t);
    CHECK(errors[t] == "");
  }
  CHECK(good.load() >= kCallers * 20);
}

TEST_CASE("open, start workers, run, close: repeatedly", "[threads]") {
  for (int i = 0; i < 40; ++i) {
    ModelPtr model = OpenModel(FakeModelPath("parallel_model"));
    SetThreads(model.get(), 1 + i % 4);
    if (i % 2) REQUIRE(RunParallel(model.get(), 0, i).ok);
  }
}

TEST_CASE("a model without parallel loops (model ABI 2) accepts a thread count",
          "[threads]") {
  ModelPtr model = OpenModel(FakeModelPath("model"));
  SetThreads(model.get(), 4);
  const std::vector<int64_t> a_shape{2, 3}, b_shape{3};
  float a[6] = {1, 2, 3, 4, 5, 6}, b[3] = {10, 20, 30}, sum[6];
  kiln_tensor inputs[] = {View(a, a_shape), View(b, b_shape)};
  kiln_tensor outputs[] = {View(sum, a_shape)};
  KILN_REQUIRE_OK(kiln_model_run(model.get(), inputs, 2, outputs, 1));
  for (int i = 0; i < 6; ++i) CHECK(sum[i] == a[i] + b[i % 3]);
}
