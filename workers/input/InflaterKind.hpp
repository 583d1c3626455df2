#pragma once

namespace logmill::workers {

/// Which library inflates gzip input. kFastest is ISA-L when the build has it
/// (about 3x faster than zlib) and zlib otherwise; the others force one, for
/// tests and benchmarks. Asking for kIsal in a build without ISA-L gets zlib.
enum class InflaterKind { kFastest, kIsal, kZlib };

}  // namespace logmill::workers
