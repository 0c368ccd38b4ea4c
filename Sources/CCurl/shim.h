#ifndef HOOKGATE_CCURL_SHIM_H
#define HOOKGATE_CCURL_SHIM_H
#include <curl/curl.h>
#include <pthread.h>

/* Names the curl thread for `top -H` and perf. glibc declares it only under _GNU_SOURCE,
   which Swift's Glibc module is not built with. */
int pthread_setname_np(pthread_t thread, const char *name);

// curl_easy_setopt and curl_easy_getinfo are variadic and so invisible to Swift;
// these typed wrappers are the only way Swift code reaches them.
static inline CURLcode hg_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode hg_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode hg_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode hg_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*hg_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode hg_curl_easy_setopt_callback(CURL *handle, CURLoption option, hg_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode hg_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode hg_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode hg_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}
#endif
