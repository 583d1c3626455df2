#pragma once
// Whether this test binary runs under a sanitizer. Tests that count page
// faults or rely on glibc's malloc settings skip there: ASan and TSan map
// shadow memory as the program touches its own (faults of their own) and
// replace malloc (mallopt has no effect).

namespace logmill::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kUnderSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kUnderSanitizer = true;
#else
inline constexpr bool kUnderSanitizer = false;
#endif
#else
inline constexpr bool kUnderSanitizer = false;
#endif

}  // namespace logmill::testing
