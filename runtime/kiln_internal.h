/*
 * Internal declarations shared by the files of the kiln runtime. Not part of
 * the public API: nothing here is exported from the library.
 */
#ifndef KILN_RUNTIME_KILN_INTERNAL_H_
#define KILN_RUNTIME_KILN_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "kiln/kiln.h"

#if defined(__GNUC__) || defined(__clang__)
#define KILN_INTERNAL __attribute__((visibility("hidden")))
#define KILN_PRINTF(fmt_index, first_arg) \
  __attribute__((format(printf, fmt_index, first_arg)))
#else
#define KILN_INTERNAL
#define KILN_PRINTF(fmt_index, first_arg)
#endif

/* Limits that keep a corrupt model file from making the runtime allocate or
 * scan without bound. */
#define KILN_MAX_METADATA_BYTES (16u * 1024u * 1024u)
#define KILN_MAX_METADATA_LINE 65536u
#define KILN_MAX_NAME_BYTES 4096u /* decoded tensor / model name */
#define KILN_MAX_TENSORS 65536u   /* inputs + outputs */

/* The entry point every compiled model exports (see the model ABI). */
typedef void (*kiln_entry_fn)(void **args);

/* One declared input or output, owned by the model. */
typedef struct kiln_tensor_spec {
  char *name;
  kiln_dtype dtype;
  int32_t rank;
  int64_t *shape; /* NULL if rank is 0; -1 marks a dynamic dim */
} kiln_tensor_spec;

struct kiln_status {
  kiln_status_code code;
  const char *message; /* points into the same allocation (or is static) */
};

/* Immutable after kiln_model_open() returns. */
struct kiln_model {
  void *handle; /* from dlopen */
  kiln_entry_fn entry;
  char *name;             /* "" if absent */
  char *target;           /* "" if absent */
  char *compiler_version; /* "" if absent */
  kiln_tensor_spec *inputs;
  size_t num_inputs;
  kiln_tensor_spec *outputs;
  size_t num_outputs;
  size_t descriptor_words; /* int64 words of all memref descriptors */
};

/* A new status with a printf-formatted message. Never returns NULL: when
 * memory runs out it returns a static out-of-memory status, which
 * kiln_status_free() recognizes and leaves alone. `code` must not be
 * KILN_OK. */
KILN_INTERNAL kiln_status *kiln_internal_status_new(kiln_status_code code,
                                                    const char *fmt, ...)
    KILN_PRINTF(2, 3);

/* The static out-of-memory status. */
KILN_INTERNAL kiln_status *kiln_internal_out_of_memory(void);

/* Parses `len` bytes of metadata text (no NUL inside) into `model` (name,
 * target, compiler_version, inputs, outputs). On error returns a status and
 * leaves whatever it allocated in `model` for the caller to free. `path` is
 * only used in messages. */
KILN_INTERNAL kiln_status *kiln_internal_parse_metadata(const char *text,
                                                        size_t len,
                                                        const char *path,
                                                        kiln_model *model);

#endif /* KILN_RUNTIME_KILN_INTERNAL_H_ */
