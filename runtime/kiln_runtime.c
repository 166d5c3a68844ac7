/*
 * The kiln runtime: loads compiled models (shared libraries) and runs them.
 * See include/kiln/kiln.h for the API and kiln_metadata.c for the metadata
 * format and kiln_threads.c for the worker threads. No global mutable state:
 * a model is immutable once opened (but for its thread setting, guarded by
 * a mutex), and every run builds its memref descriptors in its own buffer.
 */
#define _GNU_SOURCE /* dladdr1, RTLD_DL_SYMENT */

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln_internal.h"

/* The memref descriptors are built as int64 words holding pointers. */
_Static_assert(sizeof(void *) == sizeof(int64_t),
               "the kiln model ABI assumes 64-bit pointers");

uint32_t kiln_abi_version(void) { return KILN_ABI_VERSION; }

/* ------------------------------------------------------------------------ */
/* Dtypes                                                                   */
/* ------------------------------------------------------------------------ */

static const struct {
  const char *name;
  size_t size;
} kDtypes[] = {
    [KILN_DTYPE_F32] = {"f32", 4},  [KILN_DTYPE_F64] = {"f64", 8},
    [KILN_DTYPE_F16] = {"f16", 2},  [KILN_DTYPE_BF16] = {"bf16", 2},
    [KILN_DTYPE_I8] = {"i8", 1},    [KILN_DTYPE_I16] = {"i16", 2},
    [KILN_DTYPE_I32] = {"i32", 4},  [KILN_DTYPE_I64] = {"i64", 8},
    [KILN_DTYPE_U8] = {"u8", 1},    [KILN_DTYPE_U16] = {"u16", 2},
    [KILN_DTYPE_U32] = {"u32", 4},  [KILN_DTYPE_U64] = {"u64", 8},
    [KILN_DTYPE_BOOL] = {"bool", 1},
};

static int dtype_valid(kiln_dtype dtype) {
  return (int)dtype >= KILN_DTYPE_F32 && (int)dtype <= KILN_DTYPE_BOOL;
}

size_t kiln_dtype_size(kiln_dtype dtype) {
  return dtype_valid(dtype) ? kDtypes[dtype].size : 0;
}

const char *kiln_dtype_name(kiln_dtype dtype) {
  return dtype_valid(dtype) ? kDtypes[dtype].name : "invalid";
}

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

/* Returned when even the status cannot be allocated; never freed. It is
 * const: the runtime hands out a non-const pointer to it but never writes
 * through one, and the type is opaque to callers. */
static const kiln_status kOutOfMemory = {KILN_ERROR_OUT_OF_MEMORY,
                                         "out of memory"};

kiln_status *kiln_internal_out_of_memory(void) {
  return (kiln_status *)&kOutOfMemory;
}

kiln_status *kiln_internal_status_new(kiln_status_code code, const char *fmt,
                                      ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0) len = 0;
  kiln_status *st = malloc(sizeof *st + (size_t)len + 1);
  if (!st) return kiln_internal_out_of_memory();
  char *message = (char *)(st + 1);
  va_start(ap, fmt);
  vsnprintf(message, (size_t)len + 1, fmt, ap);
  va_end(ap);
  st->code = code == KILN_OK ? KILN_ERROR_INTERNAL : code;
  st->message = message;
  return st;
}

kiln_status_code kiln_status_get_code(const kiln_status *status) {
  return status ? status->code : KILN_OK;
}

const char *kiln_status_message(const kiln_status *status) {
  return status ? status->message : "ok";
}

const char *kiln_status_code_name(kiln_status_code code) {
  switch (code) {
    case KILN_OK: return "OK";
    case KILN_ERROR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case KILN_ERROR_NOT_FOUND: return "NOT_FOUND";
    case KILN_ERROR_LOAD_FAILED: return "LOAD_FAILED";
    case KILN_ERROR_ABI_MISMATCH: return "ABI_MISMATCH";
    case KILN_ERROR_DTYPE_MISMATCH: return "DTYPE_MISMATCH";
    case KILN_ERROR_SHAPE_MISMATCH: return "SHAPE_MISMATCH";
    case KILN_ERROR_OUT_OF_MEMORY: return "OUT_OF_MEMORY";
    case KILN_ERROR_INTERNAL: return "INTERNAL";
  }
  return "UNKNOWN";
}

