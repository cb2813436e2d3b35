// The HTTP side of `rxrules serve`: routes of cds-hooks.md over
// cpp-httplib, a fixed thread pool, body and time limits, CORS, JWT.
#pragma once

#include <memory>
#include <string>

#include "service/server/cds_service.h"

namespace rxrules::service {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  unsigned threads = 8;
  std::size_t max_body_bytes = 1 << 20;
  int timeout_seconds = 10;   // reading a request, writing an answer, an idle keep-alive connection
  std::string tls_cert, tls_key;  // both set: HTTPS
  Authorize authorize;        // empty: development mode, no JWT check
};

class HttpServer {
 public:
  HttpServer(CdsService& service, HttpOptions options);
  ~HttpServer();

  // False when the TLS certificate or key cannot be used.
  bool valid() const;
  // Binds the listening socket; the port bound (the one asked for, or the free one chosen), or -1.
  int bind();
  // Serves until stop(); calls in flight are finished before it returns.
  bool run();
  // Stops accepting; safe from another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rxrules::service
