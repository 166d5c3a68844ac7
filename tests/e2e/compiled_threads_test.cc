// A real compiled model (parallel loops through kiln-cpu-parallelize) run
// with 1, 2 and 3 threads per run, from concurrent callers, and with the
// thread count changing between runs: every output must equal the
// single-threaded result bit for bit.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "kiln/kiln.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

static std::string gKiln, gModel, gWork;

namespace {

struct Model {
  kiln_model *model = nullptr;
  kiln_tensor_info in{}, out{};
  size_t inCount = 1, outCount = 1;
  ~Model() { kiln_model_close(model); }
};

// Compiles the model (with extra `kiln compile` flags, e.g. another batch)
// once per process and flag set, and opens it.
void open(Model &m, const std::string &flags = "", const std::string &name = "threads_model") {
  static std::vector<std::string> compiled;
  std::string so = gWork + "/" + name + ".so";
  if (std::find(compiled.begin(), compiled.end(), so) == compiled.end()) {
    std::string cmd = "'" + gKiln + "' compile '" + gModel + "' " + flags + " -o '" + so + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    compiled.push_back(so);
  }
  kiln_status *st = kiln_model_open(so.c_str(), &m.model);
  INFO(kiln_status_message(st));
  REQUIRE(st == nullptr);
  REQUIRE(kiln_model_input_info(m.model, 0, &m.in) == nullptr);
  REQUIRE(kiln_model_output_info(m.model, 0, &m.out) == nullptr);
  for (int i = 0; i < m.in.rank; ++i)
    m.inCount *= m.in.shape[i];
  for (int i = 0; i < m.out.rank; ++i)
    m.outCount *= m.out.shape[i];
}

void setThreads(Model &m, int32_t n) {
  kiln_status *st = kiln_model_set_num_threads(m.model, n);
  INFO(kiln_status_message(st));
  REQUIRE(st == nullptr);
  REQUIRE(kiln_model_num_threads(m.model) == n);
}

// Runs without Catch assertions (safe from any thread); false on error.
bool run(const Model &m, const std::vector<float> &input, std::vector<float> &result) {
  result.assign(m.outCount, 0.0f);
  kiln_tensor x{const_cast<float *>(input.data()), KILN_DTYPE_F32, m.in.rank, m.in.shape,
                nullptr};
  kiln_tensor y{result.data(), KILN_DTYPE_F32, m.out.rank, m.out.shape, nullptr};
  kiln_status *st = kiln_model_run(m.model, &x, 1, &y, 1);
  bool ok = st == nullptr;
  kiln_status_free(st);
  return ok;
}

std::vector<std::vector<float>> randomInputs(const Model &m, int count) {
  std::vector<std::vector<float>> inputs(count);
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  for (auto &input : inputs) {
    input.resize(m.inCount);
    for (float &v : input)
      v = normal(rng);
  }
  return inputs;
}

bool same(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

TEST_CASE("the compiled model has parallel loops") {
  std::string ll = gWork + "/threads_model.ll";
  std::string cmd = "'" + gKiln + "' compile '" + gModel + "' --emit=llvm -o '" + ll + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream file(ll);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CHECK(text.find("@kiln_main_parallel") != std::string::npos);
}

TEST_CASE("the compiled model records its arena and weight sizes") {
  Model m;
  open(m);
  // The model's temporaries share one arena (kiln-cpu-plan-memory); its
  // weights are at least the conv filters.
  CHECK(kiln_model_arena_bytes(m.model) > 0);
  CHECK(kiln_model_weight_bytes(m.model) > 0);
}

TEST_CASE("1, 2 and 3 threads give bit-identical outputs") {
  Model m;
  open(m);
  std::vector<std::vector<float>> inputs = randomInputs(m, 4);
  std::vector<std::vector<float>> expected(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    REQUIRE(run(m, inputs[i], expected[i]));
  REQUIRE_FALSE(same(expected[0], expected[1]));
  for (int32_t threads : {2, 3, 1, 2}) {
    setThreads(m, threads);
    for (int r = 0; r < 20; ++r) {
      std::vector<float> got;
      size_t i = r % inputs.size();
      REQUIRE(run(m, inputs[i], got));
      INFO("threads " << threads << " run " << r);
      CHECK(same(got, expected[i]));
    }
  }
}

TEST_CASE("concurrent callers, 2 threads per run, thread count changing") {
  Model m;
  open(m);
  std::vector<std::vector<float>> inputs = randomInputs(m, 3);
  std::vector<std::vector<float>> expected(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    REQUIRE(run(m, inputs[i], expected[i]));
  setThreads(m, 2);
  const int callers = 3, runs = 30;
  std::vector<int> mismatches(callers, 0), failures(callers, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < runs; ++r) {
        std::vector<float> got;
        if (!run(m, inputs[t], got))
          ++failures[t];
        else if (!same(got, expected[t]))
          ++mismatches[t];
      }
    });
  for (int i = 0; i < 10; ++i) {
    kiln_status *st = kiln_model_set_num_threads(m.model, 1 + i % 3);
    CHECK(st == nullptr);
    kiln_status_free(st);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (std::thread &th : threads)
    th.join();
  for (int t = 0; t < callers; ++t) {
    CHECK(failures[t] == 0);
    CHECK(mismatches[t] == 0);
  }
}

// Batch 5 of a CNN: kiln-cpu-split-batch compiles it for one image and the
// runtime runs the images one per call: side by side on 2 or 3 threads,
// the leftover image (5 = 2 * 2 + 1 = 3 + 2) with all threads.
TEST_CASE("a split batch matches the whole batch, image by image, for every thread count") {
  Model split, whole, one;
  open(split, "--shape input=5x3x32x32", "batch5_split");
  open(whole, "--shape input=5x3x32x32 --disable batch-split", "batch5_whole");
  open(one);
  REQUIRE(kiln_model_batch_split(split.model) == 5);
  REQUIRE(kiln_model_batch_split(whole.model) == 0);
  REQUIRE(kiln_model_batch_split(one.model) == 0);
  REQUIRE(split.inCount == 5 * one.inCount);
  std::vector<float> input = randomInputs(split, 1)[0];
  std::vector<float> expected, got;
  REQUIRE(run(whole, input, expected));
  REQUIRE(run(split, input, got));
  // The per-image code is not the whole batch's (other loop splits), so
  // the two agree to rounding, and each image's output is the one-image
  // model's for that image.
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("output " << i << ": split " << got[i] << ", whole " << expected[i]);
    CHECK(std::fabs(got[i] - expected[i]) <= 1e-5f * (1.0f + std::fabs(expected[i])));
  }
  for (size_t image = 0; image < 5; ++image) {
    std::vector<float> x(input.begin() + image * one.inCount,
                         input.begin() + (image + 1) * one.inCount),
        y;
    REQUIRE(run(one, x, y));
    INFO("image " << image);
    CHECK(std::memcmp(y.data(), got.data() + image * one.outCount,
                      one.outCount * sizeof(float)) == 0);
  }
  for (int32_t threads : {2, 3, 1}) {
    setThreads(split, threads);
    std::vector<float> again;
    REQUIRE(run(split, input, again));
    INFO("threads " << threads);
    CHECK(same(again, got));
  }
}

int main(int argc, char **argv) {
  // argv: KILN MODEL; the rest goes to Catch.
  if (argc < 3)
    return 2;
  gKiln = argv[1];
  gModel = argv[2];
  const char *tmp = std::getenv("TEST_TMPDIR");
  gWork = tmp ? tmp : "/tmp";
  argv[2] = argv[0];
  return Catch::Session().run(argc - 2, argv + 2);
}