void kiln_status_free(kiln_status *status) {
  if (status && status != &kOutOfMemory) free(status);
}

/* ------------------------------------------------------------------------ */
/* Opening and closing                                                      */
/* ------------------------------------------------------------------------ */

static void free_specs(kiln_tensor_spec *specs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    free(specs[i].name);
    free(specs[i].shape);
  }
  free(specs);
}

/* Frees everything but the library handle. */
static void free_model_data(kiln_model *m) {
  free(m->name);
  free(m->target);
  free(m->compiler_version);
  free_specs(m->inputs, m->num_inputs);
  free_specs(m->outputs, m->num_outputs);
  free(m);
}

/* Looks up `symbol` in the library; clears and reads dlerror() itself. */
static kiln_status *find_symbol(void *handle, const char *path,
                                const char *symbol, void **out) {
  dlerror();
  void *addr = dlsym(handle, symbol);
  const char *err = dlerror();
  if (!addr)
    return kiln_internal_status_new(
        KILN_ERROR_LOAD_FAILED,
        "model '%s' is not a kiln model: symbol '%s' not found (%s)", path,
        symbol, err ? err : "symbol is NULL");
  *out = addr;
  return NULL;
}

/* Length of the metadata text, bounded by the symbol's ELF size when the
 * loader knows it, so that a missing NUL cannot make us read past it. */
static kiln_status *metadata_length(const char *text, const char *path,
                                    size_t *out_len) {
  size_t limit = KILN_MAX_METADATA_BYTES;
  Dl_info info;
  const ElfW(Sym) *sym = NULL;
  if (dladdr1(text, &info, (void **)&sym, RTLD_DL_SYMENT) && sym &&
      info.dli_saddr == (const void *)text && sym->st_size > 0 &&
      sym->st_size < limit)
    limit = (size_t)sym->st_size;
  const char *nul = memchr(text, '\0', limit);
  if (!nul)
    return kiln_internal_status_new(
        KILN_ERROR_LOAD_FAILED,
        "model '%s': kiln_model_metadata has no terminating NUL within its "
        "%zu bytes",
        path, limit);
  *out_len = (size_t)(nul - text);
  return NULL;
}

kiln_status *kiln_model_open(const char *path, kiln_model **out_model) {
  if (out_model) *out_model = NULL;
  if (!path || !out_model)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT, "kiln_model_open: %s is NULL",
        !path ? "path" : "out_model");
  if (path[0] == '\0')
    return kiln_internal_status_new(KILN_ERROR_INVALID_ARGUMENT,
                                    "kiln_model_open: path is empty");

  struct stat sb;
  if (stat(path, &sb) != 0) {
    int err = errno;
    return kiln_internal_status_new(
        err == ENOENT || err == ENOTDIR ? KILN_ERROR_NOT_FOUND
                                        : KILN_ERROR_LOAD_FAILED,
        "model '%s' cannot be opened: %s", path, strerror(err));
  }

  /* dlopen searches the library path for names without '/': prevent it. */
  char *local_path = NULL;
  if (!strchr(path, '/')) {
    size_t n = strlen(path);
    local_path = malloc(n + 3);
    if (!local_path) return kiln_internal_out_of_memory();
    memcpy(local_path, "./", 2);
    memcpy(local_path + 2, path, n + 1);
  }
  dlerror();
  void *handle = dlopen(local_path ? local_path : path, RTLD_NOW | RTLD_LOCAL);
  free(local_path);
  if (!handle) {
    const char *err = dlerror();
    return kiln_internal_status_new(KILN_ERROR_LOAD_FAILED,
                                    "model '%s' cannot be loaded: %s", path,
                                    err ? err : "dlopen failed");
  }

  kiln_model *m = calloc(1, sizeof *m);
  if (!m) {
    dlclose(handle);
    return kiln_internal_out_of_memory();
  }
  m->arena_bytes = m->weight_bytes = -1;
  void *metadata = NULL, *entry = NULL;
  size_t len = 0;
  kiln_status *st = find_symbol(handle, path, "kiln_model_metadata", &metadata);
  if (!st) st = find_symbol(handle, path, "kiln_model_entry", &entry);
  if (!st) st = metadata_length(metadata, path, &len);
  if (!st) st = kiln_internal_parse_metadata(metadata, len, path, m);
  if (st) {
    free_model_data(m);
    dlclose(handle);
    return st;
  }
  m->handle = handle;
  memcpy(&m->entry, &entry, sizeof m->entry); /* object to function pointer */
  pthread_mutex_init(&m->threads_mu, NULL);
  m->num_threads = 1;
  size_t words = 0;
  for (size_t i = 0; i < m->num_inputs; ++i) words += 3 + 2 * (size_t)m->inputs[i].rank;
  for (size_t i = 0; i < m->num_outputs; ++i) words += 3 + 2 * (size_t)m->outputs[i].rank;
  m->descriptor_words = words;
  *out_model = m;
  return NULL;
}

