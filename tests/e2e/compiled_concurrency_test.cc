// Many threads run one compiled model at once: every output must equal the
// single-threaded result bit for bit (generated code keeps no mutable state).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "kiln/kiln.h"

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

static std::string gKiln, gModel, gWork;

namespace {
struct Model {
  kiln_model *model = nullptr;
  ~Model() { kiln_model_close(model); }
};

std::vector<float> run(kiln_model *model, std::vector<float> &input,
                       const kiln_tensor_info &in, const kiln_tensor_info &out) {
  size_t count = 1;
  for (int i = 0; i < out.rank; ++i)
    count *= out.shape[i];
  std::vector<float> result(count);
  kiln_tensor x{input.data(), KILN_DTYPE_F32, in.rank, in.shape, nullptr};
  kiln_tensor y{result.data(), KILN_DTYPE_F32, out.rank, out.shape, nullptr};
  kiln_status *st = kiln_model_run(model, &x, 1, &y, 1);
  if (st) {
    FAIL(kiln_status_message(st));
  }
  return result;
}
} // namespace

TEST_CASE("a compiled CNN gives identical results from 4 threads at once") {
  std::string so = gWork + "/small_cnn.so";
  std::string cmd = "'" + gKiln + "' compile '" + gModel + "' -o '" + so + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  Model m;
  kiln_status *st = kiln_model_open(so.c_str(), &m.model);
  REQUIRE(st == nullptr);
  kiln_tensor_info in, out;
  REQUIRE(kiln_model_input_info(m.model, 0, &in) == nullptr);
  REQUIRE(kiln_model_output_info(m.model, 0, &out) == nullptr);
  size_t inCount = 1;
  for (int i = 0; i < in.rank; ++i)
    inCount *= in.shape[i];

  // Per-thread inputs and their single-threaded reference outputs.
  const int threads = 4, runs = 50;
  std::vector<std::vector<float>> inputs(threads), expected(threads);
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  for (int t = 0; t < threads; ++t) {
    inputs[t].resize(inCount);
    for (float &v : inputs[t])
      v = normal(rng);
    expected[t] = run(m.model, inputs[t], in, out);
  }
  REQUIRE(expected[0] != expected[1]);

  std::vector<int> mismatches(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int r = 0; r < runs; ++r) {
        std::vector<float> input = inputs[t];
        std::vector<float> got = run(m.model, input, in, out);
        if (std::memcmp(got.data(), expected[t].data(), got.size() * sizeof(float)) != 0)
          ++mismatches[t];
      }
    });
  for (std::thread &th : pool)
    th.join();
  for (int t = 0; t < threads; ++t)
    CHECK(mismatches[t] == 0);
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
