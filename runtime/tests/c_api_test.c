/* The public header used from plain C99 (built with -std=c99 -pedantic):
 * opens the fake model, runs it, and checks the result and one error. Exits
 * nonzero on failure. */
#include <kiln/kiln.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(cond)                                               \
  do {                                                             \
    if (!(cond)) {                                                 \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                  \
    }                                                              \
  } while (0)

int main(void) {
  const char *path = getenv("KILN_TEST_MODEL");
  kiln_model *model = NULL;
  kiln_status *st;
  EXPECT(path != NULL);
  if (!path) return 1;
  st = kiln_model_open(path, &model);
  if (st) {
    fprintf(stderr, "open failed: %s\n", kiln_status_message(st));
    kiln_status_free(st);
    return 1;
  }
  EXPECT(kiln_abi_version() == KILN_ABI_VERSION);
  EXPECT(kiln_model_num_inputs(model) == 2);
  {
    const int64_t a_shape[2] = {2, 3}, b_shape[1] = {3};
    float a[6] = {1, 2, 3, 4, 5, 6}, b[3] = {0.5f, 0.25f, 0.125f}, sum[6];
    const float want[6] = {1.5f, 2.25f, 3.125f, 4.5f, 5.25f, 6.125f};
    kiln_tensor inputs[2], outputs[1];
    int i;
    memset(inputs, 0, sizeof inputs);
    memset(outputs, 0, sizeof outputs);
    inputs[0].data = a;
    inputs[0].dtype = KILN_DTYPE_F32;
    inputs[0].rank = 2;
    inputs[0].shape = a_shape;
    inputs[1].data = b;
    inputs[1].dtype = KILN_DTYPE_F32;
    inputs[1].rank = 1;
    inputs[1].shape = b_shape;
    outputs[0] = inputs[0];
    outputs[0].data = sum;
    st = kiln_model_run(model, inputs, 2, outputs, 1);
    EXPECT(st == NULL);
    kiln_status_free(st);
    for (i = 0; i < 6; ++i) EXPECT(sum[i] == want[i]);

    inputs[0].dtype = KILN_DTYPE_F64;
    st = kiln_model_run(model, inputs, 2, outputs, 1);
    EXPECT(kiln_status_get_code(st) == KILN_ERROR_DTYPE_MISMATCH);
    EXPECT(strstr(kiln_status_message(st), "input 0 'a'") != NULL);
    kiln_status_free(st);
  }
  kiln_model_close(model);
  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