void kiln_model_close(kiln_model *model) {
  if (!model) return;
  void *handle = model->handle;
  if (handle) { /* fully opened: the thread setting was initialized */
    kiln_internal_pool_release(model->pool);
    pthread_mutex_destroy(&model->threads_mu);
  }
  free_model_data(model);
  if (handle) dlclose(handle);
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                */
/* ------------------------------------------------------------------------ */

size_t kiln_model_num_inputs(const kiln_model *model) {
  return model ? model->num_inputs : 0;
}

size_t kiln_model_num_outputs(const kiln_model *model) {
  return model ? model->num_outputs : 0;
}

static kiln_status *tensor_info(const kiln_model *model, size_t index,
                                kiln_tensor_info *out_info, int is_input) {
  const char *fn = is_input ? "kiln_model_input_info" : "kiln_model_output_info";
  if (!model || !out_info)
    return kiln_internal_status_new(KILN_ERROR_INVALID_ARGUMENT, "%s: %s is NULL",
                                    fn, !model ? "model" : "out_info");
  size_t n = is_input ? model->num_inputs : model->num_outputs;
  if (index >= n)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT,
        "%s: index %zu is out of range (model '%s' has %zu %s)", fn, index,
        model->name, n, is_input ? "inputs" : "outputs");
  const kiln_tensor_spec *spec =
      is_input ? &model->inputs[index] : &model->outputs[index];
  out_info->name = spec->name;
  out_info->dtype = spec->dtype;
  out_info->rank = spec->rank;
  out_info->shape = spec->shape;
  return NULL;
}

kiln_status *kiln_model_input_info(const kiln_model *model, size_t index,
                                   kiln_tensor_info *out_info) {
  return tensor_info(model, index, out_info, 1);
}

kiln_status *kiln_model_output_info(const kiln_model *model, size_t index,
                                    kiln_tensor_info *out_info) {
  return tensor_info(model, index, out_info, 0);
}

const char *kiln_model_name(const kiln_model *model) {
  return model ? model->name : NULL;
}

const char *kiln_model_target(const kiln_model *model) {
  return model ? model->target : NULL;
}

const char *kiln_model_compiler_version(const kiln_model *model) {
  return model ? model->compiler_version : NULL;
}

int64_t kiln_model_batch_split(const kiln_model *model) {
  return model ? model->batch_split : 0;
}

int64_t kiln_model_arena_bytes(const kiln_model *model) {
  return model ? model->arena_bytes : -1;
}

int64_t kiln_model_weight_bytes(const kiln_model *model) {
  return model ? model->weight_bytes : -1;
}

/* ------------------------------------------------------------------------ */
/* Running                                                                  */
/* ------------------------------------------------------------------------ */

/* Up to this many descriptor words / tensors live on the stack of a run;
 * larger models use a per-call heap buffer. */
enum { kStackWords = 512, kStackArgs = 64 };

/* Writes "[d0,d1,...]" ('?' for -1 when `dynamic_marks`) into buf. */
static const char *format_shape(const int64_t *shape, int32_t rank,
                                int dynamic_marks, char *buf, size_t cap) {
  size_t used = 0;
  buf[used++] = '[';
  for (int32_t d = 0; d < rank && used < cap; ++d) {
    int n = (dynamic_marks && shape[d] < 0)
                ? snprintf(buf + used, cap - used, "%s?", d ? "," : "")
                : snprintf(buf + used, cap - used, "%s%lld", d ? "," : "",
                           (long long)shape[d]);
    if (n < 0) break;
    used += (size_t)n;
  }
  if (used < cap - 1) {
    buf[used++] = ']';
    buf[used] = '\0';
  } else {
    buf[cap - 1] = '\0';
  }
  return buf;
}

