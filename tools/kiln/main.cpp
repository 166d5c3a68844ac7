//===- main.cpp - the kiln command-line tool ------------------------------===//
#include "compiler/Compiler.h"
#include "tools/kiln/ConvertCommand.h"
#include "tools/kiln/RunCommands.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using kiln_tool::fail;

static const char *kUsage =
    "usage: kiln <command> [options]\n"
    "\n"
    "commands:\n"
    "  compile MODEL.onnx -o OUT.so   compile a model to a shared object\n"
    "                                 (MODEL.kgraph / MODEL.kgraph.txt: kiln's native format)\n"
    "  run OUT.so                     run a compiled model once, print outputs\n"
    "  inspect OUT.so                 print signature, target, memory and version\n"
    "  bench OUT.so                   time repeated runs (median and min)\n"
    "  convert IN -o OUT              convert between .onnx, .kgraph and .kgraph.txt\n"
    "\n"
    "`kiln <command> --help` describes each command's options.\n";

static const char *kCompileHelp =
    "usage: kiln compile MODEL -o OUT [options]\n"
    "  MODEL                  .onnx, or kiln's native .kgraph / .kgraph.txt\n"
    "  -o OUT                 output path ('-' for stdout with text emits)\n"
    "  --emit=KIND            so (default), obj, mlir (kiln IR after graph passes),\n"
    "                         linalg (IR after lowering to linalg), llvm (LLVM IR)\n"
    "  -O0 | -O1 | -O2 | -O3  optimization level (default -O3)\n"
    "  --target-cpu=CPU       LLVM CPU name (default: this machine's CPU)\n"
    "  --shape NAME=D0xD1...  set the shape of input NAME; a dim written ? stays\n"
    "                         dynamic (symbolic dims of the model are dynamic\n"
    "                         unless pinned)\n"
    "  --dynamic-dim NAME:AXIS  make dim AXIS of input NAME dynamic (NAME * means\n"
    "                         every input)\n"
    "  --disable OPT,...      switch optimizations off (to measure what each\n"
    "                         gives): fusion, layout, kernels, threads,\n"
    "                         batch-split, winograd\n";

static const char *kRunHelp =
    "usage: kiln run OUT.so [options]\n"
    "  --input NAME=FILE   value of input NAME: .pb (ONNX TensorProto), .npy, or raw bytes\n"
    "  --random-inputs     fill inputs without --input with seeded random values\n"
    "  --seed N            seed for --random-inputs (default 0)\n"
    "  --output-dir DIR    write each output as DIR/<name>.npy\n"
    "  --threads N         threads for the run (default 1, 0 = one per CPU);\n"
    "                      results are the same bit for bit for every N\n";

static const char *kInspectHelp =
    "usage: kiln inspect OUT.so [--threads N]\n"
    "  prints name, compiler version, target, arena and weight bytes, thread count,\n"
    "  inputs and outputs\n";

static const char *kBenchHelp =
    "usage: kiln bench OUT.so [options]\n"
    "  --runs N      timed runs per caller (default 50)\n"
    "  --warmup N    untimed runs first (default 3)\n"
    "  --threads N   threads per run: the model's worker pool (default 1,\n"
    "                0 = one per CPU)\n"
    "  --callers N   caller threads running the model concurrently (default 1)\n"
    "  --input NAME=FILE, --seed N as for `kiln run` (other inputs are random)\n";

static bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t x = text.find('x', start);
    std::string part = text.substr(start, x == std::string::npos ? std::string::npos : x - start);
    if (part == "?") {
      shape.push_back(-1);
    } else {
      if (part.empty() || part.size() > 18 ||
          part.find_first_not_of("0123456789") != std::string::npos)
        return false;
      shape.push_back(std::stoll(part));
    }
    if (x == std::string::npos)
      break;
    start = x + 1;
  }
  return true;
}

