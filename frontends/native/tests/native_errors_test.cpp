//===- native_errors_test.cpp - malformed kiln.graph models ---------------===//
//
// Every malformed model yields a clear error that names the file (with
// line:col for the text form) and the node, and nothing crashes.
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "frontends/native/NativeFormat.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace mlir::kiln::native_frontend;

namespace {

// Line numbers matter: tests below point at them.
const char *kValid = R"(format_version: 1
opset_version: 17
graph {
  inputs { name: "x" dtype: FLOAT32 shape { dims { size: 2 } dims { size: 3 } } }
  initializers { name: "w" dtype: FLOAT32 dims: [3, 2] float_data: [1, 2, 3, 4, 5, 6] }
  nodes { name: "fc" op_type: "MatMul" inputs: ["x", "w"] outputs: "h" }
  nodes { name: "act" op_type: "Relu" inputs: "h" outputs: "y" }
  outputs { name: "y" }
}
)";

/// `kValid` with the first occurrence of `from` replaced by `to`.
std::string edit(const std::string &from, const std::string &to,
                 std::string text = kValid) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// Parses and validates `text` as "bad.kgraph.txt"; all problems, one a line.
std::string check(const std::string &text) {
  kgraph::Model model;
  Problems problems;
  SourceMap sourceMap;
  bool ok = parseModelText(text, "bad.kgraph.txt", model, problems, &sourceMap) &&
            validateModel(model, "bad.kgraph.txt", problems, &sourceMap);
  CHECK(ok == problems.empty());
  std::string out;
  for (const Problem &p : problems)
    out += p.str() + "\n";
  return out;
}

/// Validates a model given as a message (the binary form's view).
std::string checkBinary(const kgraph::Model &model) {
  Problems problems;
  validateModel(model, "bad.kgraph", problems);
  std::string out;
  for (const Problem &p : problems)
    out += p.str() + "\n";
  return out;
}

kgraph::Model parsed(const std::string &text) {
  kgraph::Model model;
  Problems problems;
  REQUIRE(parseModelText(text, "t", model, problems));
  return model;
}

} // namespace

TEST_CASE("the base model is valid") { CHECK(check(kValid).empty()); }

TEST_CASE("versions and required top-level fields") {
  CHECK_THAT(check(edit("format_version: 1\n", "")),
             Catch::Contains("bad.kgraph.txt: error: missing format_version"));
  CHECK_THAT(check(edit("format_version: 1", "format_version: 2")),
             Catch::Contains("format_version 2 is newer than this kiln supports (1)"));
  CHECK_THAT(check(edit("opset_version: 17\n", "")),
             Catch::Contains("missing opset_version"));
  CHECK_THAT(check("format_version: 1\nopset_version: 17\n"),
             Catch::Contains("bad.kgraph.txt: error: missing graph"));
  std::string empty = check("");
  CHECK_THAT(empty, Catch::Contains("missing format_version"));
  CHECK_THAT(empty, Catch::Contains("missing graph"));
  CHECK_THAT(check(edit("  outputs { name: \"y\" }\n", "")),
             Catch::Contains("graph has no outputs"));
}

TEST_CASE("text syntax errors carry file:line:col") {
  CHECK_THAT(check(edit("op_type: \"Relu\"", "op_type \"Relu\"")),
             Catch::Contains("bad.kgraph.txt:7:"));
  // protobuf reports it at the next token; kiln points at the name itself.
  CHECK_THAT(check(edit("dtype: FLOAT32 shape", "dtype: FLOAT33 shape")),
             Catch::Contains("bad.kgraph.txt:4:29: error: text form: Unknown enumeration "
                             "value of \"FLOAT33\" for field \"dtype\""));
  CHECK_THAT(check(edit("dtype: FLOAT32 shape", "dtype: FLOAT33\n  shape")),
             Catch::Contains("bad.kgraph.txt:4:29: error: text form: Unknown enumeration"));
  CHECK_THAT(check(edit("name: \"act\"", "name: \"act\" colour: \"red\"")),
             Catch::Contains("bad.kgraph.txt:7:"));
  CHECK_THAT(check(edit("outputs { name: \"y\" }", "outputs { name: \"y\" ")),
             Catch::Contains("bad.kgraph.txt"));
  // Two members of a oneof.
  CHECK_THAT(check(edit("dims { size: 2 }", "dims { size: 2 symbol: \"n\" }")),
             Catch::Contains("bad.kgraph.txt:4:"));
}

