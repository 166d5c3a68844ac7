/*
 * kiln.h: the C runtime of the kiln ahead-of-time compiler.
 *
 * A model compiled by kiln is a shared library (.so). A service loads it with
 * kiln_model_open(), asks for its inputs and outputs, and runs it with
 * kiln_model_run() on tensors whose memory the service owns.
 *
 * This is plain C99 and can be included from C++ (the declarations are
 * wrapped in extern "C").
 *
 * Conventions
 * -----------
 * Errors: every function that can fail returns a kiln_status pointer. NULL
 *   means success. A non-NULL status describes the error (a code and a
 *   readable message); the caller owns it and must release it with
 *   kiln_status_free(). Bad arguments (NULL pointers, wrong counts, wrong
 *   shapes, corrupt model files) never abort the process: they yield a
 *   status. Output parameters are named out_*; they are written only on
 *   success unless stated otherwise.
 *
 * Ownership: the runtime never takes ownership of caller memory. Tensor data
 *   passed to kiln_model_run() is owned by the caller. Strings and arrays
 *   returned by model accessors are owned by the model and stay valid until
 *   kiln_model_close().
 *
 * Thread safety: the library has no global mutable state. A kiln_model is
 *   immutable after kiln_model_open() returns, except for its thread count,
 *   which is synchronized internally: any number of threads may call
 *   kiln_model_run(), kiln_model_set_num_threads() and the accessors on the
 *   same model at the same time (each call builds its own argument
 *   descriptors), provided the output buffers of concurrent calls do not
 *   overlap. kiln_model_close() must not run concurrently with any other use
 *   of that model. Different models and statuses are independent. A status
 *   may be read from several threads but freed by one, once.
 *
 * Parallelism: each model instance may own worker threads (see
 *   kiln_model_set_num_threads()); by default it owns none and every run
 *   executes on the calling thread only.
 */
#ifndef KILN_KILN_H_
#define KILN_KILN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define KILN_API __attribute__((visibility("default")))
#define KILN_MUST_USE __attribute__((warn_unused_result))
#else
#define KILN_API
#define KILN_MUST_USE
#endif

/* Version of the API and ABI declared in this header. 2 added
 * kiln_model_set_num_threads() and kiln_model_num_threads(), 3 added
 * kiln_model_batch_split(); everything of earlier versions is unchanged. */
#define KILN_ABI_VERSION 3

/* Newest version of the compiled-model ABI (the "kiln-model N" metadata
 * line and the kiln_model_entry calling convention) that this runtime
 * loads; it also loads every version down to KILN_MIN_MODEL_ABI_VERSION.
 * kiln_model_entry(void **args) receives one memref descriptor per input,
 * one per output, then a rank-0 int32 run status (version 2), then an
 * execution context for parallel loops (version 3). Version 4 models may
 * declare a split batch: their entry computes one image per call and the
 * runtime calls it once per image. */
#define KILN_MODEL_ABI_VERSION 4
#define KILN_MIN_MODEL_ABI_VERSION 2

/* Largest thread count kiln_model_set_num_threads() accepts. */
#define KILN_MAX_THREADS 256

/* Largest tensor rank a model may declare. */
#define KILN_MAX_RANK 32

/* Returns KILN_ABI_VERSION as compiled into the library. Compare it with the
 * macro to detect a header/library mismatch. Thread-safe. */
KILN_API uint32_t kiln_abi_version(void);

/* ------------------------------------------------------------------------ */
/* Element types                                                            */
/* ------------------------------------------------------------------------ */

typedef enum kiln_dtype {
  KILN_DTYPE_F32 = 1,
  KILN_DTYPE_F64 = 2,
  KILN_DTYPE_F16 = 3,
  KILN_DTYPE_BF16 = 4,
  KILN_DTYPE_I8 = 5,
  KILN_DTYPE_I16 = 6,
  KILN_DTYPE_I32 = 7,
  KILN_DTYPE_I64 = 8,
  KILN_DTYPE_U8 = 9,
  KILN_DTYPE_U16 = 10,
  KILN_DTYPE_U32 = 11,
  KILN_DTYPE_U64 = 12,
  KILN_DTYPE_BOOL = 13 /* one byte per element, 0 or 1 */
} kiln_dtype;

/* Size in bytes of one element of `dtype`; 0 if `dtype` is not a valid
 * kiln_dtype. Thread-safe. */
KILN_API size_t kiln_dtype_size(kiln_dtype dtype);

/* Short name of `dtype` as used in model metadata ("f32", "bf16", "bool",
 * ...); "invalid" if `dtype` is not a valid kiln_dtype. The string is static.
 * Thread-safe. */
