//===- RunCommands.cpp - `kiln run`, `inspect` and `bench` ----------------===//
#include "tools/kiln/RunCommands.h"

#include "tools/kiln/TensorFile.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <memory>
#include <thread>

namespace kiln_tool {

int fail(const std::string &message) {
  std::fprintf(stderr, "kiln: error: %s\n", message.c_str());
  return 1;
}

namespace {

struct ModelCloser {
  void operator()(kiln_model *m) const { kiln_model_close(m); }
};
using ModelPtr = std::unique_ptr<kiln_model, ModelCloser>;

/// Turns a non-null status into an error message and frees it.
bool check(kiln_status *status, std::string &error) {
  if (!status)
    return true;
  error = std::string(kiln_status_code_name(kiln_status_get_code(status))) + ": " +
          kiln_status_message(status);
  kiln_status_free(status);
  return false;
}

bool openModel(const std::string &path, ModelPtr &model, std::string &error,
               int threads = 1) {
  kiln_model *raw = nullptr;
  if (!check(kiln_model_open(path.c_str(), &raw), error))
    return false;
  model.reset(raw);
  return check(kiln_model_set_num_threads(raw, threads), error);
}

std::vector<int64_t> infoShape(const kiln_tensor_info &info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

/// Inputs from `--input NAME=FILE` or random values; outputs allocated.
bool prepareTensors(kiln_model *model, const std::map<std::string, std::string> &files,
                    bool random, uint64_t seed, std::vector<HostTensor> &inputs,
                    std::vector<HostTensor> &outputs, std::string &error) {
  size_t used = 0;
  for (size_t i = 0; i < kiln_model_num_inputs(model); ++i) {
    kiln_tensor_info info;
    if (!check(kiln_model_input_info(model, i, &info), error))
      return false;
    HostTensor t;
    auto it = files.find(info.name);
    if (it != files.end()) {
      ++used;
      if (!loadTensor(it->second, info, t, error))
        return false;
    } else if (random) {
      std::vector<int64_t> shape = infoShape(info);
      for (int64_t &d : shape)
        d = d < 0 ? 1 : d;
      t = makeTensor(info.dtype, shape);
      fillRandom(t, seed + i);
    } else {
      error = "no value for input '" + std::string(info.name) +
              "': pass --input " + info.name + "=FILE or --random-inputs";
      return false;
    }
    inputs.push_back(std::move(t));
  }
  if (used != files.size()) {
    error = "--input names an input the model does not have";
    return false;
  }
  // Dynamic output dims: the size shared by every dynamic input dim (the
  // batch, in the common case); the run reports a wrong guess.
  std::optional<int64_t> shared;
  bool ambiguous = false;
  for (size_t i = 0; i < inputs.size(); ++i) {
    kiln_tensor_info info;
    if (!check(kiln_model_input_info(model, i, &info), error))
      return false;
    for (int32_t d = 0; d < info.rank; ++d) {
      if (info.shape[d] >= 0)
        continue;
      if (shared && *shared != inputs[i].shape[d])
        ambiguous = true;
      shared = inputs[i].shape[d];
    }
  }
  for (size_t i = 0; i < kiln_model_num_outputs(model); ++i) {
    kiln_tensor_info info;
    if (!check(kiln_model_output_info(model, i, &info), error))
      return false;
    std::vector<int64_t> shape = infoShape(info);
    for (int64_t &d : shape) {
      if (d >= 0)
        continue;
      if (!shared || ambiguous) {
        error = "output '" + std::string(info.name) +
                "' has a dynamic dim that the input sizes do not determine";
        return false;
      }
      d = *shared;
    }
    outputs.push_back(makeTensor(info.dtype, shape));
  }
  return true;
}

bool runOnce(kiln_model *model, std::vector<HostTensor> &inputs,
             std::vector<HostTensor> &outputs, std::string &error) {
  std::vector<kiln_tensor> in, out;
  for (HostTensor &t : inputs)
    in.push_back(t.view());
  for (HostTensor &t : outputs)
    out.push_back(t.view());
  return check(kiln_model_run(model, in.data(), in.size(), out.data(), out.size()), error);
}

double nowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

struct CommonArgs {
  std::string model;
  std::map<std::string, std::string> inputs;
  bool random = false;
  uint64_t seed = 0;
  std::string outputDir;
  int runs = 0, threads = 1, callers = 1, warmup = 3;
};

bool parseArgs(const std::vector<std::string> &args, CommonArgs &out, std::string &error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](const std::string &flag, std::string &v) {
      if (a.rfind(flag + "=", 0) == 0) {
        v = a.substr(flag.size() + 1);
        return true;
      }
      if (a == flag && i + 1 < args.size()) {
        v = args[++i];
        return true;
      }
      return false;
    };
    std::string v;
    try {
      if (value("--input", v)) {
        size_t eq = v.find('=');
        if (eq == std::string::npos) {
          error = "--input expects NAME=FILE";
          return false;
        }
        out.inputs[v.substr(0, eq)] = v.substr(eq + 1);
      } else if (a == "--random-inputs") {
        out.random = true;
      } else if (value("--seed", v)) {
        out.seed = std::stoull(v);
      } else if (value("--output-dir", v)) {
        out.outputDir = v;
      } else if (value("--runs", v)) {
        out.runs = std::stoi(v);
      } else if (value("--threads", v)) {
        out.threads = std::stoi(v);
      } else if (value("--callers", v)) {
        out.callers = std::stoi(v);
      } else if (value("--warmup", v)) {
        out.warmup = std::stoi(v);
      } else if (!a.empty() && a[0] == '-') {
        error = "unknown option '" + a + "'";
        return false;
      } else if (out.model.empty()) {
        out.model = a;
      } else {
        error = "unexpected argument '" + a + "'";
        return false;
      }
    } catch (const std::exception &) {
      error = "invalid number in '" + a + "'";
      return false;
    }
  }
  if (out.model.empty()) {
    error = "no compiled model (.so) given";
    return false;
  }
  if (out.threads < 0 || out.threads > KILN_MAX_THREADS || out.callers < 1 || out.runs < 0 ||
      out.warmup < 0) {
    error = "--threads must be 0 (one per CPU) to " + std::to_string(KILN_MAX_THREADS) +
            ", --callers >= 1, --runs and --warmup >= 0";
    return false;
  }
  return true;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int runCommand(const std::vector<std::string> &args) {
  CommonArgs opts;
  std::string error;
  ModelPtr model;
  std::vector<HostTensor> inputs, outputs;
  if (!parseArgs(args, opts, error) || !openModel(opts.model, model, error, opts.threads) ||
      !prepareTensors(model.get(), opts.inputs, opts.random, opts.seed, inputs, outputs, error))
    return fail(error);
  if (!opts.outputDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opts.outputDir, ec);
    if (ec)
      return fail("cannot create '" + opts.outputDir + "': " + ec.message());
  }
  double start = nowMs();
  if (!runOnce(model.get(), inputs, outputs, error))
    return fail(error);
  double elapsed = nowMs() - start;
  for (size_t i = 0; i < outputs.size(); ++i) {
    kiln_tensor_info info;
    if (!check(kiln_model_output_info(model.get(), i, &info), error))
      return fail(error);
    const HostTensor &t = outputs[i];
    std::printf("output %s %s %s:", info.name, kiln_dtype_name(t.dtype), formatShape(t.shape).c_str());
    int64_t shown = std::min<int64_t>(t.numElements(), 8);
    for (int64_t k = 0; k < shown; ++k)
      std::printf(" %.6g", elementAsDouble(t, k));
    std::printf("%s\n", t.numElements() > shown ? " ..." : "");
    if (!opts.outputDir.empty()) {
      // Output names may hold any character; keep file names portable.
      std::string file = info.name;
      for (char &c : file)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
          c = '_';
      std::string path = opts.outputDir + "/" + file + ".npy";
      if (!saveTensor(path, t, info.name, error))
        return fail(error);
    }
  }
  std::printf("latency %.3f ms (first run, includes page-in)\n", elapsed);
  return 0;
}

int inspectCommand(const std::vector<std::string> &args) {
  CommonArgs opts;
  std::string error;
  ModelPtr model;
  if (!parseArgs(args, opts, error) || !openModel(opts.model, model, error, opts.threads))
    return fail(error);
  std::printf("model    %s\n", kiln_model_name(model.get()));
  std::printf("compiler kiln %s\n", kiln_model_compiler_version(model.get()));
  std::printf("target   %s\n", kiln_model_target(model.get()));
  auto printBytes = [](const char *what, int64_t bytes) {
    if (bytes < 0)
      std::printf("%-8s unknown\n", what);
    else
      std::printf("%-8s %lld bytes (%.2f MiB)\n", what, static_cast<long long>(bytes),
                  bytes / 1048576.0);
  };
  printBytes("arena", kiln_model_arena_bytes(model.get()));
  printBytes("weights", kiln_model_weight_bytes(model.get()));
  if (int64_t images = kiln_model_batch_split(model.get()))
    std::printf("batch    split: %lld images, one call per image (one arena per "
                "image in flight)\n",
                static_cast<long long>(images));
  std::printf("threads  %d per run (set with --threads N, 0 = one per CPU)\n",
              kiln_model_num_threads(model.get()));
  auto print = [&](const char *role, size_t n, auto getInfo) {
    for (size_t i = 0; i < n; ++i) {
      kiln_tensor_info info;
      if (!check(getInfo(model.get(), i, &info), error))
        return false;
      std::vector<int64_t> shape = infoShape(info);
      std::string dims = "[";
      for (size_t k = 0; k < shape.size(); ++k)
        dims += (k ? ", " : "") + (shape[k] < 0 ? std::string("?") : std::to_string(shape[k]));
      std::printf("%-8s %zu '%s' %s %s]\n", role, i, info.name, kiln_dtype_name(info.dtype),
                  dims.c_str());
    }
    return true;
  };
  if (!print("input", kiln_model_num_inputs(model.get()), kiln_model_input_info) ||
      !print("output", kiln_model_num_outputs(model.get()), kiln_model_output_info))
    return fail(error);
  return 0;
}

int benchCommand(const std::vector<std::string> &args) {
  CommonArgs opts;
  opts.random = true;
  std::string error;
  ModelPtr model;
  if (!parseArgs(args, opts, error) || !openModel(opts.model, model, error, opts.threads))
    return fail(error);
  int runs = opts.runs > 0 ? opts.runs : 50;
  // Each caller thread runs the shared model on its own tensors; each run
  // uses the model's --threads.
  std::vector<std::vector<double>> times(opts.callers);
  std::vector<std::string> errors(opts.callers);
  auto worker = [&](int t) {
    std::vector<HostTensor> inputs, outputs;
    if (!prepareTensors(model.get(), opts.inputs, true, opts.seed, inputs, outputs, errors[t]))
      return;
    for (int i = 0; i < opts.warmup; ++i)
      if (!runOnce(model.get(), inputs, outputs, errors[t]))
        return;
    for (int i = 0; i < runs; ++i) {
      double start = nowMs();
      if (!runOnce(model.get(), inputs, outputs, errors[t]))
        return;
      times[t].push_back(nowMs() - start);
    }
  };
  double wallStart = nowMs();
  std::vector<std::thread> callers;
  for (int t = 0; t < opts.callers; ++t)
    callers.emplace_back(worker, t);
  for (std::thread &th : callers)
    th.join();
  double wall = nowMs() - wallStart;
  std::vector<double> all;
  for (int t = 0; t < opts.callers; ++t) {
    if (!errors[t].empty())
      return fail(errors[t]);
    all.insert(all.end(), times[t].begin(), times[t].end());
  }
  std::printf("runs %d x %d caller(s), %d thread(s) per run\nmedian %.3f ms\nmin %.3f ms\n"
              "throughput %.1f runs/s\n",
              runs, opts.callers, kiln_model_num_threads(model.get()), median(all),
              *std::min_element(all.begin(), all.end()), all.size() / (wall / 1000.0));
  return 0;
}

} // namespace kiln_tool
