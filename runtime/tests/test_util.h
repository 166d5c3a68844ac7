// Helpers shared by the Catch2 tests of kiln's C runtime.
#ifndef KILN_RUNTIME_TESTS_TEST_UTIL_H_
#define KILN_RUNTIME_TESTS_TEST_UTIL_H_

#include <kiln/kiln.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace kiln_test {

struct StatusDeleter {
  void operator()(kiln_status *s) const { kiln_status_free(s); }
};
using StatusPtr = std::unique_ptr<kiln_status, StatusDeleter>;

struct ModelDeleter {
  void operator()(kiln_model *m) const { kiln_model_close(m); }
};
using ModelPtr = std::unique_ptr<kiln_model, ModelDeleter>;

// Runfiles path of a fake model, from the KILN_TEST_<NAME> variable that
// runtime/tests/BUILD sets (name "model" -> KILN_TEST_MODEL).
inline std::string FakeModelPath(const std::string &name) {
  std::string var = "KILN_TEST_";
  for (char c : name) var += static_cast<char>(std::toupper(c));
  const char *path = std::getenv(var.c_str());
  INFO("environment variable " << var << " (set by runtime/tests/BUILD)");
  REQUIRE(path != nullptr);
  return path;
}

// Opens a model that must load.
inline ModelPtr OpenModel(const std::string &path) {
  kiln_model *raw = nullptr;
  StatusPtr st(kiln_model_open(path.c_str(), &raw));
  INFO("kiln_model_open(" << path << "): " << kiln_status_message(st.get()));
  REQUIRE(st == nullptr);
  REQUIRE(raw != nullptr);
  return ModelPtr(raw);
}

// Takes ownership of `raw`, which must be an error with `code` whose message
// contains every string of `parts`.
inline void CheckError(kiln_status *raw, kiln_status_code code,
                       std::initializer_list<std::string> parts) {
  StatusPtr st(raw);
  REQUIRE(st != nullptr);
  std::string message = kiln_status_message(st.get());
  INFO("message: " << message);
  CHECK(std::string(kiln_status_code_name(kiln_status_get_code(st.get()))) ==
        kiln_status_code_name(code));
  for (const std::string &part : parts)
    CHECK_THAT(message, Catch::Contains(part));
}

#define KILN_CHECK_ERROR(expr, code, ...)                            \
  do {                                                               \
    INFO("call: " #expr);                                            \
    ::kiln_test::CheckError((expr), (code), {__VA_ARGS__});          \
  } while (0)

#define KILN_REQUIRE_OK(expr)                                       \
  do {                                                              \
    ::kiln_test::StatusPtr kiln_st_(expr);                          \
    INFO("call: " #expr " -> " << kiln_status_message(kiln_st_.get())); \
    REQUIRE(kiln_st_ == nullptr);                                   \
  } while (0)

// A compact row-major view of caller memory.
inline kiln_tensor View(void *data, const std::vector<int64_t> &shape,
                        kiln_dtype dtype = KILN_DTYPE_F32) {
  kiln_tensor t;
  t.data = data;
  t.dtype = dtype;
  t.rank = static_cast<int32_t>(shape.size());
  t.shape = shape.empty() ? nullptr : shape.data();
  t.strides = nullptr;
  return t;
}

inline std::vector<int64_t> Shape(const kiln_tensor_info &info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

}  // namespace kiln_test

#endif  // KILN_RUNTIME_TESTS_TEST_UTIL_H_