static int compileCommand(const std::vector<std::string> &args) {
  mlir::kiln::CompileOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto takeValue = [&](const char *flag, std::string &out) {
      size_t n = std::strlen(flag);
      if (a.compare(0, n, flag) == 0 && a.size() > n && a[n] == '=') {
        out = a.substr(n + 1);
        return true;
      }
      if (a == flag && i + 1 < args.size()) {
        out = args[++i];
        return true;
      }
      return false;
    };
    std::string v;
    if (takeValue("-o", v)) {
      options.outputPath = v;
    } else if (takeValue("--emit", v)) {
      if (v == "so") options.emit = mlir::kiln::EmitKind::SharedObject;
      else if (v == "obj") options.emit = mlir::kiln::EmitKind::Object;
      else if (v == "mlir") options.emit = mlir::kiln::EmitKind::Mlir;
      else if (v == "linalg") options.emit = mlir::kiln::EmitKind::LinalgMlir;
      else if (v == "llvm") options.emit = mlir::kiln::EmitKind::LlvmIr;
      else return fail("unknown --emit kind '" + v + "' (so, obj, mlir, linalg, llvm)");
    } else if (a.size() == 3 && a.compare(0, 2, "-O") == 0 && a[2] >= '0' && a[2] <= '3') {
      options.optLevel = a[2] - '0';
    } else if (takeValue("--target-cpu", v)) {
      options.targetCpu = v;
    } else if (takeValue("--shape", v)) {
      size_t eq = v.rfind('=');
      std::vector<int64_t> shape;
      if (eq == std::string::npos || !parseShape(v.substr(eq + 1), shape))
        return fail("--shape expects NAME=D0xD1x..., got '" + v + "'");
      options.inputShapes[v.substr(0, eq)] = shape;
    } else if (takeValue("--dynamic-dim", v)) {
      size_t colon = v.rfind(':');
      std::string axis = colon == std::string::npos ? "" : v.substr(colon + 1);
      if (colon == 0 || axis.empty() || axis.size() > 4 ||
          axis.find_first_not_of("0123456789") != std::string::npos)
        return fail("--dynamic-dim expects NAME:AXIS, got '" + v + "'");
      options.dynamicDims[v.substr(0, colon)].push_back(std::stoll(axis));
    } else if (takeValue("--disable", v)) {
      mlir::kiln::CpuOptimizations &opts = options.optimizations;
      for (llvm::StringRef name : llvm::split(v, ',')) {
        bool *flag = llvm::StringSwitch<bool *>(name)
                         .Case("fusion", &opts.fusion)
                         .Case("layout", &opts.layout)
                         .Case("kernels", &opts.kernels)
                         .Case("threads", &opts.threads)
                         .Case("batch-split", &opts.batchSplit)
                         .Case("winograd", &opts.winograd)
                         .Default(nullptr);
        if (!flag)
          return fail("unknown --disable optimization '" + name.str() +
                      "' (fusion, layout, kernels, threads, batch-split, winograd)");
        *flag = false;
      }
    } else if (!a.empty() && a[0] == '-') {
      return fail("unknown option '" + a + "' (see kiln compile --help)");
    } else if (options.inputPath.empty()) {
      options.inputPath = a;
    } else {
      return fail("unexpected argument '" + a + "'");
    }
  }
  if (options.inputPath.empty())
    return fail("no input model given (see kiln compile --help)");
  if (options.outputPath.empty())
    return fail("no output path given: use -o OUT");
  return mlir::kiln::compileModel(options, llvm::errs()) ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 1 : 0;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  struct Command {
    const char *name, *help;
    int (*fn)(const std::vector<std::string> &);
  };
  const Command commands[] = {{"compile", kCompileHelp, compileCommand},
                              {"run", kRunHelp, kiln_tool::runCommand},
                              {"inspect", kInspectHelp, kiln_tool::inspectCommand},
                              {"bench", kBenchHelp, kiln_tool::benchCommand},
                              {"convert", kiln_tool::kConvertHelp, kiln_tool::convertCommand}};
  for (const Command &c : commands) {
    if (command != c.name)
      continue;
    for (const std::string &a : args) {
      if (a == "--help" || a == "-h") {
        std::fputs(c.help, stdout);
        return 0;
      }
    }
    return c.fn(args);
  }
  return fail("unknown command '" + command + "' (see kiln --help)");
}
