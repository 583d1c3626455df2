#pragma once
// 128-bit integers (a GCC/Clang extension) for sums no input can overflow
// and for full 64x64-bit products; `__extension__` keeps -Wpedantic quiet.

namespace logmill::workers {
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;
}  // namespace logmill::workers
