#pragma once
// Refusing to write a run's output over one of its inputs (`report -o x.log
// x.log`): the input would be gone before anyone noticed.

#include <stdexcept>
#include <string>
#include <vector>

namespace logmill::engine {

/// An output file that is also an input (a usage problem: exit 2).
class OutputIsInput : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Throws OutputIsInput when an existing file named in `outputs` (empty and
/// "-" are skipped) is the same file, by device and inode, as one of
/// `inputs` (after discovery; "-" is stdin and skipped). The message names
/// both paths. Outputs that do not exist yet cannot be an input.
void checkOutputNotInput(const std::vector<std::string>& outputs,
                         const std::vector<std::string>& inputs);

}  // namespace logmill::engine
