// A C++ host: loads a rule-pack plugin through the rxrules SDK (Boost.DLL),
// opens its embedded pack and prints the verdict of each request.
// Usage: cpp_host PLUGIN REQUEST.json...
#include <fstream>
#include <iostream>
#include <sstream>

#include "rxrules/rxrules.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " PLUGIN REQUEST.json...\n";
    return 2;
  }
  try {
    const rxrules::Plugin plugin(argv[1]);
    const rxrules::Engine engine = plugin.open_embedded();
    std::cout << "rules " << engine.fingerprint() << "\n";
    for (int i = 2; i < argc; ++i) {
      std::ifstream in(argv[i], std::ios::binary);
      std::stringstream request;
      request << in.rdbuf();
      std::cout << argv[i] << ": " << engine.verify(request.str()).verdict() << "\n";
    }
  } catch (const rxrules::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cannot use the plugin: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
