//===- TensorFile.h - tensors on disk for `kiln run` ------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_TENSORFILE_H
#define KILN_TOOLS_KILN_TENSORFILE_H

#include "kiln/kiln.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln_tool {

/// A host tensor that owns its bytes (compact row-major).
struct HostTensor {
  kiln_dtype dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const;
  kiln_tensor view();
};

/// Allocates a zeroed tensor of `dtype` and `shape`.
HostTensor makeTensor(kiln_dtype dtype, const std::vector<int64_t> &shape);

/// Loads `path`: `.pb` (ONNX TensorProto), `.npy`, or raw bytes (any other
/// extension, interpreted with `info`'s dtype and shape). On failure returns
/// false with `error` set.
bool loadTensor(const std::string &path, const kiln_tensor_info &info,
                HostTensor &out, std::string &error);

/// Fills with deterministic pseudo-random values (floats in [-1, 1)).
void fillRandom(HostTensor &tensor, uint64_t seed);

/// Writes `tensor` as `.npy` (or as an ONNX TensorProto when `path` ends in `.pb`).
bool saveTensor(const std::string &path, const HostTensor &tensor,
                const std::string &name, std::string &error);

/// "[1, 3, 224, 224]".
std::string formatShape(const std::vector<int64_t> &shape);
/// Element `i` converted to double, for printing and comparison.
double elementAsDouble(const HostTensor &tensor, int64_t i);

} // namespace kiln_tool

#endif // KILN_TOOLS_KILN_TENSORFILE_H
