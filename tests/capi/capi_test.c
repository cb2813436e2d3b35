/* The C ABI from a C host: loads a plugin with dlopen and exercises every
   function, those of version 1.1 too (found with dlsym, as a host does).
   Usage: capi_test GENERIC_PLUGIN PACK_PLUGIN RULES_DIR REQUEST_JSON.
   Everything the plugins might print goes to files that must stay empty. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rxrules/rxrules.h"

typedef struct Api {
  uint32_t (*abi_version)(void);
  const char *(*version)(void);
  rxr_status (*open)(const char *, rxr_engine **, char **);
  rxr_status (*open_pinned)(const char *, const char *, rxr_engine **, char **);
  rxr_status (*verify)(rxr_engine *, const char *, size_t, char **, size_t *);
  rxr_status (*reload)(rxr_engine *, const char *, char **);
  const char *(*fingerprint)(const rxr_engine *);
  void (*close)(rxr_engine *);
  void (*free)(void *);
  const char *(*status_name)(rxr_status);
  /* 1.1 */
  rxr_status (*fingerprint_copy)(const rxr_engine *, char **);
  rxr_status (*info)(const rxr_engine *, char **);
  rxr_status (*reload_pinned)(rxr_engine *, const char *, const char *, char **);
  rxr_status (*verify_ex)(rxr_engine *, const char *, size_t, const rxr_verify_options *, char **, size_t *);
} Api;

static int failures = 0;
static FILE *report;  /* the real stderr, kept before it is redirected */

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(report, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);      \
      ++failures;                                                          \
    }                                                                      \
  } while (0)

static void *symbol(void *library, const char *name) {
  void *p = dlsym(library, name);
  if (p == NULL) {
    fprintf(report, "FAIL: %s not exported\n", name);
    exit(1);
  }
  return p;
}

