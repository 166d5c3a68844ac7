//===- TensorData.cpp - kiln.graph tensor payloads <-> packed bytes -------===//
#include "frontends/native/NativeFormat.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <cstring>
#include <limits>

using namespace mlir::kiln::native_frontend;

static bool isFloating(int dtype) {
  return dtype == kgraph::FLOAT32 || dtype == kgraph::FLOAT16 ||
         dtype == kgraph::BFLOAT16;
}

/// The payload field a hand-writer should use for `dtype`.
static const char *preferredField(int dtype) {
  if (isFloating(dtype))
    return "float_data";
  if (dtype == kgraph::FLOAT64)
    return "double_data";
  return "int_data";
}

static std::string dimsText(const kgraph::Tensor &tensor) {
  std::string out = "[";
  for (int i = 0; i < tensor.dims_size(); ++i)
    out += (i ? ", " : "") + std::to_string(tensor.dims(i));
  return out + "]";
}

static void appendBits(std::string &bytes, uint64_t bits, int width) {
  for (int i = 0; i < width; ++i)
    bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

static uint64_t readBits(const std::string &bytes, size_t offset, int width) {
  uint64_t bits = 0;
  for (int i = 0; i < width; ++i)
    bits |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[offset + i])) << (8 * i);
  return bits;
}

/// The IEEE semantics of a 16-bit float dtype.
static const llvm::fltSemantics &halfSemantics(int dtype) {
  return dtype == kgraph::FLOAT16 ? llvm::APFloat::IEEEhalf()
                                  : llvm::APFloat::BFloat();
}

static uint64_t floatBits(float value, int dtype) {
  if (dtype == kgraph::FLOAT32) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    return bits;
  }
  llvm::APFloat f(value);
  bool losesInfo;
  f.convert(halfSemantics(dtype), llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return f.bitcastToAPInt().getZExtValue();
}

static float floatFromBits(uint64_t bits, int dtype) {
  if (dtype == kgraph::FLOAT32) {
    uint32_t b = static_cast<uint32_t>(bits);
    float value;
    std::memcpy(&value, &b, 4);
    return value;
  }
  llvm::APFloat f(halfSemantics(dtype), llvm::APInt(16, bits));
  bool losesInfo;
  f.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f.convertToFloat();
}

/// The inclusive value range of an integer dtype stored in int_data.
static std::pair<int64_t, int64_t> intRange(int dtype) {
  switch (dtype) {
  case kgraph::INT8: return {INT8_MIN, INT8_MAX};
  case kgraph::INT16: return {INT16_MIN, INT16_MAX};
  case kgraph::INT32: return {INT32_MIN, INT32_MAX};
  case kgraph::UINT8: return {0, UINT8_MAX};
  case kgraph::UINT16: return {0, UINT16_MAX};
  case kgraph::UINT32: return {0, UINT32_MAX};
  case kgraph::UINT64: return {0, INT64_MAX};
  case kgraph::BOOL: return {0, 1};
  default: return {INT64_MIN, INT64_MAX};
  }
}