KILN_API const char *kiln_dtype_name(kiln_dtype dtype);

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum kiln_status_code {
  KILN_OK = 0,
  KILN_ERROR_INVALID_ARGUMENT = 1, /* NULL pointer, bad count, bad index... */
  KILN_ERROR_NOT_FOUND = 2,        /* model file does not exist */
  KILN_ERROR_LOAD_FAILED = 3,      /* dlopen/dlsym failed, corrupt metadata */
  KILN_ERROR_ABI_MISMATCH = 4,     /* model built for another model ABI */
  KILN_ERROR_DTYPE_MISMATCH = 5,   /* tensor has the wrong element type */
  KILN_ERROR_SHAPE_MISMATCH = 6,   /* tensor has the wrong rank or dims */
  KILN_ERROR_OUT_OF_MEMORY = 7,
  KILN_ERROR_INTERNAL = 8
} kiln_status_code;

/* Opaque error. NULL is success. */
typedef struct kiln_status kiln_status;

/* Code of `status`; KILN_OK if `status` is NULL. */
KILN_API kiln_status_code kiln_status_get_code(const kiln_status *status);

/* Readable, NUL-terminated message of `status`; "ok" if `status` is NULL.
 * The string is owned by the status and valid until kiln_status_free(). */
KILN_API const char *kiln_status_message(const kiln_status *status);

/* Name of `code` without the prefix ("OK", "INVALID_ARGUMENT", ...);
 * "UNKNOWN" for a value outside the enum. The string is static. */
KILN_API const char *kiln_status_code_name(kiln_status_code code);

/* Releases `status`. NULL is allowed and does nothing. */
KILN_API void kiln_status_free(kiln_status *status);

/* ------------------------------------------------------------------------ */
/* Models                                                                   */
/* ------------------------------------------------------------------------ */

/* Opaque loaded model. */
typedef struct kiln_model kiln_model;

/* Loads the compiled model at `path` (a filesystem path; a path without '/'
 * is taken relative to the current directory, the dynamic-library search
 * path is never used). The library is loaded with dlopen(RTLD_NOW |
 * RTLD_LOCAL), its symbols kiln_model_metadata and kiln_model_entry are
 * looked up and the metadata is parsed and checked.
 *
 * On success stores a new model in *out_model; the caller owns it and must
 * release it with kiln_model_close(). On error *out_model is set to NULL (if
 * out_model is not NULL) and the status says why:
 *   KILN_ERROR_INVALID_ARGUMENT  path or out_model is NULL, path is empty
 *   KILN_ERROR_NOT_FOUND         no file at path
 *   KILN_ERROR_LOAD_FAILED       dlopen failed (message has dlerror()), a
 *                                symbol is missing, metadata is malformed
 *                                (message names the line)
 *   KILN_ERROR_ABI_MISMATCH      metadata is not "kiln-model N" with N
 *                                from KILN_MIN_MODEL_ABI_VERSION to
 *                                KILN_MODEL_ABI_VERSION
 *   KILN_ERROR_OUT_OF_MEMORY
 * Opening the same file twice yields two independent models (the library is
 * mapped once and reference-counted by the dynamic loader). Thread-safe. */
KILN_API KILN_MUST_USE kiln_status *kiln_model_open(const char *path,
                                                    kiln_model **out_model);

/* Releases `model` and unloads its library (when no other model uses it).
 * NULL is allowed. No other call may be using the model concurrently, and
 * all pointers obtained from it become invalid. */
KILN_API void kiln_model_close(kiln_model *model);

/* Number of inputs / outputs of `model`; 0 if `model` is NULL. */
KILN_API size_t kiln_model_num_inputs(const kiln_model *model);
KILN_API size_t kiln_model_num_outputs(const kiln_model *model);

/* Description of one model input or output. All pointers are owned by the
 * model and valid until kiln_model_close(). */
typedef struct kiln_tensor_info {
  const char *name;     /* decoded name, NUL-terminated */
  kiln_dtype dtype;
  int32_t rank;         /* 0 .. KILN_MAX_RANK */
  const int64_t *shape; /* `rank` dims, -1 = dynamic; NULL if rank is 0 */
} kiln_tensor_info;

/* Stores the description of input / output number `index` (file order,
 * starting at 0) in *out_info. KILN_ERROR_INVALID_ARGUMENT if model or
 * out_info is NULL or index is out of range. Thread-safe. */
KILN_API KILN_MUST_USE kiln_status *kiln_model_input_info(
    const kiln_model *model, size_t index, kiln_tensor_info *out_info);
KILN_API KILN_MUST_USE kiln_status *kiln_model_output_info(
    const kiln_model *model, size_t index, kiln_tensor_info *out_info);

/* Model name, target description ("<triple> <cpu>") and the version of the
 * kiln compiler that built it, as written in the metadata; "" when the
 * metadata has no such line; NULL if `model` is NULL. Owned by the model. */
KILN_API const char *kiln_model_name(const kiln_model *model);
KILN_API const char *kiln_model_target(const kiln_model *model);
KILN_API const char *kiln_model_compiler_version(const kiln_model *model);

/* Memory the compiled code uses, as recorded by the compiler: bytes of the
 * arena each run allocates for its intermediate tensors (one allocation,
 * buffers sharing it by liveness) and bytes of the constant weights baked
 * into the model. -1 when the model does not say, or `model` is NULL. */