static Api load(const char *path) {
  Api api;
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    fprintf(report, "FAIL: dlopen %s: %s\n", path, dlerror());
    exit(1);
  }
  *(void **)&api.abi_version = symbol(library, "rxr_abi_version");
  *(void **)&api.version = symbol(library, "rxr_version");
  *(void **)&api.open = symbol(library, "rxr_engine_open");
  *(void **)&api.open_pinned = symbol(library, "rxr_engine_open_pinned");
  *(void **)&api.verify = symbol(library, "rxr_verify");
  *(void **)&api.reload = symbol(library, "rxr_engine_reload");
  *(void **)&api.fingerprint = symbol(library, "rxr_engine_fingerprint");
  *(void **)&api.close = symbol(library, "rxr_engine_close");
  *(void **)&api.free = symbol(library, "rxr_free");
  *(void **)&api.status_name = symbol(library, "rxr_status_name");
  *(void **)&api.fingerprint_copy = symbol(library, "rxr_engine_fingerprint_copy");
  *(void **)&api.info = symbol(library, "rxr_engine_info");
  *(void **)&api.reload_pinned = symbol(library, "rxr_engine_reload_pinned");
  *(void **)&api.verify_ex = symbol(library, "rxr_verify_ex");
  return api;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  size_t got = fread(text, 1, (size_t)size, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

/* A one-rule pack for the drug "tinydrug" whose rule id is `id`: two of
   them make two versions. */
static void write_pack(const char *dir, const char *id) {
  char path[512], text[1024];
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/pack.rxr", dir);
  snprintf(text, sizeof text,
           "pack \"tiny\" version \"%s\"\ndrug \"tinydrug\"\nsource T \"test\"\ncategory regimen\n"
           "rule %s \"always\" {\n category regimen\n severity info\n when true\n"
           " message \"version %s\"\n cite T\n}\n", id, id, id);
  write_file(path, text);
}

static void test_arguments_and_errors(const Api *api, const char *request) {
  char *error = NULL;
  rxr_engine *engine = NULL;
  CHECK(api->abi_version() == RXR_ABI_VERSION);
  CHECK(strlen(api->version()) > 0);
  CHECK(strcmp(api->status_name(RXR_FINGERPRINT_MISMATCH), "RXR_FINGERPRINT_MISMATCH") == 0);
  CHECK(strcmp(api->status_name((rxr_status)42), "RXR_UNKNOWN_STATUS") == 0);

  CHECK(api->open("x", NULL, &error) == RXR_INVALID_ARGUMENT);
  CHECK(error != NULL);
  api->free(error);
  CHECK(api->open("/nonexistent/rules", &engine, &error) == RXR_IO_ERROR);
  CHECK(engine == NULL && error != NULL && strstr(error, "/nonexistent/rules") != NULL);
  api->free(error);
  CHECK(api->open("/nonexistent/rules", &engine, NULL) == RXR_IO_ERROR);

  write_file("bad.rxr", "pack \"bad\" version \"1\"\nconst X = 3 mgg\nconst Y = labs.ancc\n");
  CHECK(api->open("bad.rxr", &engine, &error) == RXR_RULES_ERROR);
  CHECK(error != NULL && strstr(error, "bad.rxr:2:13: error: unknown unit 'mgg'") != NULL);
  CHECK(error != NULL && strstr(error, "bad.rxr:3:11: error: unknown name 'labs.ancc'") != NULL);
  api->free(error);

  CHECK(api->open_pinned("x", NULL, &engine, &error) == RXR_INVALID_ARGUMENT);
  api->free(error);

  char *response = NULL;
  size_t length = 0;
  CHECK(api->verify(NULL, request, strlen(request), &response, &length) == RXR_INVALID_ARGUMENT);
  api->free(response);
  CHECK(api->verify(NULL, request, strlen(request), NULL, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(api->reload(NULL, "x", &error) == RXR_INVALID_ARGUMENT);
  api->free(error);
  CHECK(strcmp(api->fingerprint(NULL), "") == 0);
  api->close(NULL);
  api->free(NULL);
}

static void test_generic_plugin(const Api *api, const char *pack_dir, const char *request) {
  char *error = NULL, *response = NULL;
  size_t length = 0;
  rxr_engine *engine = NULL;
  CHECK(api->open(NULL, &engine, &error) == RXR_INVALID_ARGUMENT);
  CHECK(engine == NULL && error != NULL);
  api->free(error);

  CHECK(api->open(pack_dir, &engine, &error) == RXR_OK);
  CHECK(error == NULL);
  const char *fingerprint = api->fingerprint(engine);
  CHECK(strncmp(fingerprint, "sha256:", 7) == 0 && strlen(fingerprint) == 7 + 64);

  CHECK(api->verify(engine, request, strlen(request), &response, &length) == RXR_OK);
  CHECK(response != NULL && length == strlen(response));
  CHECK(response != NULL && strstr(response, "\"verdict\":\"pass\"") != NULL);
  /* The answering pack's fingerprint (the engine's is the catalogue's). */
  CHECK(response != NULL && strstr(response, "\"ruleset\":{\"name\":\"none\"") == NULL);
  CHECK(response != NULL && strstr(response, "\"fingerprint\":\"sha256:") != NULL);
  api->free(response);

  const char *not_json = "{\"id\": ";
  CHECK(api->verify(engine, not_json, strlen(not_json), &response, &length) == RXR_REQUEST_ERROR);
  CHECK(response != NULL && strncmp(response, "{\"error\":", 9) == 0);
  api->free(response);
  CHECK(api->verify(engine, "[1]", 3, &response, NULL) == RXR_REQUEST_ERROR);
  api->free(response);
  /* request_len is honoured: only "{}" of "{}garbage" is read. */
  CHECK(api->verify(engine, "{}garbage", 2, &response, NULL) == RXR_OK);
  api->free(response);

  /* A failed reload keeps the old rules and says why. */
  CHECK(api->reload(engine, "bad.rxr", &error) == RXR_RULES_ERROR);
  CHECK(error != NULL && strstr(error, "bad.rxr:2:13") != NULL);
  api->free(error);
  CHECK(strcmp(api->fingerprint(engine), fingerprint) == 0);

  char *pinned_error = NULL;
  rxr_engine *pinned = NULL;
  CHECK(api->open_pinned(pack_dir, "sha256:0000", &pinned, &pinned_error) == RXR_FINGERPRINT_MISMATCH);
  CHECK(pinned == NULL && pinned_error != NULL);
  api->free(pinned_error);
  CHECK(api->open_pinned(pack_dir, fingerprint, &pinned, &pinned_error) == RXR_OK);
  api->close(pinned);
  api->close(engine);
}

static void test_pack_plugin(const Api *pack_api, const Api *generic, const char *pack_dir, const char *request) {
  rxr_engine *embedded = NULL, *from_disk = NULL;
  char *error = NULL, *response = NULL;
  CHECK(pack_api->open(NULL, &embedded, &error) == RXR_OK);
  CHECK(generic->open(pack_dir, &from_disk, &error) == RXR_OK);
  /* The embedded pack is the same rules as the files: same fingerprint. */
  CHECK(strcmp(pack_api->fingerprint(embedded), generic->fingerprint(from_disk)) == 0);
  CHECK(pack_api->verify(embedded, request, strlen(request), &response, NULL) == RXR_OK);
  CHECK(response != NULL && strstr(response, "\"ruleset\":{\"name\":\"none\"") == NULL);
  pack_api->free(response);
  CHECK(pack_api->reload(embedded, NULL, &error) == RXR_OK);
  pack_api->close(embedded);
  generic->close(from_disk);
}

typedef struct Worker {
  const Api *api;
  rxr_engine *engine;
  const char *fingerprint_a, *fingerprint_b;
  int wrong;
  int answered;
} Worker;

/* Each response must be wholly one version: its fingerprint and its rule agree. */
static void *verify_repeatedly(void *argument) {
  Worker *w = argument;
  const char *request = "{\"id\": \"t\", \"order\": {\"drug\": \"tinydrug\"}}";
  for (int i = 0; i < 400; ++i) {
    char *response = NULL;
    if (w->api->verify(w->engine, request, strlen(request), &response, NULL) != RXR_OK) {
      ++w->wrong;
      continue;
    }
    const int is_a = strstr(response, w->fingerprint_a) != NULL && strstr(response, "\"rule\":\"A-1\"") != NULL &&
                     strstr(response, "B-1") == NULL;
    const int is_b = strstr(response, w->fingerprint_b) != NULL && strstr(response, "\"rule\":\"B-1\"") != NULL &&
                     strstr(response, "A-1") == NULL;
    if (!is_a && !is_b) ++w->wrong;
    ++w->answered;
    w->api->free(response);
  }
  return NULL;
}

static void test_reload_while_verifying(const Api *api) {
  write_pack("pack-a", "A-1");
  write_pack("pack-b", "B-1");
  rxr_engine *engine = NULL;
  char *error = NULL;
  CHECK(api->open("pack-b", &engine, &error) == RXR_OK);
  char fingerprint_b[80];
  snprintf(fingerprint_b, sizeof fingerprint_b, "%s", api->fingerprint(engine));
  CHECK(api->reload(engine, "pack-a", &error) == RXR_OK);
  char fingerprint_a[80];
  snprintf(fingerprint_a, sizeof fingerprint_a, "%s", api->fingerprint(engine));
  CHECK(strcmp(fingerprint_a, fingerprint_b) != 0);

  Worker workers[4];
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i) {
    workers[i] = (Worker){api, engine, fingerprint_a, fingerprint_b, 0, 0};
    pthread_create(&threads[i], NULL, verify_repeatedly, &workers[i]);
  }
  for (int i = 0; i < 100; ++i) CHECK(api->reload(engine, i % 2 ? "pack-a" : "pack-b", NULL) == RXR_OK);
  for (int i = 0; i < 4; ++i) {
    pthread_join(threads[i], NULL);
    CHECK(workers[i].wrong == 0);
    CHECK(workers[i].answered == 400);
  }
  api->close(engine);
}


/* ---- Version 1.1 ---- */

static void test_info_and_fingerprint_copy(const Api *api, const char *rules_dir) {
  rxr_engine *engine = NULL;
  char *copy = NULL, *info = NULL;
  CHECK(api->fingerprint_copy(NULL, &copy) == RXR_INVALID_ARGUMENT && copy == NULL);
  CHECK(api->info(NULL, &info) == RXR_INVALID_ARGUMENT && info == NULL);
  CHECK(api->open(rules_dir, &engine, NULL) == RXR_OK);
  CHECK(api->fingerprint_copy(engine, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(api->info(engine, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(api->fingerprint_copy(engine, &copy) == RXR_OK);
  CHECK(copy != NULL && strcmp(copy, api->fingerprint(engine)) == 0);
  CHECK(api->info(engine, &info) == RXR_OK && info != NULL);
  if (info != NULL) {
    char expected[128];
    snprintf(expected, sizeof expected, "{\"abi\":1,\"engine\":\"%s\",\"fingerprint\":\"%s\",\"packs\":[", api->version(),
             copy != NULL ? copy : "");
    CHECK(strncmp(info, expected, strlen(expected)) == 0);
    CHECK(strstr(info, "{\"name\":\"inotuzumab-ozogamicin\",\"version\":\"") != NULL);
    CHECK(strstr(info, "\"drug\":\"inotuzumab ozogamicin\",\"aka\":[\"besponsa\"") != NULL);
    CHECK(strstr(info, "\"policies\":{") != NULL && strstr(info, "\"DOSE_REVIEW_TOLERANCE\":\"5 %\"") != NULL);
    CHECK(strstr(info, "\"notices\":[\"") != NULL);
    CHECK(strstr(info, "common-lists") == NULL); /* shared folders answer no order: not a pack here */
  }
  api->free(copy);
  api->free(info);
  api->close(engine);
}

static void test_verify_options(const Api *api, const char *rules_dir, const char *request) {
  rxr_engine *engine = NULL;
  char *plain = NULL, *out = NULL;
  size_t length = 0;
  CHECK(api->open(rules_dir, &engine, NULL) == RXR_OK);
  CHECK(api->verify(engine, request, strlen(request), &plain, NULL) == RXR_OK);
  /* NULL options is rxr_verify, byte for byte (the request has its as_of). */
  CHECK(api->verify_ex(engine, request, strlen(request), NULL, &out, &length) == RXR_OK);
  CHECK(out != NULL && plain != NULL && strcmp(out, plain) == 0 && length == strlen(out));
  api->free(out);
  rxr_verify_options options = {sizeof(rxr_verify_options), 0};
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_OK);
  CHECK(out != NULL && plain != NULL && strcmp(out, plain) == 0);
  api->free(out);
  options.flags = RXR_VERIFY_EXPLAIN;
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_OK);
  CHECK(out != NULL && strstr(out, "\"explain\":[{\"rule\":\"INO-ELIG-001\",\"result\":\"false\"") != NULL);
  api->free(out);
  options.flags = RXR_VERIFY_TEXT;
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_OK);
  CHECK(out != NULL && strncmp(out, "Order ", 6) == 0 && strstr(out, "Explanation") == NULL);
  api->free(out);
  options.flags = RXR_VERIFY_TEXT | RXR_VERIFY_EXPLAIN;
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_OK);
  CHECK(out != NULL && strncmp(out, "Order ", 6) == 0 && strstr(out, "INO-ELIG-001 false") != NULL);
  api->free(out);
  /* A request error is the JSON error object whatever the flags. */
  CHECK(api->verify_ex(engine, "[1]", 3, &options, &out, NULL) == RXR_REQUEST_ERROR);
  CHECK(out != NULL && strncmp(out, "{\"error\":", 9) == 0);
  api->free(out);
  options.struct_size = sizeof(size_t);
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(out != NULL && strstr(out, "struct_size") != NULL);
  api->free(out);
  options.struct_size = sizeof(rxr_verify_options);
  options.flags = 4u;
  CHECK(api->verify_ex(engine, request, strlen(request), &options, &out, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(out != NULL && strstr(out, "flags") != NULL);
  api->free(out);
  CHECK(api->verify_ex(engine, request, strlen(request), &options, NULL, NULL) == RXR_INVALID_ARGUMENT);
  api->free(plain);
  api->close(engine);
}

static void test_pins(const Api *api) {
  write_pack("pack-a", "A-1");
  write_pack("pack-b", "B-1");
  rxr_engine *engine = NULL;
  char *error = NULL;
  char a[80], b[80];
  CHECK(api->open("pack-a", &engine, NULL) == RXR_OK);
  snprintf(a, sizeof a, "%s", api->fingerprint(engine));
  CHECK(api->reload(engine, "pack-b", NULL) == RXR_OK);
  snprintf(b, sizeof b, "%s", api->fingerprint(engine));
  /* Malformed fingerprints are invalid arguments here (not mismatches). */
  CHECK(api->reload_pinned(engine, "pack-a", "sha256:0000", &error) == RXR_INVALID_ARGUMENT && error != NULL);
  api->free(error);
  CHECK(api->reload_pinned(engine, "pack-a", NULL, NULL) == RXR_INVALID_ARGUMENT);
  CHECK(api->reload_pinned(NULL, "pack-a", a, NULL) == RXR_INVALID_ARGUMENT);
  /* A path that does not load answers as a reload does, before any comparison. */
  CHECK(api->reload_pinned(engine, "/nonexistent/rules", a, &error) == RXR_IO_ERROR);
  api->free(error);
  /* Other rules than the expected ones: refused, the old ones stay. */
  CHECK(api->reload_pinned(engine, "pack-a", b, &error) == RXR_FINGERPRINT_MISMATCH && error != NULL);
  api->free(error);
  CHECK(strcmp(api->fingerprint(engine), b) == 0);
  /* The expected rules: in force and pinned; a plain reload keeps the pin. */
  CHECK(api->reload_pinned(engine, "pack-a", a, NULL) == RXR_OK);
  CHECK(strcmp(api->fingerprint(engine), a) == 0);
  CHECK(api->reload(engine, "pack-b", &error) == RXR_FINGERPRINT_MISMATCH && error != NULL);
  api->free(error);
  CHECK(strcmp(api->fingerprint(engine), a) == 0);
  CHECK(api->reload(engine, "pack-a", NULL) == RXR_OK);
  /* reload_pinned moves the pin. */
  CHECK(api->reload_pinned(engine, "pack-b", b, NULL) == RXR_OK);
  CHECK(api->reload(engine, "pack-a", NULL) == RXR_FINGERPRINT_MISMATCH);
  api->close(engine);

  /* An engine opened pinned keeps its pin on reload. */
  CHECK(api->open_pinned("pack-a", a, &engine, NULL) == RXR_OK);
  CHECK(api->reload(engine, "pack-b", NULL) == RXR_FINGERPRINT_MISMATCH);
  CHECK(strcmp(api->fingerprint(engine), a) == 0);
  CHECK(api->reload(engine, "pack-a", NULL) == RXR_OK);
  api->close(engine);
  /* open_pinned keeps its version-1 answer to a malformed fingerprint. */
  CHECK(api->open_pinned("pack-a", "not-a-fingerprint", &engine, NULL) == RXR_FINGERPRINT_MISMATCH);
}

/* Fingerprint pointers read while another thread reloads stay valid until
   close, and say one of the two versions; copies and info alike. */
typedef struct Reader {
  const Api *api;
  rxr_engine *engine;
  const char *a, *b;
  const char *seen[200];
  int wrong;
} Reader;

static void *read_fingerprints(void *argument) {
  Reader *r = argument;
  for (int i = 0; i < 200; ++i) {
    r->seen[i] = r->api->fingerprint(r->engine);
    if (strcmp(r->seen[i], r->a) != 0 && strcmp(r->seen[i], r->b) != 0) ++r->wrong;
    char *copy = NULL, *info = NULL;
    if (r->api->fingerprint_copy(r->engine, &copy) != RXR_OK || (strcmp(copy, r->a) != 0 && strcmp(copy, r->b) != 0)) ++r->wrong;
    if (r->api->info(r->engine, &info) != RXR_OK || strstr(info, "\"name\":\"tiny\"") == NULL) ++r->wrong;
    r->api->free(copy);
    r->api->free(info);
  }
  return NULL;
}

static void fingerprints_during_reloads(const Api *api, int pinned) {
  write_pack("pack-a", "A-1");
  write_pack("pack-b", "B-1");
  rxr_engine *engine = NULL;
  char a[80], b[80];
  CHECK(api->open("pack-a", &engine, NULL) == RXR_OK);
  snprintf(a, sizeof a, "%s", api->fingerprint(engine));
  CHECK(api->reload(engine, "pack-b", NULL) == RXR_OK);
  snprintf(b, sizeof b, "%s", api->fingerprint(engine));
  Reader readers[3];
  pthread_t threads[3];
  for (int i = 0; i < 3; ++i) {
    readers[i].api = api;
    readers[i].engine = engine;
    readers[i].a = a;
    readers[i].b = b;
    readers[i].wrong = 0;
    pthread_create(&threads[i], NULL, read_fingerprints, &readers[i]);
  }
  for (int i = 0; i < 100; ++i) {
    const char *path = i % 2 ? "pack-a" : "pack-b";
    const rxr_status s = pinned ? api->reload_pinned(engine, path, i % 2 ? a : b, NULL) : api->reload(engine, path, NULL);
    CHECK(s == RXR_OK);
  }
  for (int i = 0; i < 3; ++i) pthread_join(threads[i], NULL);
  /* Read again after the reloads: every pointer handed out is still valid. */
  for (int i = 0; i < 3; ++i) {
    CHECK(readers[i].wrong == 0);
    for (int k = 0; k < 200; ++k) CHECK(strcmp(readers[i].seen[k], a) == 0 || strcmp(readers[i].seen[k], b) == 0);
  }
  api->close(engine);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: capi_test GENERIC_PLUGIN PACK_PLUGIN RULES_DIR REQUEST_JSON\n");
    return 2;
  }
  char *request = read_file(argv[4]);
  char work[] = "/tmp/rxr-capi-XXXXXX";
  if (request == NULL || mkdtemp(work) == NULL || chdir(work) != 0) return 2;

  /* Nothing may reach stdout or stderr: send both to files and look at them after. */
  report = fdopen(dup(2), "w");
  fflush(stdout);
  fflush(stderr);
  if (freopen("stdout.txt", "w", stdout) == NULL || freopen("stderr.txt", "w", stderr) == NULL) return 2;

  const Api generic = load(argv[1]);
  const Api pack = load(argv[2]);
  test_arguments_and_errors(&generic, request);
  test_generic_plugin(&generic, argv[3], request);
  test_pack_plugin(&pack, &generic, argv[3], request);
  test_reload_while_verifying(&generic);
  test_info_and_fingerprint_copy(&generic, argv[3]);
  test_verify_options(&generic, argv[3], request);
  test_pins(&generic);
  fingerprints_during_reloads(&generic, 0);
  fingerprints_during_reloads(&generic, 1);

  fflush(stdout);
  fflush(stderr);
  struct stat out_stat, err_stat;
  stat("stdout.txt", &out_stat);
  stat("stderr.txt", &err_stat);
  CHECK(out_stat.st_size == 0);
  CHECK(err_stat.st_size == 0);

  fprintf(report, "%d passed, %d failed\n", failures == 0 ? 1 : 0, failures == 0 ? 0 : 1);
  free(request);
  return failures == 0 ? 0 : 1;
}