TEST_CASE("values: names, dtypes and dims") {
  CHECK_THAT(check(edit("inputs { name: \"x\" ", "inputs { ")),
             Catch::Contains("bad.kgraph.txt:4:3: error: graph input #0 has no name"));
  CHECK_THAT(check(edit("dtype: FLOAT32 shape", "shape")),
             Catch::Contains("bad.kgraph.txt:4:3: error: graph input 'x' has no dtype"));
  CHECK_THAT(check(edit(" shape { dims { size: 2 } dims { size: 3 } }", "")),
             Catch::Contains("graph input 'x' has no shape"));
  CHECK_THAT(check(edit("dims { size: 3 }", "dims { }")),
             Catch::Contains("dim 1 of graph input 'x' has neither a size nor a symbol"));
  CHECK_THAT(check(edit("dims { size: 3 }", "dims { size: -3 }")),
             Catch::Contains("dim 1 of graph input 'x' has negative size -3"));
  CHECK_THAT(check(edit("dims { size: 3 }", "dims { symbol: \"\" }")),
             Catch::Contains("dim 1 of graph input 'x' has an empty symbol"));
  CHECK(check(edit("dims { size: 2 }", "dims { symbol: \"batch\" }")).empty());

  kgraph::Model model = parsed(kValid);
  model.mutable_graph()->mutable_inputs(0)->set_dtype(static_cast<kgraph::DataType>(99));
  CHECK_THAT(checkBinary(model),
             Catch::Contains("bad.kgraph: error: graph input 'x' has unknown dtype 99"));
  model = parsed(kValid);
  model.mutable_graph()->mutable_initializers(0)->set_dtype(static_cast<kgraph::DataType>(42));
  CHECK_THAT(checkBinary(model), Catch::Contains("initializer 'w' has unknown dtype 42"));
}

TEST_CASE("initializers: payload against dtype and shape") {
  CHECK_THAT(check(edit("float_data: [1, 2, 3, 4, 5, 6]", "float_data: [1, 2, 3]")),
             Catch::Contains("bad.kgraph.txt:5:3: error: initializer 'w' float_data holds 3 "
                             "values but dims [3, 2] need 6"));
  CHECK_THAT(check(edit("float_data: [1, 2, 3, 4, 5, 6]", "int_data: [1, 2, 3, 4, 5, 6]")),
             Catch::Contains("initializer 'w' int_data cannot hold a FLOAT32 tensor; use "
                             "float_data"));
  CHECK_THAT(check(edit("dtype: FLOAT32 dims: [3, 2] float_data",
                        "dtype: INT64 dims: [3, 2] float_data")),
             Catch::Contains("initializer 'w' float_data cannot hold a INT64 tensor; use "
                             "int_data"));
  CHECK_THAT(check(edit("float_data: [1, 2, 3, 4, 5, 6]", "")),
             Catch::Contains("initializer 'w' has no data: expected 6 elements of FLOAT32"));
  CHECK_THAT(check(edit("float_data: [1, 2, 3, 4, 5, 6]",
                        "float_data: [1, 2, 3, 4, 5, 6] raw_data: \"abcd\"")),
             Catch::Contains("initializer 'w' has more than one payload (float_data, raw_data)"));
  CHECK_THAT(check(edit("float_data: [1, 2, 3, 4, 5, 6]", "raw_data: \"abcd\"")),
             Catch::Contains("initializer 'w' raw_data holds 4 bytes but 6 elements of "
                             "FLOAT32 for dims [3, 2] need 24"));
  CHECK_THAT(check(edit("dims: [3, 2]", "dims: [3, -2]")),
             Catch::Contains("initializer 'w' has a negative dimension"));
  CHECK_THAT(check(edit("dtype: FLOAT32 dims: [3, 2] float_data: [1, 2, 3, 4, 5, 6]",
                        "dtype: UINT8 dims: [2] int_data: [7, 300]")),
             Catch::Contains("int_data value 300 (element 1) is out of range for UINT8"));
  CHECK_THAT(check(edit("dtype: FLOAT32 dims: [3, 2] float_data: [1, 2, 3, 4, 5, 6]",
                        "dtype: BOOL dims: [1] int_data: [2]")),
             Catch::Contains("out of range for BOOL"));
  CHECK_THAT(check(edit("dtype: FLOAT32 dims: [3, 2]", "dims: [3, 2]")),
             Catch::Contains("initializer 'w' has no dtype"));
  CHECK_THAT(check(edit("name: \"w\" ", "")),
             Catch::Contains("initializer #0 has no name"));
  CHECK_THAT(check(edit("dims: [3, 2]", "dims: [1048576, 1048576, 1048576]")),
             Catch::Contains("has too many elements"));
}

