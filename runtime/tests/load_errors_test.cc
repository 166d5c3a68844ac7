// Catch2 tests of kiln_model_open failures: bad arguments, missing and
// non-library files, and fake models with a bad ABI or malformed metadata.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "test_util.h"

using kiln_test::FakeModelPath;

namespace {

// Opens `path`, which must fail with `code` and a message containing
// `parts`; also checks that *out_model is reset to NULL.
void CheckOpenFails(const std::string &path, kiln_status_code code,
                    std::initializer_list<std::string> parts) {
  INFO("opening " << path);
  kiln_model *model = reinterpret_cast<kiln_model *>(0x1);  // must be reset
  kiln_status *st = kiln_model_open(path.c_str(), &model);
  CHECK(model == nullptr);
  kiln_test::CheckError(st, code, parts);
}

void CheckVariantFails(const std::string &variant, kiln_status_code code,
                       std::initializer_list<std::string> parts) {
  INFO("variant " << variant);
  CheckOpenFails(FakeModelPath(variant), code, parts);
}

}  // namespace

TEST_CASE("open rejects NULL and empty arguments", "[load][errors]") {
  kiln_model *model = nullptr;
  KILN_CHECK_ERROR(kiln_model_open(nullptr, &model),
                   KILN_ERROR_INVALID_ARGUMENT, "path is NULL");
  CHECK(model == nullptr);
  std::string path = FakeModelPath("model");
  KILN_CHECK_ERROR(kiln_model_open(path.c_str(), nullptr),
                   KILN_ERROR_INVALID_ARGUMENT, "out_model is NULL");
  KILN_CHECK_ERROR(kiln_model_open("", &model), KILN_ERROR_INVALID_ARGUMENT,
                   "path is empty");
}

TEST_CASE("open of a missing file is NOT_FOUND", "[load][errors]") {
  CheckOpenFails("/nonexistent/dir/model.so", KILN_ERROR_NOT_FOUND,
                 {"/nonexistent/dir/model.so"});
  // No '/': looked up in the current directory only, never on the library
  // search path.
  CheckOpenFails("no_such_model.so", KILN_ERROR_NOT_FOUND,
                 {"no_such_model.so"});
  CheckOpenFails("libc.so.6", KILN_ERROR_NOT_FOUND, {"libc.so.6"});
}

TEST_CASE("open of a file that is not a library is LOAD_FAILED",
          "[load][errors]") {
  const char *tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/kiln_not_a_model.so";
  std::FILE *f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fputs("this is not an ELF file\n", f);
  std::fclose(f);
  // The message carries dlerror()'s text, which names the file.
  CheckOpenFails(path, KILN_ERROR_LOAD_FAILED,
                 {"cannot be loaded", "kiln_not_a_model.so:"});
  std::remove(path.c_str());

  CheckOpenFails(tmp ? tmp : "/tmp", KILN_ERROR_LOAD_FAILED,
                 {"cannot be loaded"});
}

TEST_CASE("open of a model with another ABI version is ABI_MISMATCH",
          "[load][errors]") {
  CheckVariantFails("bad_abi", KILN_ERROR_ABI_MISMATCH,
                    {"model ABI version 99", "supports model ABI versions 2 to 4"});
  CheckVariantFails("not_kiln", KILN_ERROR_ABI_MISMATCH,
                    {"line 1 is 'hello world'", "expected 'kiln-model 4'",
                     "supports model ABI versions 2 to 4"});
  CheckVariantFails("empty", KILN_ERROR_ABI_MISMATCH,
                    {"line 1 is ''", "expected 'kiln-model 4'"});
}

TEST_CASE("open of a model with malformed metadata is LOAD_FAILED",
          "[load][errors]") {
  const kiln_status_code kFailed = KILN_ERROR_LOAD_FAILED;
  CheckVariantFails("split_old_abi", kFailed,
                    {"line 2", "'batch-split' needs model ABI 4 or later"});
  CheckVariantFails("split_mismatch", kFailed,
                    {"batch-split 3", "input 'a' does not have the batch as its first dimension"});
  CheckVariantFails("bad_dtype", kFailed,
                    {"invalid metadata at line 3", "unknown dtype 'f31'"});
  CheckVariantFails("bad_dim", kFailed,
                    {"line 3", "invalid dim 1 'x'", "'?'"});
  CheckVariantFails("negative_dim", kFailed,
                    {"line 3", "output has invalid dim 0 '-4'"});
  CheckVariantFails("huge_dim", kFailed,
                    {"line 3", "invalid dim 0 '99999999999999999999'"});
  CheckVariantFails("bad_rank", kFailed,
                    {"line 3", "invalid rank '99'", "0 to 32"});
  CheckVariantFails("too_few_dims", kFailed,
                    {"line 3", "rank 3 has only 2 dims"});
  CheckVariantFails("too_many_dims", kFailed,
                    {"line 3", "rank 1 has more than 1 dims", "extra '4'"});
  CheckVariantFails("incomplete", kFailed,
                    {"line 3", "'output' line is incomplete"});
  CheckVariantFails("bad_escape", kFailed,
                    {"line 3", "name 'a%2'", "bad percent escape"});
  CheckVariantFails("duplicate_name", kFailed,
                    {"line 4", "duplicate 'name' line"});
  CheckVariantFails("no_output", kFailed, {"no 'output' line"});
  CheckVariantFails("no_nul", kFailed,
                    {"kiln_model_metadata", "no terminating NUL",
                     "12 bytes"});
}

TEST_CASE("open of a library without the model symbols is LOAD_FAILED",
          "[load][errors]") {
  CheckVariantFails("no_metadata", KILN_ERROR_LOAD_FAILED,
                    {"symbol 'kiln_model_metadata' not found"});
  CheckVariantFails("no_entry", KILN_ERROR_LOAD_FAILED,
                    {"symbol 'kiln_model_entry' not found"});
}

TEST_CASE("a failed open leaves other models usable", "[load]") {
  kiln_test::ModelPtr good = kiln_test::OpenModel(FakeModelPath("model"));
  CheckVariantFails("bad_dtype", KILN_ERROR_LOAD_FAILED, {"f31"});
  CHECK(kiln_model_num_inputs(good.get()) == 2);
}
