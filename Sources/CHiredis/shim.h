#ifndef HOOKGATE_CHIREDIS_SHIM_H
#define HOOKGATE_CHIREDIS_SHIM_H
#include <hiredis.h>
#endif
