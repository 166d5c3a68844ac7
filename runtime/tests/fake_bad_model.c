/*
 * Stand-ins for compiled models, one per load error the runtime must report
 * (plus one minimal valid model). BUILD compiles this file once per variant with
 * -DKILN_FAKE_VARIANT_<NAME>; each library has a valid entry unless the
 * variant removes it.
 */
#include <stdint.h>

#define GOOD_HEADER "kiln-model 2\nkiln-version 0.1.0-test\n"
#define GOOD_TENSORS "input a f32 1 4\noutput b f32 1 4\n"

#if defined(KILN_FAKE_VARIANT_MINIMAL)
/* Valid: an empty name line, no target or version line, no inputs. The
 * entry fills b with 7. */
const char kiln_model_metadata[] = "kiln-model 2\nname\noutput b u8 1 4\n";
#define KILN_FAKE_FILL_OUTPUT 1
#elif defined(KILN_FAKE_VARIANT_BAD_ABI)
const char kiln_model_metadata[] = "kiln-model 99\n" GOOD_TENSORS;
#elif defined(KILN_FAKE_VARIANT_NOT_KILN)
const char kiln_model_metadata[] = "hello world\n" GOOD_TENSORS;
#elif defined(KILN_FAKE_VARIANT_EMPTY)
const char kiln_model_metadata[] = "";
#elif defined(KILN_FAKE_VARIANT_BAD_DTYPE)
const char kiln_model_metadata[] = GOOD_HEADER "input a f31 1 4\n";
#elif defined(KILN_FAKE_VARIANT_BAD_DIM)
const char kiln_model_metadata[] = GOOD_HEADER "input a f32 2 4 x\n";
#elif defined(KILN_FAKE_VARIANT_NEGATIVE_DIM)
const char kiln_model_metadata[] = GOOD_HEADER "output a f32 1 -4\n";
#elif defined(KILN_FAKE_VARIANT_HUGE_DIM)
const char kiln_model_metadata[] =
    GOOD_HEADER "input a f32 1 99999999999999999999\n";
#elif defined(KILN_FAKE_VARIANT_BAD_RANK)
const char kiln_model_metadata[] = GOOD_HEADER "input a f32 99 1\n";
#elif defined(KILN_FAKE_VARIANT_TOO_FEW_DIMS)
const char kiln_model_metadata[] = GOOD_HEADER "input a f32 3 4 4\n";
#elif defined(KILN_FAKE_VARIANT_TOO_MANY_DIMS)
const char kiln_model_metadata[] = GOOD_HEADER "input a f32 1 4 4\n";
#elif defined(KILN_FAKE_VARIANT_INCOMPLETE)
const char kiln_model_metadata[] = GOOD_HEADER "output b f32\n";
#elif defined(KILN_FAKE_VARIANT_SPLIT_OLD_ABI)
const char kiln_model_metadata[] = "kiln-model 3\nbatch-split 4\n" GOOD_TENSORS;
#elif defined(KILN_FAKE_VARIANT_SPLIT_MISMATCH)
const char kiln_model_metadata[] = "kiln-model 4\nbatch-split 3\n" GOOD_TENSORS;
#elif defined(KILN_FAKE_VARIANT_BAD_ESCAPE)
const char kiln_model_metadata[] = GOOD_HEADER "input a%2 f32 1 4\n";
#elif defined(KILN_FAKE_VARIANT_DUPLICATE_NAME)
const char kiln_model_metadata[] = GOOD_HEADER "name m\nname m\n" GOOD_TENSORS;
#elif defined(KILN_FAKE_VARIANT_NO_OUTPUT)
const char kiln_model_metadata[] = GOOD_HEADER "input a f32 1 4\n";
#elif defined(KILN_FAKE_VARIANT_NO_NUL)
/* Exactly as long as its text: C allows leaving out the NUL. */
#if defined(__GNUC__)
#define KILN_NONSTRING __attribute__((nonstring))
#else
#define KILN_NONSTRING
#endif
KILN_NONSTRING const char kiln_model_metadata[12] = "kiln-model 2";
#elif defined(KILN_FAKE_VARIANT_NO_METADATA)
/* No kiln_model_metadata symbol. */
#elif defined(KILN_FAKE_VARIANT_NO_ENTRY)
const char kiln_model_metadata[] = GOOD_HEADER GOOD_TENSORS;
#define KILN_FAKE_NO_ENTRY 1
#else
#error "define one KILN_FAKE_VARIANT_*"
#endif

#if defined(KILN_FAKE_FILL_OUTPUT)
typedef struct {
  uint8_t *allocated;
  uint8_t *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} memref_1d;

void kiln_model_entry(void **args) {
  const memref_1d *b = (const memref_1d *)args[0];
  for (int64_t i = 0; i < b->sizes[0]; ++i)
    b->aligned[b->offset + i * b->strides[0]] = 7;
}
#elif !defined(KILN_FAKE_NO_ENTRY)
void kiln_model_entry(void **args) { (void)args; }
#endif