bool mlir::kiln::native_frontend::tensorBytes(const kgraph::Tensor &tensor,
                                              std::string &bytes,
                                              std::string &error) {
  int dtype = tensor.dtype();
  if (dtype == kgraph::DTYPE_UNSPECIFIED) {
    error = "has no dtype";
    return false;
  }
  int width = elementSize(dtype);
  if (width == 0) {
    error = "has unknown " + dataTypeName(dtype);
    return false;
  }
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0) {
      error = "has a negative dimension in dims " + dimsText(tensor);
      return false;
    }
    // Keep the product well inside int64 (and any sane memory size).
    if (d > 0 && count > (int64_t(1) << 40) / d) {
      error = "has too many elements for dims " + dimsText(tensor);
      return false;
    }
    count *= d;
  }

  const char *payload = nullptr;
  int payloads = 0;
  std::string names;
  auto note = [&](bool present, const char *name) {
    if (!present)
      return;
    names += (payloads++ ? ", " : "") + std::string(name);
    payload = name;
  };
  note(tensor.float_data_size() > 0, "float_data");
  note(tensor.double_data_size() > 0, "double_data");
  note(tensor.int_data_size() > 0, "int_data");
  note(!tensor.raw_data().empty(), "raw_data");
  std::string what = std::to_string(count) + " elements of " + dataTypeName(dtype) +
                     " for dims " + dimsText(tensor);
  if (payloads > 1) {
    error = "has more than one payload (" + names + "); use only " +
            preferredField(dtype);
    return false;
  }
  bytes.clear();
  if (payloads == 0) {
    if (count == 0)
      return true;
    error = std::string("has no data: expected ") + what + " in " +
            preferredField(dtype) + " (or raw_data)";
    return false;
  }
  std::string field = payload;
  if (field == "raw_data") {
    int64_t need = count * width;
    if (static_cast<int64_t>(tensor.raw_data().size()) != need) {
      error = "raw_data holds " + std::to_string(tensor.raw_data().size()) +
              " bytes but " + what + " need " + std::to_string(need);
      return false;
    }
    bytes = tensor.raw_data();
    return true;
  }
  if (field != preferredField(dtype)) {
    error = field + " cannot hold a " + dataTypeName(dtype) + " tensor; use " +
            preferredField(dtype) + " (or raw_data)";
    return false;
  }
  int64_t have = field == "float_data"    ? tensor.float_data_size()
                 : field == "double_data" ? tensor.double_data_size()
                                          : tensor.int_data_size();
  if (have != count) {
    error = field + " holds " + std::to_string(have) + " values but dims " +
            dimsText(tensor) + " need " + std::to_string(count);
    return false;
  }
  bytes.reserve(count * width);
  if (field == "float_data") {
    for (float v : tensor.float_data())
      appendBits(bytes, floatBits(v, dtype), width);
  } else if (field == "double_data") {
    for (double v : tensor.double_data()) {
      uint64_t bits;
      std::memcpy(&bits, &v, 8);
      appendBits(bytes, bits, 8);
    }
  } else {
    auto [lo, hi] = intRange(dtype);
    for (int i = 0; i < tensor.int_data_size(); ++i) {
      int64_t v = tensor.int_data(i);
      if (v < lo || v > hi) {
        error = "int_data value " + std::to_string(v) + " (element " +
                std::to_string(i) + ") is out of range for " + dataTypeName(dtype);
        if (dtype == kgraph::UINT64)
          error += " in int_data; write larger UINT64 values in raw_data";
        return false;
      }
      appendBits(bytes, static_cast<uint64_t>(v), width);
    }
  }
  return true;
}

void mlir::kiln::native_frontend::setTensorPayload(kgraph::Tensor &tensor,
                                                   const std::string &bytes) {
  tensor.clear_float_data();
  tensor.clear_double_data();
  tensor.clear_int_data();
  tensor.clear_raw_data();
  int dtype = tensor.dtype();
  int width = elementSize(dtype);
  if (width == 0 || dtype == kgraph::UINT64) {
    tensor.set_raw_data(bytes);
    return;
  }
  size_t count = bytes.size() / width;
  for (size_t i = 0; i < count; ++i) {
    uint64_t bits = readBits(bytes, i * width, width);
    if (isFloating(dtype)) {
      tensor.add_float_data(floatFromBits(bits, dtype));
    } else if (dtype == kgraph::FLOAT64) {
      double v;
      std::memcpy(&v, &bits, 8);
      tensor.add_double_data(v);
    } else {
      bool isSigned = dtype == kgraph::INT8 || dtype == kgraph::INT16 ||
                      dtype == kgraph::INT32 || dtype == kgraph::INT64;
      int64_t v = static_cast<int64_t>(bits);
      if (isSigned && width < 8) {
        // Sign-extend from `width` bytes.
        int shift = 64 - 8 * width;
        v = static_cast<int64_t>(bits << shift) >> shift;
      }
      if (dtype == kgraph::BOOL)
        v = bits != 0;
      tensor.add_int_data(v);
    }
  }
}
