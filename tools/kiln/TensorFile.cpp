//===- TensorFile.cpp - tensors on disk for `kiln run` --------------------===//
#include "tools/kiln/TensorFile.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace kiln_tool {

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

kiln_tensor HostTensor::view() {
  return kiln_tensor{bytes.data(), dtype, static_cast<int32_t>(shape.size()),
                     shape.data(), nullptr};
}

HostTensor makeTensor(kiln_dtype dtype, const std::vector<int64_t> &shape) {
  HostTensor t;
  t.dtype = dtype;
  t.shape = shape;
  t.bytes.assign(static_cast<size_t>(t.numElements()) * kiln_dtype_size(dtype), 0);
  return t;
}

static bool readFile(const std::string &path, std::string &data, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  data = ss.str();
  return true;
}

static bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

static int onnxTypeOf(kiln_dtype dtype) {
  switch (dtype) {
  case KILN_DTYPE_F32: return onnx::TensorProto::FLOAT;
  case KILN_DTYPE_F64: return onnx::TensorProto::DOUBLE;
  case KILN_DTYPE_F16: return onnx::TensorProto::FLOAT16;
  case KILN_DTYPE_BF16: return onnx::TensorProto::BFLOAT16;
  case KILN_DTYPE_I8: return onnx::TensorProto::INT8;
  case KILN_DTYPE_I16: return onnx::TensorProto::INT16;
  case KILN_DTYPE_I32: return onnx::TensorProto::INT32;
  case KILN_DTYPE_I64: return onnx::TensorProto::INT64;
  case KILN_DTYPE_U8: return onnx::TensorProto::UINT8;
  case KILN_DTYPE_U16: return onnx::TensorProto::UINT16;
  case KILN_DTYPE_U32: return onnx::TensorProto::UINT32;
  case KILN_DTYPE_U64: return onnx::TensorProto::UINT64;
  case KILN_DTYPE_BOOL: return onnx::TensorProto::BOOL;
  }
  return 0;
}

static const char *npyDescr(kiln_dtype dtype) {
  switch (dtype) {
  case KILN_DTYPE_F32: return "<f4";
  case KILN_DTYPE_F64: return "<f8";
  case KILN_DTYPE_F16: return "<f2";
  case KILN_DTYPE_I8: return "|i1";
  case KILN_DTYPE_I16: return "<i2";
  case KILN_DTYPE_I32: return "<i4";
  case KILN_DTYPE_I64: return "<i8";
  case KILN_DTYPE_U8: return "|u1";
  case KILN_DTYPE_U16: return "<u2";
  case KILN_DTYPE_U32: return "<u4";
  case KILN_DTYPE_U64: return "<u8";
  case KILN_DTYPE_BOOL: return "|b1";
  default: return nullptr;
  }
}

/// Copies typed repeated fields into little-endian element bytes.
template <typename Field>
static void copyField(const Field &field, HostTensor &t) {
  size_t width = kiln_dtype_size(t.dtype);
  for (size_t i = 0; i < static_cast<size_t>(field.size()) && i * width < t.bytes.size(); ++i) {
    auto v = field.Get(static_cast<int>(i));
    if (t.dtype == KILN_DTYPE_F32) {
      float f = static_cast<float>(v);
      std::memcpy(&t.bytes[i * width], &f, width);
    } else if (t.dtype == KILN_DTYPE_F64) {
      double d = static_cast<double>(v);
      std::memcpy(&t.bytes[i * width], &d, width);
    } else {
      uint64_t bits = static_cast<uint64_t>(v);
      std::memcpy(&t.bytes[i * width], &bits, width);
    }
  }
}

