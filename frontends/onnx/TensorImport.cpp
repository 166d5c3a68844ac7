//===- TensorImport.cpp - ONNX TensorProto to MLIR attributes -------------===//
#include "frontends/onnx/GraphImporter.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace mlir;
using namespace mlir::kiln::onnx_frontend;
using onnx::TensorProto;

Type mlir::kiln::onnx_frontend::convertElementType(MLIRContext *ctx,
                                                   int32_t onnxType) {
  Builder b(ctx);
  switch (onnxType) {
  case TensorProto::FLOAT: return b.getF32Type();
  case TensorProto::DOUBLE: return b.getF64Type();
  case TensorProto::FLOAT16: return b.getF16Type();
  case TensorProto::BFLOAT16: return b.getBF16Type();
  case TensorProto::INT8: return b.getIntegerType(8);
  case TensorProto::INT16: return b.getIntegerType(16);
  case TensorProto::INT32: return b.getIntegerType(32);
  case TensorProto::INT64: return b.getIntegerType(64);
  case TensorProto::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case TensorProto::UINT16: return b.getIntegerType(16, false);
  case TensorProto::UINT32: return b.getIntegerType(32, false);
  case TensorProto::UINT64: return b.getIntegerType(64, false);
  case TensorProto::BOOL: return b.getI1Type();
  default: return Type();
  }
}

std::string mlir::kiln::onnx_frontend::onnxTypeName(int32_t onnxType) {
  if (TensorProto::DataType_IsValid(onnxType))
    return TensorProto::DataType_Name(static_cast<TensorProto::DataType>(onnxType));
  return "type " + std::to_string(onnxType);
}

/// Reads the external data of `tensor`, confined to `modelDir`.
static bool readExternalData(const TensorProto &tensor, llvm::StringRef modelDir,
                             std::string &bytes, std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset")
      offset = std::atoll(entry.value().c_str());
    else if (entry.key() == "length")
      length = std::atoll(entry.value().c_str());
  }
  if (location.empty()) {
    error = "external data has no location";
    return false;
  }
  if (llvm::sys::path::is_absolute(location)) {
    error = "external data location '" + location +
            "' is absolute; it must be relative to the model's directory";
    return false;
  }
  for (auto it = llvm::sys::path::begin(location), e = llvm::sys::path::end(location);
       it != e; ++it) {
    if (*it == "..") {
      error = "external data location '" + location +
              "' escapes the model's directory";
      return false;
    }
  }
  llvm::SmallString<256> full(modelDir);
  llvm::sys::path::append(full, location);
  auto buffer = llvm::MemoryBuffer::getFile(full, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read external data '" + std::string(full) +
            "': " + buffer.getError().message();
    return false;
  }
  int64_t size = (*buffer)->getBufferSize();
  if (offset < 0 || offset > size || (length >= 0 && offset + length > size)) {
    error = "external data range is outside '" + location + "'";
    return false;
  }
  if (length < 0)
    length = size - offset;
  bytes.assign((*buffer)->getBufferStart() + offset, length);
  return true;
}

/// Builds the attribute from little-endian packed bytes.
static DenseElementsAttr fromBytes(RankedTensorType type, llvm::StringRef bytes,
                                   std::string &error) {
  Type element = type.getElementType();
  int64_t count = type.getNumElements();
  if (element.isInteger(1)) {
    if (static_cast<int64_t>(bytes.size()) != count) {
      error = "raw data holds " + std::to_string(bytes.size()) +
              " bytes but the shape needs " + std::to_string(count);
      return {};
    }
    SmallVector<bool> values;
    for (char c : bytes)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, values);
  }
  int64_t width = (element.getIntOrFloatBitWidth() + 7) / 8;
  if (static_cast<int64_t>(bytes.size()) != count * width) {
    error = "raw data holds " + std::to_string(bytes.size()) +
            " bytes but the shape needs " + std::to_string(count * width);
    return {};
  }
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(bytes.data(), bytes.size()));
}

/// Packs typed repeated fields into little-endian bytes of `width` bytes each.
template <typename Src>
static std::string pack(const Src &values, int width) {
  std::string bytes;
  bytes.reserve(values.size() * width);
  for (auto v : values) {
    uint64_t bits = 0;
    if constexpr (std::is_floating_point_v<std::decay_t<decltype(v)>>) {
      if (width == 4) {
        float f = static_cast<float>(v);
        std::memcpy(&bits, &f, 4);
      } else {
        double d = static_cast<double>(v);
        std::memcpy(&bits, &d, 8);
      }
    } else {
      bits = static_cast<uint64_t>(v);
    }
    bytes.append(reinterpret_cast<const char *>(&bits), width);
  }
  return bytes;
}

DenseElementsAttr mlir::kiln::onnx_frontend::convertTensor(
    MLIRContext *ctx, const TensorProto &tensor, llvm::StringRef modelDir,
    std::string &error) {
  Type element = convertElementType(ctx, tensor.data_type());
  if (!element) {
    error = "unsupported dtype " + onnxTypeName(tensor.data_type());
    return {};
  }
  SmallVector<int64_t> shape;
  for (int64_t d : tensor.dims()) {
    if (d < 0) {
      error = "negative dimension";
      return {};
    }
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, element);
  int width = element.isInteger(1) ? 1 : (element.getIntOrFloatBitWidth() + 7) / 8;

  if (tensor.data_location() == TensorProto::EXTERNAL) {
    std::string bytes;
    if (!readExternalData(tensor, modelDir, bytes, error))
      return {};
    return fromBytes(type, bytes, error);
  }
  if (tensor.has_raw_data())
    return fromBytes(type, tensor.raw_data(), error);

  std::string bytes;
  switch (tensor.data_type()) {
  case TensorProto::FLOAT: bytes = pack(tensor.float_data(), 4); break;
  case TensorProto::DOUBLE: bytes = pack(tensor.double_data(), 8); break;
  case TensorProto::INT64: bytes = pack(tensor.int64_data(), 8); break;
  case TensorProto::UINT32:
  case TensorProto::UINT64: bytes = pack(tensor.uint64_data(), width); break;
  case TensorProto::STRING:
    error = "string tensors are not supported";
    return {};
  default:
    // INT8/16/32, UINT8/16, BOOL, FLOAT16 and BFLOAT16 (as bit patterns).
    bytes = pack(tensor.int32_data(), width);
    break;
  }
  return fromBytes(type, bytes, error);
}
