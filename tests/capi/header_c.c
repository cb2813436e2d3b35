/* The public header compiles on its own as C99 with every warning an error. */
#include "rxrules/rxrules.h"

int main(void) { return RXR_ABI_VERSION == 1 && RXR_OK == 0 ? 0 : 1; }
