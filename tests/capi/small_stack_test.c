/* The deepest pack the limits allow, loaded and verified through the plugin
   on a thread with a 256 KB stack (a host's worker thread may have no more):
   the load-time limits (docs/safety.md) must keep the compiler's and the
   evaluator's recursion inside it. A stack overflow kills this process.
   Usage: small_stack_test GENERIC_PLUGIN WORK_DIR */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxrules/rxrules.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RXR_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RXR_ASAN 1
#endif

/* AddressSanitizer's red zones make every frame several times larger: its
   build proves the same code paths on a larger stack, the plain build on
   256 KB. */
#ifdef RXR_ASAN
static const size_t kStackBytes = 2048 * 1024;
#else
static const size_t kStackBytes = 256 * 1024;
#endif

typedef rxr_status (*open_fn)(const char *, rxr_engine **, char **);
typedef rxr_status (*verify_fn)(rxr_engine *, const char *, size_t, char **, size_t *);
typedef rxr_status (*reload_fn)(rxr_engine *, const char *, char **);
typedef void (*close_fn)(rxr_engine *);
typedef void (*free_fn)(void *);

static open_fn open_engine;
static verify_fn verify;
static reload_fn reload;
static close_fn close_engine;
static free_fn release;
static int failures = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static char pack_path[4096];

/* A pack whose rule needs `lets` lets, each built on the one before, plus
   a chain of `terms` additions on the last, and a condition nested in the
   deepest brackets the parser takes; its message shows the deepest let. */
static void write_pack(int lets, int terms) {
  FILE *f = fopen(pack_path, "w");
  int i;
  if (f == NULL) {
    perror(pack_path);
    exit(1);
  }
  fprintf(f, "pack \"deep\" version \"1\"\ndrug \"deepdrug\"\nsource T \"test\"\ncategory regimen\n"
             "field order.dose: quantity mg\nlet l0 = order.dose\n");
  for (i = 1; i <= lets; ++i) fprintf(f, "let l%d = l%d + 1 mg\n", i, i - 1);
  fprintf(f, "rule D-1 \"deep lets\" {\n  category regimen\n  severity block\n  when l%d", lets);
  for (i = 0; i < terms; ++i) fprintf(f, " + 1 mg");
  fprintf(f, " > 0 mg\n  message \"{l%d}\"\n  cite T\n}\n", lets);
  fprintf(f, "rule D-2 \"deep brackets\" {\n  category regimen\n  severity warn\n  when ");
  for (i = 0; i < 60; ++i) fputc('(', f);
  fprintf(f, "order.dose > 0 mg");
  for (i = 0; i < 60; ++i) fputc(')', f);
  fprintf(f, "\n  message \"m\"\n  cite T\n}\n");
  fclose(f);
}

static int loads(int lets, int terms) {
  rxr_engine *engine = NULL;
  char *error = NULL;
  rxr_status status;
  write_pack(lets, terms);
  status = open_engine(pack_path, &engine, &error);
  release(error);
  close_engine(engine);
  return status == RXR_OK;
}

static const char kRequest[] =
    "{\"order\": {\"drug\": \"deepdrug\", \"dose\": {\"value\": 1, \"unit\": \"mg\"}}, "
    "\"as_of\": \"2026-03-10T09:00:00Z\"}";
static const char kNoDose[] = "{\"order\": {\"drug\": \"deepdrug\"}}";

/* What the small thread does: open, verify, reload, verify, close. */
static void *on_small_stack(void *unused) {
  rxr_engine *engine = NULL;
  char *error = NULL;
  char *response = NULL;
  size_t length = 0;
  (void)unused;
  CHECK(open_engine(pack_path, &engine, &error) == RXR_OK);
  if (engine == NULL) {
    fprintf(stderr, "%s\n", error != NULL ? error : "");
    release(error);
    return NULL;
  }
  CHECK(verify(engine, kRequest, sizeof kRequest - 1, &response, &length) == RXR_OK);
  CHECK(response != NULL && strstr(response, "\"verdict\":\"block\"") != NULL);
  CHECK(response != NULL && strstr(response, "\"rule\":\"D-1\"") != NULL);
  release(response);
  CHECK(reload(engine, pack_path, &error) == RXR_OK);
  release(error);
  CHECK(verify(engine, kRequest, sizeof kRequest - 1, &response, &length) == RXR_OK);
  release(response);
  CHECK(verify(engine, kNoDose, sizeof kNoDose - 1, &response, &length) == RXR_OK); /* every rule undecided */
  CHECK(response != NULL && strstr(response, "\"missing\":[\"order.dose\"]") != NULL);
  release(response);
  close_engine(engine);
  return NULL;
}

int main(int argc, char **argv) {
  void *library;
  int lets = 1, terms = 0;
  pthread_attr_t attributes;
  pthread_t thread;
  if (argc != 3) {
    fprintf(stderr, "usage: small_stack_test GENERIC_PLUGIN WORK_DIR\n");
    return 2;
  }
  library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    fprintf(stderr, "FAIL: dlopen %s: %s\n", argv[1], dlerror());
    return 1;
  }
  *(void **)&open_engine = dlsym(library, "rxr_engine_open");
  *(void **)&verify = dlsym(library, "rxr_verify");
  *(void **)&reload = dlsym(library, "rxr_engine_reload");
  *(void **)&close_engine = dlsym(library, "rxr_engine_close");
  *(void **)&release = dlsym(library, "rxr_free");
  snprintf(pack_path, sizeof pack_path, "%s/deep.rxr", argv[2]);

  /* The longest chain of lets, then the longest chain of additions on it,
     that still load: the deepest evaluation the limits allow. */
  while (loads(lets + 1, 0)) ++lets;
  while (loads(lets, terms + 1)) ++terms;
  CHECK(lets > 10);
  CHECK(!loads(lets, terms + 1));
  write_pack(lets, terms);
  printf("deepest pack: %d lets and %d more additions; verified on a %zu KB stack\n", lets, terms,
         kStackBytes / 1024);

  pthread_attr_init(&attributes);
  CHECK(pthread_attr_setstacksize(&attributes, kStackBytes) == 0);
  CHECK(pthread_create(&thread, &attributes, on_small_stack, NULL) == 0);
  pthread_join(thread, NULL);
  pthread_attr_destroy(&attributes);
  if (failures > 0) fprintf(stderr, "%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
