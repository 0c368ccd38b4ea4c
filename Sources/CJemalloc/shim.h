#ifndef HOOKGATE_CJEMALLOC_SHIM_H
#define HOOKGATE_CJEMALLOC_SHIM_H
/* Linked into the hookgate executable, jemalloc takes over malloc and free for the whole
   process (Swift's runtime, curl and hiredis included): it comes before libc in the lookup
   order. Debian builds it without a prefix, so `mallctl` is its own name. */
#include <jemalloc/jemalloc.h>
#endif