TEST_CASE("nodes: required fields and attributes") {
  CHECK_THAT(check(edit("op_type: \"Relu\" ", "")),
             Catch::Contains("bad.kgraph.txt:7:3: error: node 'act' (no op_type) has no "
                             "op_type"));
  CHECK_THAT(check(edit("inputs: \"h\" outputs: \"y\"", "inputs: \"h\"")),
             Catch::Contains("node 'act' (Relu) has no outputs"));
  CHECK_THAT(check(edit("outputs: \"y\" }", "outputs: \"y\" attributes { name: \"alpha\" } }")),
             Catch::Contains("bad.kgraph.txt:7:3: error: node 'act' (Relu): attribute 'alpha' "
                             "has no value"));
  CHECK_THAT(check(edit("outputs: \"y\" }",
                        "outputs: \"y\" attributes { name: \"a\" i: 1 } attributes { name: "
                        "\"a\" i: 2 } }")),
             Catch::Contains("node 'act' (Relu): attribute 'a' is given twice"));
  CHECK_THAT(check(edit("outputs: \"y\" }", "outputs: \"y\" attributes { i: 1 } }")),
             Catch::Contains("node 'act' (Relu): an attribute has no name"));
  CHECK_THAT(check(edit("outputs: \"y\" }",
                        "outputs: \"y\" attributes { name: \"value\" t { dtype: INT32 "
                        "dims: [2] int_data: [1] } } }")),
             Catch::Contains("node 'act' (Relu): attribute 'value' tensor int_data holds 1 "
                             "values but dims [2] need 2"));
  // Unnamed nodes are named by their place in the file.
  CHECK_THAT(check(edit("name: \"act\" op_type: \"Relu\" inputs: \"h\"",
                        "op_type: \"Relu\" inputs: \"nope\"")),
             Catch::Contains("node #1 (Relu): input 'nope' is not a graph input"));
}

TEST_CASE("graph wiring: duplicate and dangling names") {
  CHECK_THAT(check(edit("inputs: \"h\" outputs: \"y\"", "inputs: \"h\" outputs: \"h\"")),
             Catch::Contains("bad.kgraph.txt:7:3: error: value 'h' is defined twice: by node "
                             "'fc' (MatMul) and by node 'act' (Relu)"));
  CHECK_THAT(check(edit("outputs: \"h\"", "outputs: \"x\"")),
             Catch::Contains("value 'x' is defined twice: by graph input 'x' and by node "
                             "'fc' (MatMul)"));
  CHECK_THAT(check(edit("name: \"w\"", "name: \"x\"")),
             Catch::Contains("value 'x' is defined twice: by graph input 'x' and by "
                             "initializer 'x'"));
  CHECK_THAT(check(edit("inputs: [\"x\", \"w\"]", "inputs: [\"x\", \"W\"]")),
             Catch::Contains("bad.kgraph.txt:6:3: error: node 'fc' (MatMul): input 'W' is "
                             "not a graph input, initializer or node output"));
  CHECK_THAT(check(edit("outputs { name: \"y\" }", "outputs { name: \"why\" }")),
             Catch::Contains("bad.kgraph.txt:8:3: error: graph output 'why' is never produced"));
  CHECK_THAT(check(edit("outputs { name: \"y\" }",
                        "outputs { name: \"y\" } outputs { name: \"y\" }")),
             Catch::Contains("graph output 'y' is listed twice"));
  CHECK_THAT(check(edit("outputs { name: \"y\" }", "outputs { }")),
             Catch::Contains("graph output #0 has no name"));
}