/* Checks tensor `t` against `spec` and writes its memref descriptor
 * (3 + 2 * rank words) to `desc`. `role` and `index` are for messages. */
static kiln_status *describe(const kiln_tensor_spec *spec, const kiln_tensor *t,
                             const char *role, size_t index, int64_t *desc) {
  /* Longest shape: KILN_MAX_RANK dims of up to 20 characters plus commas. */
  char want[KILN_MAX_RANK * 21 + 3], got[KILN_MAX_RANK * 21 + 3];
  const int32_t rank = spec->rank;
  if (t->dtype != spec->dtype) {
    char bad[32];
    if (!dtype_valid(t->dtype)) snprintf(bad, sizeof bad, "invalid dtype %d", (int)t->dtype);
    return kiln_internal_status_new(
        KILN_ERROR_DTYPE_MISMATCH, "%s %zu '%s': expected dtype %s, got %s",
        role, index, spec->name, kiln_dtype_name(spec->dtype),
        dtype_valid(t->dtype) ? kiln_dtype_name(t->dtype) : bad);
  }
  if (t->rank != rank)
    return kiln_internal_status_new(
        KILN_ERROR_SHAPE_MISMATCH,
        "%s %zu '%s': expected rank %d (shape %s), got rank %d", role, index,
        spec->name, (int)rank,
        format_shape(spec->shape, rank, 1, want, sizeof want), (int)t->rank);
  if (rank > 0 && !t->shape)
    return kiln_internal_status_new(KILN_ERROR_INVALID_ARGUMENT,
                                    "%s %zu '%s': shape is NULL but rank is %d",
                                    role, index, spec->name, (int)rank);
  for (int32_t d = 0; d < rank; ++d) {
    if (t->shape[d] < 0 || (spec->shape[d] >= 0 && t->shape[d] != spec->shape[d]))
      return kiln_internal_status_new(
          KILN_ERROR_SHAPE_MISMATCH, "%s %zu '%s': expected shape %s, got %s",
          role, index, spec->name,
          format_shape(spec->shape, rank, 1, want, sizeof want),
          format_shape(t->shape, rank, 0, got, sizeof got));
  }

  /* Row-major strides; `elements` ends as the product of all dims. */
  int64_t *sizes = desc + 3, *strides = desc + 3 + rank;
  int64_t elements = 1;
  int overflow = 0;
  for (int32_t d = rank - 1; d >= 0; --d) {
    strides[d] = elements;
    sizes[d] = t->shape[d];
    overflow |= __builtin_mul_overflow(elements, t->shape[d], &elements);
  }
  int64_t bytes;
  overflow |= __builtin_mul_overflow(elements, (int64_t)kiln_dtype_size(spec->dtype), &bytes);
  if (overflow)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT, "%s %zu '%s': shape %s is too large",
        role, index, spec->name, format_shape(t->shape, rank, 0, got, sizeof got));
  if (t->strides && elements > 0) {
    for (int32_t d = 0; d < rank; ++d) {
      if (t->shape[d] != 1 && t->strides[d] != strides[d])
        return kiln_internal_status_new(
            KILN_ERROR_INVALID_ARGUMENT,
            "%s %zu '%s': only compact row-major tensors are supported: "
            "expected strides %s (or NULL), got %s",
            role, index, spec->name,
            format_shape(strides, rank, 0, want, sizeof want),
            format_shape(t->strides, rank, 0, got, sizeof got));
    }
  }
  if (!t->data && elements > 0)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT,
        "%s %zu '%s': data is NULL but the tensor has %lld elements", role,
        index, spec->name, (long long)elements);
  desc[0] = (int64_t)(intptr_t)t->data; /* allocated */
  desc[1] = (int64_t)(intptr_t)t->data; /* aligned */
  desc[2] = 0;                          /* offset */
  return NULL;
}

