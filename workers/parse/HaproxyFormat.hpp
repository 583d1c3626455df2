#pragma once
// HAProxy's `option httplog` line (`--log-format haproxy`), with or without
// the syslog prefix before `haproxy[pid]: `:
//   client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status
//   bytes req_cookie res_cookie termination_state
//   actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
//   {captured request headers} {captured response headers} "request"
// (the captures only when configured). The accept date has milliseconds and
// no zone: it is kept as `dd/Mon/yyyy:HH:MM:SS +0000` (HAProxy logs the
// local time of its host, which logmill cannot know).

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "workers/parse/LineFormat.hpp"

namespace logmill::workers {

class HaproxyFormat final : public LineFormat {
 public:
  static constexpr std::size_t kExtraCount = 20;

  [[nodiscard]] LineKind read(std::string_view line, LogRecord& out,
                              FieldMask needed) noexcept override;
  [[nodiscard]] const std::string& name() const override;
  [[nodiscard]] std::span<const std::string> extraFieldNames() const override;

 private:
  [[nodiscard]] bool readTime(std::string_view acceptDate, LogRecord& out) noexcept;
  [[nodiscard]] bool readCounters(std::string_view& rest) noexcept;
  [[nodiscard]] bool readTail(std::string_view rest, LogRecord& out) noexcept;

  std::array<std::string_view, kExtraCount> m_extras{};
  std::array<char, 26> m_time{};  ///< the accept date as CLF text
};

}  // namespace logmill::workers