TEST_CASE("cycles are reported with their nodes in order") {
  // fc consumes act's output and act consumes fc's.
  CHECK_THAT(check(edit("inputs: [\"x\", \"w\"]", "inputs: [\"y\", \"w\"]")),
             Catch::Contains("bad.kgraph.txt:6:3: error: nodes form a cycle: node 'fc' "
                             "(MatMul) -> node 'act' (Relu) -> node 'fc' (MatMul)"));
  CHECK_THAT(check(edit("inputs: \"h\" outputs: \"y\"", "inputs: \"y\" outputs: \"y\"")),
             Catch::Contains("nodes form a cycle: node 'act' (Relu) -> node 'act' (Relu)"));
  // A cycle behind a valid node is found too.
  std::string three = edit("  outputs { name: \"y\" }",
                           "  nodes { name: \"c\" op_type: \"Neg\" inputs: \"b\" outputs: \"a\" }\n"
                           "  nodes { name: \"b\" op_type: \"Neg\" inputs: \"a\" outputs: \"b\" }\n"
                           "  outputs { name: \"y\" }");
  CHECK_THAT(check(three), Catch::Contains("nodes form a cycle: node 'c' (Neg) -> node 'b' "
                                           "(Neg) -> node 'c' (Neg)"));
}

TEST_CASE("nodes in any order are sorted topologically") {
  std::string reversed =
      edit("  nodes { name: \"fc\" op_type: \"MatMul\" inputs: [\"x\", \"w\"] outputs: \"h\" }\n"
           "  nodes { name: \"act\" op_type: \"Relu\" inputs: \"h\" outputs: \"y\" }\n",
           "  nodes { name: \"act\" op_type: \"Relu\" inputs: \"h\" outputs: \"y\" }\n"
           "  nodes { name: \"fc\" op_type: \"MatMul\" inputs: [\"x\", \"w\"] outputs: \"h\" }\n");
  kgraph::Model model = parsed(reversed);
  Problems problems;
  std::vector<int> order;
  REQUIRE(validateModel(model, "t", problems, nullptr, &order));
  CHECK(order == std::vector<int>{1, 0});
}

TEST_CASE("metadata keys are present and unique") {
  std::string text = "metadata { key: \"a\" value: \"1\" }\n"
                     "metadata { key: \"a\" value: \"2\" }\n"
                     "metadata { value: \"3\" }\n" +
                     std::string(kValid);
  std::string out = check(text);
  CHECK_THAT(out, Catch::Contains("bad.kgraph.txt:2:1: error: metadata key 'a' appears twice"));
  CHECK_THAT(out, Catch::Contains("bad.kgraph.txt:3:1: error: metadata entry #2 has no key"));
}

TEST_CASE("unreadable files are errors, not crashes") {
  const char *base = std::getenv("TEST_TMPDIR");
  std::string dir = base ? base : "/tmp";
  kgraph::Model model;
  Problems problems;
  CHECK_FALSE(readModel(dir + "/does-not-exist.kgraph", model, problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].str(), Catch::Contains("does-not-exist.kgraph: error: cannot read "
                                                "model: No such file or directory"));

  std::string garbage = dir + "/garbage.kgraph";
  std::ofstream(garbage, std::ios::binary) << std::string("\xff\xff\xff\xff\x0f not a proto", 17);
  problems.clear();
  CHECK_FALSE(readModel(garbage, model, problems));
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].str(), Catch::Contains("garbage.kgraph: error: not a valid binary "
                                                "kiln.graph Model"));

  // A text model given the binary extension is refused with a hint.
  std::string misnamed = dir + "/misnamed.kgraph";
  std::ofstream(misnamed) << kValid;
  problems.clear();
  model.Clear();
  if (!readModel(misnamed, model, problems))
    CHECK_THAT(problems[0].message, Catch::Contains("*.kgraph.txt"));
  else
    CHECK_FALSE(validateModel(model, misnamed, problems));
}

TEST_CASE("many problems are capped, not flooded") {
  std::string text = "format_version: 1\nopset_version: 17\ngraph {\n";
  for (int i = 0; i < 100; ++i)
    text += "  nodes { op_type: \"Relu\" inputs: \"missing\" outputs: \"o" +
            std::to_string(i) + "\" }\n";
  text += "  outputs { name: \"o0\" }\n}\n";
  kgraph::Model model;
  Problems problems;
  REQUIRE(parseModelText(text, "many.kgraph.txt", model, problems));
  CHECK_FALSE(validateModel(model, "many.kgraph.txt", problems));
  CHECK(problems.size() == 20);
}
