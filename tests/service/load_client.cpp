// The load of the service load test: CLIENTS threads, each on its own
// keep-alive connection, POST the same order-sign call until CALLS calls are
// made in all; when half are done, the server gets SIGHUP (a reload under
// load). Prints one JSON line: calls, errors, seconds, calls_per_second,
// p50_ms, p99_ms, max_ms.
//
// usage: service_load_client PORT BODY_FILE CLIENTS CALLS SERVER_PID
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: service_load_client PORT BODY_FILE CLIENTS CALLS SERVER_PID [hup|term]\n");
    return 2;
  }
  const int port = std::stoi(argv[1]);
  std::ifstream in(argv[2], std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string body = bytes.str();
  const int clients = std::stoi(argv[3]);
  const int calls = std::stoi(argv[4]);
  const pid_t server = static_cast<pid_t>(std::stol(argv[5]));
  const int midway_signal = argc == 7 && std::string(argv[6]) == "term" ? SIGTERM : SIGHUP;

  std::atomic<int> next = 0, errors = 0;
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30, 0);
      for (int i; (i = next.fetch_add(1)) < calls;) {
        if (i == calls / 2) kill(server, midway_signal);
        const auto t0 = std::chrono::steady_clock::now();
        const httplib::Result r = client.Post("/cds-services/rxrules-order-sign", body, "application/json");
        const auto t1 = std::chrono::steady_clock::now();
        if (!r || r->status != 200 || r->body.find("\"cards\"") == std::string::npos) {
          if (errors.fetch_add(1) < 5 && midway_signal == SIGHUP) std::fprintf(stderr, "call %d: %s\n", i, r ? std::to_string(r->status).c_str() : ("no answer: " + httplib::to_string(r.error())).c_str());
          continue;
        }
        latencies[static_cast<std::size_t>(c)].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))]; };
  std::printf("{\"calls\": %d, \"ok\": %zu, \"errors\": %d, \"clients\": %d, \"seconds\": %.3f, \"calls_per_second\": %.0f, "
              "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
              calls, all.size(), errors.load(), clients, seconds, static_cast<double>(all.size()) / seconds, pct(0.50),
              pct(0.99), all.empty() ? 0.0 : all.back());
  return errors.load() == 0 ? 0 : 1;
}