KILN_API int64_t kiln_model_arena_bytes(const kiln_model *model);
KILN_API int64_t kiln_model_weight_bytes(const kiln_model *model);

/* The batch size N when the compiler proved the model's images independent
 * and compiled it for one image (its inputs and outputs still have N as
 * their first dimension): each run calls the compiled code once per image,
 * up to one image per thread at a time, each call with its own arena of
 * kiln_model_arena_bytes(). 0 when the model runs the whole batch in one
 * call, or `model` is NULL. */
KILN_API int64_t kiln_model_batch_split(const kiln_model *model);

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */
/* ------------------------------------------------------------------------ */

/* Sets how many threads each kiln_model_run() of `model` uses: the calling
 * thread plus `num_threads - 1` worker threads that the model owns. 0 means
 * one thread per CPU this process may run on (capped at KILN_MAX_THREADS).
 * A new model uses 1 thread (no workers).
 *
 * The workers are started by this call and live until kiln_model_close() or
 * the next change of the setting: runs create no threads. They share the
 * loops of concurrent runs of the model; every run also works on its own
 * calling thread, so concurrent runs never wait for each other, and with
 * more callers than threads the effective parallelism is just the callers.
 * Idle workers spin for a fraction of a millisecond, then sleep.
 *
 * Results are identical, bit for bit, for every thread count: kiln only
 * splits loops whose iterations are independent. Models compiled for model
 * ABI 2 have no parallel loops; the setting is recorded but starts no
 * workers.
 *
 * Thread-safe, also while other threads run the model: runs in progress
 * finish with the setting they started with (the old workers stop when the
 * last of them ends); later runs use the new one.
 *
 * Errors (the previous setting then stays in force):
 *   KILN_ERROR_INVALID_ARGUMENT  model is NULL, num_threads < 0 or
 *                                > KILN_MAX_THREADS
 *   KILN_ERROR_OUT_OF_MEMORY     memory or thread resources ran out
 *   KILN_ERROR_INTERNAL          a worker thread could not be started */
KILN_API KILN_MUST_USE kiln_status *kiln_model_set_num_threads(
    kiln_model *model, int32_t num_threads);

/* Threads each run of `model` uses (1 for a new model; a 0 passed to
 * kiln_model_set_num_threads() reads back as the resolved count); 0 if
 * `model` is NULL. Thread-safe. */
KILN_API int32_t kiln_model_num_threads(const kiln_model *model);

/* ------------------------------------------------------------------------ */
/* Running                                                                  */
/* ------------------------------------------------------------------------ */

/* A view of caller-owned tensor memory (DLPack-like). The runtime neither
 * copies nor frees it. */
typedef struct kiln_tensor {
  void *data;             /* first element; may be NULL only if the tensor
                             has zero elements */
  kiln_dtype dtype;
  int32_t rank;
  const int64_t *shape;   /* `rank` dims, each >= 0; may be NULL if rank 0 */
  const int64_t *strides; /* in elements; NULL = compact row-major. Only
                             compact row-major layouts are supported (strides
                             of dims of size 1 are ignored). */
} kiln_tensor;

/* Runs `model` once. `inputs` and `outputs` hold one tensor per model input
 * and output, in model order. Every tensor must match the model's dtype and
 * rank exactly; each dim must equal the model's dim, or be any value >= 0
 * where the model's dim is dynamic (-1). The caller supplies output buffers
 * of the right shape (for a dynamic output dim the caller must know the
 * size: if it guesses wrong, the run fails with KILN_ERROR_SHAPE_MISMATCH
 * naming the output, and that buffer is left untouched); the model writes
 * the results into them. Inputs are not modified.
 * Output buffers must not overlap inputs or each other.
 *
 * Everything is validated before the model code runs; on error nothing is
 * written. Errors:
 *   KILN_ERROR_INVALID_ARGUMENT  model NULL, inputs/outputs NULL with a
 *                                nonzero count, wrong count, NULL shape with
 *                                rank > 0, NULL data with elements,
 *                                non-compact strides, size overflow
 *   KILN_ERROR_DTYPE_MISMATCH    wrong dtype
 *   KILN_ERROR_SHAPE_MISMATCH    wrong rank, wrong or negative dim
 *   KILN_ERROR_OUT_OF_MEMORY
 * Messages name the tensor and compare expected with got, e.g.
 *   input 0 'x': expected shape [1,3,224,224], got [1,3,224,225]
 * Thread-safe: many threads may run one model at once (see top of file).
 * The run uses the model's thread count (kiln_model_set_num_threads()). */
KILN_API KILN_MUST_USE kiln_status *kiln_model_run(const kiln_model *model,
                                                   const kiln_tensor *inputs,
                                                   size_t num_inputs,
                                                   const kiln_tensor *outputs,
                                                   size_t num_outputs);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_KILN_H_ */
