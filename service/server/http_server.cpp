#include "service/server/http_server.h"

#include <sys/socket.h>

#include <httplib.h>

namespace rxrules::service {

namespace {

constexpr const char* kJson = "application/json";
// cpp-httplib bounds each header line (8 KiB) but not their number.
constexpr std::size_t kMaxHeaders = 100;
// Debian's cpp-httplib is a compiled library: its listen backlog (5) and
// requests per keep-alive connection (5) are fixed in it. A backlog of 5
// drops the SYNs of an EHR's burst of connections (each retried after 1 s);
// closing every connection after 5 calls makes clients reconnect constantly.
constexpr std::size_t kCallsPerConnection = 1000;

void send(httplib::Response& res, const Answer& answer) {
  res.status = answer.status;
  res.set_content(answer.body, kJson);
}

}  // namespace

struct HttpServer::Impl {
  CdsService& service;
  HttpOptions options;
  std::unique_ptr<httplib::Server> server;

  Impl(CdsService& s, HttpOptions o) : service(s), options(std::move(o)) {
    if (!options.tls_cert.empty()) {
      server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    } else {
      server = std::make_unique<httplib::Server>();
    }
    configure();
  }

  void configure() {
    httplib::Server& s = *server;
    const unsigned threads = options.threads;
    s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.set_payload_max_length(options.max_body_bytes);
    // Answers are written in pieces (headers, body): without this, Nagle's
    // algorithm and the client's delayed ACK add ~40 ms to every call.
    s.set_tcp_nodelay(true);
    s.set_read_timeout(options.timeout_seconds, 0);
    s.set_write_timeout(options.timeout_seconds, 0);
    s.set_keep_alive_timeout(options.timeout_seconds);
    s.set_keep_alive_max_count(kCallsPerConnection);
    // CORS: EHRs embed CDS clients in browsers (CDS Hooks 2.0, "CORS").
    s.set_default_headers({{"Access-Control-Allow-Origin", "*"},
                           {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                           {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                           {"Access-Control-Expose-Headers", "WWW-Authenticate"}});
    s.Options(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });

    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (req.headers.size() > kMaxHeaders) {
        send(res, problem(431, "too-costly", "more than " + std::to_string(kMaxHeaders) + " header fields"));
        return httplib::Server::HandlerResponse::Handled;
      }
      // A browser's preflight carries no token; every other call must (cds-hooks.md, "Security").
      if (!options.authorize || req.method == "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
      const std::optional<std::string> refused = options.authorize(req.get_header_value("Authorization"));
      if (!refused) return httplib::Server::HandlerResponse::Unhandled;
      send(res, problem(401, "security", *refused));
      res.set_header("WWW-Authenticate", "Bearer");
      return httplib::Server::HandlerResponse::Handled;
    });

    s.Get("/cds-services", [this](const httplib::Request&, httplib::Response& res) { send(res, service.discovery()); });
    s.Post(R"(/cds-services/([^/]+)/feedback)", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, service.feedback(req.matches[1].str(), req.body));
    });
    s.Post(R"(/cds-services/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, service.hook(req.matches[1].str(), req.body));
    });
    s.Post("/verify", [this](const httplib::Request& req, httplib::Response& res) { send(res, service.verify(req.body)); });
    s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { send(res, service.healthz()); });

    // What httplib refuses itself (413 too large, 404 no route, 400 bad
    // request line) gets the same OperationOutcome body; a body over the
    // limit is a 400 as the contract says.
    s.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
      if (res.status == 413) {
        send(res, problem(400, "too-costly", "the body is larger than " + std::to_string(options.max_body_bytes) + " bytes"));
      } else if (res.body.empty()) {
        send(res, res.status == 404 ? problem(404, "not-found", "no such endpoint")
                                    : problem(res.status, "invalid", "the request was refused"));
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    // A failure while answering (the audit log cannot commit) is the
    // service's fault: 503, and the call is not answered as done.
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "the service failed";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what += std::string(": ") + e.what();
      } catch (...) {
      }
      send(res, problem(503, "transient", what));
    });
  }
};

HttpServer::HttpServer(CdsService& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() = default;

bool HttpServer::valid() const { return impl_->server->is_valid(); }

int HttpServer::bind() {
  if (!valid()) return -1;
  httplib::Server& s = *impl_->server;
  // The listening socket is created inside bind_to_port; its options hook
  // is the one place that sees it, so that the backlog can be raised.
  socket_t listening = INVALID_SOCKET;
  s.set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  const int port = impl_->options.port == 0 ? s.bind_to_any_port(impl_->options.host)
                                            : (s.bind_to_port(impl_->options.host, impl_->options.port) ? impl_->options.port : -1);
  s.set_socket_options(httplib::default_socket_options);
  // listen() again on a listening socket only changes its backlog (Linux);
  // the kernel caps it at net.core.somaxconn.
  if (port > 0 && listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);
  return port;
}

bool HttpServer::run() { return impl_->server->listen_after_bind(); }

void HttpServer::stop() { impl_->server->stop(); }

}  // namespace rxrules::service
