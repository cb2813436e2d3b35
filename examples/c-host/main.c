/* A C host: loads a rule-pack plugin with dlopen, opens its embedded pack
   and prints the verdict of each request. No C++ anywhere.
   Usage: c_host PLUGIN REQUEST.json... */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxrules/rxrules.h"

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  const size_t got = fread(text, 1, (size_t)size, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

/* The verdict field of a response, copied into `out`. */
static void verdict_of(const char *response, char *out, size_t size) {
  const char *key = strstr(response, "\"verdict\":\"");
  out[0] = '\0';
  if (key == NULL) return;
  key += strlen("\"verdict\":\"");
  size_t n = 0;
  while (key[n] != '"' && key[n] != '\0' && n + 1 < size) ++n;
  memcpy(out, key, n);
  out[n] = '\0';
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PLUGIN REQUEST.json...\n", argv[0]);
    return 2;
  }
  void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (plugin == NULL) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  uint32_t (*abi_version)(void);
  rxr_status (*engine_open)(const char *, rxr_engine **, char **);
  rxr_status (*verify)(rxr_engine *, const char *, size_t, char **, size_t *);
  const char *(*fingerprint)(const rxr_engine *);
  void (*engine_close)(rxr_engine *);
  void (*release)(void *);
  const char *(*status_name)(rxr_status);
  *(void **)&abi_version = dlsym(plugin, "rxr_abi_version");
  *(void **)&engine_open = dlsym(plugin, "rxr_engine_open");
  *(void **)&verify = dlsym(plugin, "rxr_verify");
  *(void **)&fingerprint = dlsym(plugin, "rxr_engine_fingerprint");
  *(void **)&engine_close = dlsym(plugin, "rxr_engine_close");
  *(void **)&release = dlsym(plugin, "rxr_free");
  *(void **)&status_name = dlsym(plugin, "rxr_status_name");
  if (abi_version == NULL || abi_version() != RXR_ABI_VERSION) {
    fprintf(stderr, "%s is not an rxrules plugin of ABI version %d\n", argv[1], RXR_ABI_VERSION);
    return 2;
  }

  rxr_engine *engine = NULL;
  char *error = NULL;
  rxr_status status = engine_open(NULL, &engine, &error);
  if (status != RXR_OK) {
    fprintf(stderr, "%s: %s\n", status_name(status), error);
    release(error);
    return 1;
  }
  printf("rules %s\n", fingerprint(engine));
  int exit_status = 0;
  for (int i = 2; i < argc; ++i) {
    char *request = read_file(argv[i]);
    if (request == NULL) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      exit_status = 2;
      continue;
    }
    char *response = NULL;
    status = verify(engine, request, strlen(request), &response, NULL);
    if (status == RXR_OK) {
      char verdict[16];
      verdict_of(response, verdict, sizeof verdict);
      printf("%s: %s\n", argv[i], verdict);
    } else {
      printf("%s: %s %s\n", argv[i], status_name(status), response);
      exit_status = 1;
    }
    release(response);
    free(request);
  }
  engine_close(engine);
  dlclose(plugin);
  return exit_status;
}
