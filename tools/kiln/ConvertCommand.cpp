//===- ConvertCommand.cpp - `kiln convert` --------------------------------===//
#include "tools/kiln/ConvertCommand.h"

#include "compiler/ModelConversion.h"
#include "tools/kiln/RunCommands.h"

#include "llvm/Support/raw_ostream.h"

const char *const kiln_tool::kConvertHelp =
    "usage: kiln convert IN -o OUT\n"
    "  Converts a model between ONNX and kiln's native format (docs/native-format.md);\n"
    "  the formats follow the extensions:\n"
    "    .onnx        ONNX ModelProto\n"
    "    .kgraph      kiln.graph, binary\n"
    "    .kgraph.txt  kiln.graph, protobuf text format (readable, writable by hand)\n"
    "  Directions: onnx -> kgraph | kgraph.txt, kgraph | kgraph.txt -> onnx,\n"
    "  kgraph <-> kgraph.txt. The input is checked as `kiln compile` checks it.\n"
    "  -o OUT   output path\n";

int kiln_tool::convertCommand(const std::vector<std::string> &args) {
  std::string input, output;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a == "-o" && i + 1 < args.size())
      output = args[++i];
    else if (a.compare(0, 3, "-o=") == 0)
      output = a.substr(3);
    else if (!a.empty() && a[0] == '-')
      return fail("unknown option '" + a + "' (see kiln convert --help)");
    else if (input.empty())
      input = a;
    else
      return fail("unexpected argument '" + a + "'");
  }
  if (input.empty())
    return fail("no input model given (see kiln convert --help)");
  if (output.empty())
    return fail("no output path given: use -o OUT");
  return mlir::kiln::convertModel(input, output, llvm::errs()) ? 0 : 1;
}
