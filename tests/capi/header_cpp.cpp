// The public header compiles on its own as C++ with every warning an error.
#include "rxrules/rxrules.h"

int main() { return RXR_ABI_VERSION == 1 && RXR_OK == 0 ? 0 : 1; }
