// kiln's native format end to end, through the `kiln` tool: a model written
// by hand in text form compiles and runs, giving the numbers worked out by
// hand; `kiln convert` round trips compile to the same results; malformed
// models fail with one clear line.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "kiln/kiln.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

static std::string gKiln, gMlp, gCnn, gWork;

namespace {

struct CommandResult {
  int status;
  std::string output; // stdout and stderr
};

CommandResult shell(const std::string &command) {
  CommandResult result{-1, ""};
  FILE *pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string kiln(const std::string &args) { return "'" + gKiln + "' " + args; }

/// `kiln compile IN -o OUT.so`, which must succeed.
std::string compile(const std::string &model, const std::string &so) {
  CommandResult r = shell(kiln("compile '" + model + "' -o '" + gWork + "/" + so + "'"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  return gWork + "/" + so;
}

void convert(const std::string &from, const std::string &to) {
  CommandResult r = shell(kiln("convert '" + from + "' -o '" + to + "'"));
  INFO(r.output);
  REQUIRE(r.status == 0);
}

/// Runs a compiled one-input, one-output f32 model on `input`.
std::vector<float> run(const std::string &so, std::vector<float> input) {
  kiln_model *model = nullptr;
  kiln_status *st = kiln_model_open(so.c_str(), &model);
  if (st)
    FAIL(kiln_status_message(st));
  kiln_tensor_info in, out;
  REQUIRE(kiln_model_input_info(model, 0, &in) == nullptr);
  REQUIRE(kiln_model_output_info(model, 0, &out) == nullptr);
  size_t inCount = 1, outCount = 1;
  for (int i = 0; i < in.rank; ++i)
    inCount *= in.shape[i];
  for (int i = 0; i < out.rank; ++i)
    outCount *= out.shape[i];
  REQUIRE(input.size() == inCount);
  std::vector<float> result(outCount);
  kiln_tensor x{input.data(), KILN_DTYPE_F32, in.rank, in.shape, nullptr};
  kiln_tensor y{result.data(), KILN_DTYPE_F32, out.rank, out.shape, nullptr};
  st = kiln_model_run(model, &x, 1, &y, 1);
  if (st)
    FAIL(kiln_status_message(st));
  kiln_model_close(model);
  return result;
}

std::vector<float> randomInput(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> v(count);
  for (float &x : v)
    x = normal(rng);
  return v;
}

/// The MLP of tests/models/mlp.kgraph.txt, by plain arithmetic:
/// y = (relu(x W1ᵀ + b1) W2 + b2) * 0.5 for x of shape [2, 3].
std::vector<float> mlpReference(const std::vector<float> &x) {
  const float W1[4][3] = {{1, 0, -1}, {0.5f, 0.5f, 0.5f}, {-1, 2, 0}, {0, 0, 1}};
  const float b1[4] = {0, -1, 0.5f, 0};
  const float W2[4][2] = {{1, -1}, {2, 0}, {0, 1}, {-1, 1}};
  const float b2[2] = {0.25f, -0.25f};
  std::vector<float> y(4);
  for (int n = 0; n < 2; ++n) {
    float h[4];
    for (int j = 0; j < 4; ++j) {
      float s = b1[j];
      for (int k = 0; k < 3; ++k)
        s += x[n * 3 + k] * W1[j][k];
      h[j] = s > 0 ? s : 0;
    }
    for (int o = 0; o < 2; ++o) {
      float s = 0;
      for (int j = 0; j < 4; ++j)
        s += h[j] * W2[j][o];
      y[n * 2 + o] = (s + b2[o]) * 0.5f;
    }
  }
  return y;
}

void checkClose(const std::vector<float> &got, const std::vector<float> &want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i);
    CHECK(got[i] == Approx(want[i]).margin(1e-5));
  }
}

} // namespace

TEST_CASE("a hand-written text model compiles and runs") {
  std::string so = compile(gMlp, "mlp.so");
  // Worked out by hand (all values are exact in binary):
  // row 0: h = [-2, 2, 3.5, 3] -> relu [0, 2, 3.5, 3] -> [1, 6.5] + b2 = [1.25, 6.25]
  // row 1: h = [-3, -0.25, 2.5, 2] -> relu [0, 0, 2.5, 2] -> [-2, 4.5] + b2 = [-1.75, 4.25]
  std::vector<float> got = run(so, {1, 2, 3, -1, 0.5f, 2});
  CHECK(got == std::vector<float>{0.625f, 3.125f, -0.875f, 2.125f});
  for (unsigned seed = 0; seed < 5; ++seed) {
    std::vector<float> x = randomInput(6, seed);
    checkClose(run(so, x), mlpReference(x));
  }
}

TEST_CASE("kiln convert round trips compile to the same results") {
  std::string onnx = gWork + "/mlp.onnx", binary = gWork + "/mlp.kgraph",
              text = gWork + "/mlp_again.kgraph.txt";
  convert(gMlp, onnx);
  convert(onnx, binary);
  convert(binary, text);
  std::vector<float> x = randomInput(6, 42);
  std::vector<float> want = run(compile(gMlp, "mlp_text.so"), x);
  CHECK(run(compile(onnx, "mlp_onnx.so"), x) == want);
  CHECK(run(compile(binary, "mlp_binary.so"), x) == want);
  CHECK(run(compile(text, "mlp_again.so"), x) == want);
}

TEST_CASE("an ONNX CNN converted to kiln.graph computes what the ONNX model computes") {
  std::string binary = gWork + "/cnn.kgraph", text = gWork + "/cnn.kgraph.txt";
  convert(gCnn, binary);
  convert(gCnn, text);
  std::vector<float> x = randomInput(1 * 3 * 32 * 32, 7);
  std::vector<float> want = run(compile(gCnn, "cnn_onnx.so"), x);
  CHECK(run(compile(binary, "cnn_binary.so"), x) == want);
  CHECK(run(compile(text, "cnn_text.so"), x) == want);
}

TEST_CASE("malformed models fail with one clear line, from compile and convert") {
  std::ifstream in(gMlp);
  std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t at = model.find("inputs: \"h\"");
  REQUIRE(at != std::string::npos);
  model.replace(at, 11, "inputs: \"hh\"");
  std::string bad = gWork + "/bad.kgraph.txt";
  std::ofstream(bad) << model;
  // The `act` node is on line 56 of the example.
  std::string expected = bad + ":56:3: error: node 'act' (Relu): input 'hh' is not a graph "
                               "input, initializer or node output\n";

  CommandResult c = shell(kiln("compile '" + bad + "' -o '" + gWork + "/bad.so'"));
  CHECK(c.status == 1);
  CHECK(c.output == expected);
  CommandResult v = shell(kiln("convert '" + bad + "' -o '" + gWork + "/bad.onnx'"));
  CHECK(v.status == 1);
  CHECK(v.output == expected);

  CommandResult unknown = shell(kiln("convert '" + gMlp + "' -o '" + gWork + "/out.pb'"));
  CHECK(unknown.status == 1);
  CHECK_THAT(unknown.output, Catch::Contains("out.pb: error: unknown model format"));
  CommandResult same = shell(kiln("convert '" + gCnn + "' -o '" + gWork + "/x.onnx'"));
  CHECK(same.status == 1);
  CHECK_THAT(same.output, Catch::Contains("both models are ONNX"));
  CommandResult help = shell(kiln("convert --help"));
  CHECK(help.status == 0);
  CHECK_THAT(help.output, Catch::Contains("usage: kiln convert IN -o OUT"));
}

int main(int argc, char **argv) {
  // argv: KILN MLP.kgraph.txt CNN.onnx; the rest goes to Catch.
  if (argc < 4)
    return 2;
  gKiln = argv[1];
  gMlp = argv[2];
  gCnn = argv[3];
  const char *tmp = std::getenv("TEST_TMPDIR");
  gWork = tmp ? tmp : "/tmp";
  argv[3] = argv[0];
  return Catch::Session().run(argc - 3, argv + 3);
}