static bool loadProto(const std::string &data, const kiln_tensor_info &info,
                      HostTensor &out, std::string &error) {
  onnx::TensorProto proto;
  if (!proto.ParseFromString(data)) {
    error = "not a valid ONNX TensorProto";
    return false;
  }
  // ONNX's test generator stores bf16 tensors as UINT16 bit patterns
  // (NumPy has no bf16); the bits are the same, so accept them.
  bool bf16Bits = info.dtype == KILN_DTYPE_BF16 && proto.data_type() == onnx::TensorProto::UINT16;
  if (proto.data_type() != onnxTypeOf(info.dtype) && !bf16Bits) {
    error = "holds ONNX data type " + std::to_string(proto.data_type()) +
            " but the model expects " + kiln_dtype_name(info.dtype);
    return false;
  }
  out = makeTensor(info.dtype, std::vector<int64_t>(proto.dims().begin(), proto.dims().end()));
  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != out.bytes.size()) {
      error = "raw data size does not match its dims";
      return false;
    }
    std::memcpy(out.bytes.data(), proto.raw_data().data(), out.bytes.size());
    return true;
  }
  size_t count = 0;
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT: copyField(proto.float_data(), out); count = proto.float_data_size(); break;
  case onnx::TensorProto::DOUBLE: copyField(proto.double_data(), out); count = proto.double_data_size(); break;
  case onnx::TensorProto::INT64: copyField(proto.int64_data(), out); count = proto.int64_data_size(); break;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: copyField(proto.uint64_data(), out); count = proto.uint64_data_size(); break;
  default: copyField(proto.int32_data(), out); count = proto.int32_data_size(); break;
  }
  if (static_cast<int64_t>(count) != out.numElements()) {
    error = "holds " + std::to_string(count) + " values for " +
            std::to_string(out.numElements()) + " elements";
    return false;
  }
  return true;
}

static bool loadNpy(const std::string &data, const kiln_tensor_info &info,
                    HostTensor &out, std::string &error) {
  if (data.size() < 10 || data.compare(0, 6, "\x93NUMPY") != 0) {
    error = "not a .npy file";
    return false;
  }
  int major = static_cast<unsigned char>(data[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(data[8]) | (static_cast<unsigned char>(data[9]) << 8);
    offset = 10;
  } else {
    if (data.size() < 12) {
      error = "truncated .npy header";
      return false;
    }
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= static_cast<size_t>(static_cast<unsigned char>(data[8 + i])) << (8 * i);
    offset = 12;
  }
  if (offset + headerLen > data.size()) {
    error = "truncated .npy header";
    return false;
  }
  std::string header = data.substr(offset, headerLen);
  const char *descr = npyDescr(info.dtype);
  if (!descr || header.find(std::string("'") + descr + "'") == std::string::npos) {
    error = "dtype in header " + header + " does not match the model's " + kiln_dtype_name(info.dtype);
    return false;
  }
  if (header.find("'fortran_order': True") != std::string::npos) {
    error = "Fortran-ordered arrays are not supported";
    return false;
  }
  size_t open = header.find('('), close = header.find(')');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    error = "no shape in .npy header";
    return false;
  }
  std::vector<int64_t> shape;
  std::stringstream dims(header.substr(open + 1, close - open - 1));
  std::string item;
  while (std::getline(dims, item, ',')) {
    if (item.find_first_not_of(" ") == std::string::npos)
      continue;
    shape.push_back(std::stoll(item));
  }
  out = makeTensor(info.dtype, shape);
  if (data.size() - offset - headerLen != out.bytes.size()) {
    error = "data size does not match the header's shape";
    return false;
  }
  std::memcpy(out.bytes.data(), data.data() + offset + headerLen, out.bytes.size());
  return true;
}

bool loadTensor(const std::string &path, const kiln_tensor_info &info,
                HostTensor &out, std::string &error) {
  std::string data;
  if (!readFile(path, data, error))
    return false;
  bool ok;
  if (endsWith(path, ".pb")) {
    ok = loadProto(data, info, out, error);
  } else if (endsWith(path, ".npy")) {
    ok = loadNpy(data, info, out, error);
  } else {
    std::vector<int64_t> shape(info.shape, info.shape + info.rank);
    for (int64_t d : shape) {
      if (d < 0) {
        error = "raw files need a static input shape";
        return false;
      }
    }
    out = makeTensor(info.dtype, shape);
    ok = data.size() == out.bytes.size();
    if (ok)
      std::memcpy(out.bytes.data(), data.data(), data.size());
    else
      error = "holds " + std::to_string(data.size()) + " bytes; the input needs " +
              std::to_string(out.bytes.size());
  }
  if (!ok)
    error = "'" + path + "': " + error;
  return ok;
}