kiln_status *kiln_model_run(const kiln_model *model, const kiln_tensor *inputs,
                            size_t num_inputs, const kiln_tensor *outputs,
                            size_t num_outputs) {
  if (!model)
    return kiln_internal_status_new(KILN_ERROR_INVALID_ARGUMENT,
                                    "kiln_model_run: model is NULL");
  if (num_inputs != model->num_inputs || num_outputs != model->num_outputs)
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT,
        "model '%s': expected %zu inputs and %zu outputs, got %zu inputs and "
        "%zu outputs",
        model->name, model->num_inputs, model->num_outputs, num_inputs,
        num_outputs);
  if ((num_inputs > 0 && !inputs) || (num_outputs > 0 && !outputs))
    return kiln_internal_status_new(
        KILN_ERROR_INVALID_ARGUMENT, "model '%s': the %s array is NULL",
        model->name, (num_inputs > 0 && !inputs) ? "inputs" : "outputs");

  /* Inputs, outputs, then the run status (a rank-0 i32 memref descriptor
   * the model sets to 1 + k when output k's buffer has the wrong shape),
   * then the execution context (model ABI 3; ABI 2 models ignore it). */
  const size_t num_args = num_inputs + num_outputs + 1;
  const size_t num_slots = num_args + 1;
  int32_t run_status = 0;
  int64_t status_desc[3] = {(int64_t)(intptr_t)&run_status,
                            (int64_t)(intptr_t)&run_status, 0};
  int64_t stack_words[kStackWords];
  void *stack_args[kStackArgs];
  int64_t *words = stack_words;
  void **args = stack_args;
  if (model->descriptor_words > kStackWords)
    words = malloc(model->descriptor_words * sizeof *words);
  if (num_slots > kStackArgs) args = malloc(num_slots * sizeof *args);
  kiln_status *st = NULL;
  if (!words || !args) {
    st = kiln_internal_out_of_memory();
    goto done;
  }

  size_t offset = 0;
  args[num_args - 1] = status_desc;
  for (size_t i = 0; i + 1 < num_args && !st; ++i) {
    const int is_input = i < num_inputs;
    const size_t index = is_input ? i : i - num_inputs;
    const kiln_tensor_spec *spec =
        is_input ? &model->inputs[index] : &model->outputs[index];
    st = describe(spec, is_input ? &inputs[index] : &outputs[index],
                  is_input ? "input" : "output", index, words + offset);
    args[i] = words + offset;
    offset += 3 + 2 * (size_t)spec->rank;
  }
  if (!st) {
    /* The pool may be replaced by kiln_model_set_num_threads() meanwhile:
     * this run keeps a reference to the one it started with. */
    kiln_model *m = (kiln_model *)model; /* thread setting: internal state */
    pthread_mutex_lock(&m->threads_mu);
    kiln_exec_context ctx = {kiln_internal_parallel_for, m->pool};
    if (ctx.pool) kiln_internal_pool_retain(ctx.pool);
    pthread_mutex_unlock(&m->threads_mu);
    args[num_args] = &ctx;
    if (model->batch_split > 1) {
      const int32_t image_status = kiln_internal_run_images(model, args, &ctx);
      if (image_status < 0) st = kiln_internal_out_of_memory();
      else run_status = image_status;
    } else {
      model->entry(args);
    }
    kiln_internal_pool_release(ctx.pool);
  }
  if (!st && run_status > 0 && (size_t)run_status <= num_outputs) {
    const size_t k = (size_t)run_status - 1;
    char got[KILN_MAX_RANK * 21 + 3];
    const kiln_tensor *t = &outputs[k];
    st = kiln_internal_status_new(
        KILN_ERROR_SHAPE_MISMATCH,
        "output %zu '%s': the buffer has shape %s, which is not the shape the "
        "model computed for these inputs; nothing was written to it",
        k, model->outputs[k].name,
        format_shape(t->shape, t->rank, 0, got, sizeof got));
  } else if (!st && run_status != 0) {
    st = kiln_internal_status_new(KILN_ERROR_INTERNAL,
                                  "model '%s' returned run status %d",
                                  model->name, (int)run_status);
  }

done:
  if (words != stack_words) free(words);
  if (args != stack_args) free(args);
  return st;
}