void fillRandom(HostTensor &tensor, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  size_t width = kiln_dtype_size(tensor.dtype);
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    uint8_t *p = &tensor.bytes[static_cast<size_t>(i) * width];
    double v = uniform(rng);
    if (tensor.dtype == KILN_DTYPE_F32) {
      float f = static_cast<float>(v);
      std::memcpy(p, &f, 4);
    } else if (tensor.dtype == KILN_DTYPE_F64) {
      std::memcpy(p, &v, 8);
    } else if (tensor.dtype == KILN_DTYPE_BOOL) {
      *p = v > 0;
    } else {
      int64_t x = static_cast<int64_t>((v + 1.0) * 4); // small, non-negative
      std::memcpy(p, &x, width);
    }
  }
}

bool saveTensor(const std::string &path, const HostTensor &tensor,
                const std::string &name, std::string &error) {
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    error = "cannot write '" + path + "'";
    return false;
  }
  if (endsWith(path, ".pb")) {
    onnx::TensorProto proto;
    proto.set_name(name);
    proto.set_data_type(onnxTypeOf(tensor.dtype));
    for (int64_t d : tensor.shape)
      proto.add_dims(d);
    proto.set_raw_data(tensor.bytes.data(), tensor.bytes.size());
    proto.SerializeToOstream(&out);
    return static_cast<bool>(out);
  }
  const char *descr = npyDescr(tensor.dtype);
  if (!descr) {
    error = "cannot write " + std::string(kiln_dtype_name(tensor.dtype)) + " as .npy";
    return false;
  }
  std::string shape = "(";
  for (int64_t d : tensor.shape)
    shape += std::to_string(d) + ", ";
  if (tensor.shape.size() > 1)
    shape.erase(shape.size() - 2);
  else if (tensor.shape.size() == 1)
    shape.erase(shape.size() - 1);
  shape += ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  out.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = static_cast<uint16_t>(header.size());
  out.put(static_cast<char>(len & 0xff));
  out.put(static_cast<char>(len >> 8));
  out << header;
  out.write(reinterpret_cast<const char *>(tensor.bytes.data()),
            static_cast<std::streamsize>(tensor.bytes.size()));
  return static_cast<bool>(out);
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// IEEE half-precision bits to double (subnormals, inf and NaN included).
static double halfToDouble(uint16_t h) {
  int exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0)
    return sign * std::ldexp(mantissa, -24);
  if (exponent == 31)
    return mantissa ? std::nan("") : sign * HUGE_VAL;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

double elementAsDouble(const HostTensor &t, int64_t i) {
  const uint8_t *p = &t.bytes[static_cast<size_t>(i) * kiln_dtype_size(t.dtype)];
  switch (t.dtype) {
  case KILN_DTYPE_F32: { float f; std::memcpy(&f, p, 4); return f; }
  case KILN_DTYPE_F64: { double d; std::memcpy(&d, p, 8); return d; }
  case KILN_DTYPE_F16: { uint16_t h; std::memcpy(&h, p, 2); return halfToDouble(h); }
  case KILN_DTYPE_BF16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    uint32_t bits = static_cast<uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  case KILN_DTYPE_I8: return static_cast<int8_t>(*p);
  case KILN_DTYPE_U8: case KILN_DTYPE_BOOL: return *p;
  case KILN_DTYPE_I16: { int16_t v; std::memcpy(&v, p, 2); return v; }
  case KILN_DTYPE_U16: { uint16_t v; std::memcpy(&v, p, 2); return v; }
  case KILN_DTYPE_I32: { int32_t v; std::memcpy(&v, p, 4); return v; }
  case KILN_DTYPE_U32: { uint32_t v; std::memcpy(&v, p, 4); return v; }
  case KILN_DTYPE_I64: { int64_t v; std::memcpy(&v, p, 8); return static_cast<double>(v); }
  case KILN_DTYPE_U64: { uint64_t v; std::memcpy(&v, p, 8); return static_cast<double>(v); }
  default: return 0.0;
  }
}

} // namespace kiln_tool
