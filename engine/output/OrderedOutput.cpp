#include "engine/output/OrderedOutput.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/output/textEscape.hpp"

namespace logmill::engine {

OrderedOutput::OrderedOutput(OutputSink& sink, std::size_t taskCount, std::size_t budgetBytes)
    : m_sink(sink), m_tasks(taskCount), m_budget(budgetBytes), m_escape(sink.isTerminal()) {
  for (std::size_t i = 0; i < taskCount; ++i) {
    m_tasks[i].next = i + 1 < taskCount ? static_cast<std::uint32_t>(i + 1) : kEnd;
    m_tasks[i].prev = i > 0 ? static_cast<std::uint32_t>(i - 1) : kEnd;
  }
  if (taskCount > 0) m_head = 0;
}

void OrderedOutput::addBefore(std::uint32_t id, std::uint32_t before) {
  std::lock_guard lock(m_mutex);
  if (id == kEnd || before >= m_tasks.size() || id == before) {
    throw std::logic_error("grep output: cannot add task " + std::to_string(id));
  }
  if (id >= m_tasks.size()) m_tasks.resize(std::size_t{id} + 1);
  TaskOutput& added = m_tasks[id];
  TaskOutput& after = m_tasks[before];
  added.prev = after.prev;
  added.next = before;
  if (after.prev != kEnd) m_tasks[after.prev].next = id;
  after.prev = id;
  // The head reached `before` (all ahead of it written): the new task is next.
  if (m_head == before) m_head = id;
}

namespace {

/// Whole lines with each line's control bytes made visible, its newline kept.
std::string visibleLines(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    const std::size_t end = std::min(bytes.find('\n'), bytes.size());
    out += controlEscaped(bytes.substr(0, end));
    if (end < bytes.size()) out += '\n';
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
  }
  return out;
}

}  // namespace

void OrderedOutput::writeLocked(std::string_view bytes) {
  if (m_writeError) return;
  try {
    if (m_escape) {
      m_sink.write(visibleLines(bytes));
    } else {
      m_sink.write(bytes);
    }
  } catch (...) {
    // Remember it: the producer that hit it may be a worker thread, and the
    // run must end with the same error (or quietly, for a closed pipe).
    m_writeError = std::current_exception();
    m_turn.notify_all();
  }
}

void OrderedOutput::append(std::uint32_t id, std::string_view bytes) {
  std::lock_guard lock(m_mutex);
  TaskOutput& t = m_tasks.at(id);
  const std::uint64_t start = t.position;
  t.position += bytes.size();
  if (t.position <= t.accepted) return;  // an earlier attempt delivered these
  if (start < t.accepted) bytes.remove_prefix(t.accepted - start);
  t.accepted = t.position;
  if (id == m_head) {
    writeLocked(bytes);
  } else {
    t.pending.append(bytes);
    m_buffered += bytes.size();
  }
}

void OrderedOutput::restart(std::uint32_t id) {
  std::lock_guard lock(m_mutex);
  m_tasks.at(id).position = 0;
}

void OrderedOutput::finish(std::uint32_t id) {
  std::lock_guard lock(m_mutex);
  m_tasks.at(id).finished = true;
  advanceLocked();
}

void OrderedOutput::advanceLocked() {
  while (m_head != kEnd && m_tasks[m_head].finished) {
    m_head = m_tasks[m_head].next;
    if (m_head == kEnd) break;
    TaskOutput& next = m_tasks[m_head];  // the new head writes what it buffered
    writeLocked(next.pending);
    m_buffered -= next.pending.size();
    std::string().swap(next.pending);
  }
  m_turn.notify_all();
}

bool OrderedOutput::mustWait(std::uint32_t id) const {
  std::lock_guard lock(m_mutex);
  return id != m_head && m_buffered >= m_budget && !m_writeError;
}

void OrderedOutput::waitForTurn(std::uint32_t id) {
  std::unique_lock lock(m_mutex);
  m_turn.wait(lock, [&] { return id == m_head || m_buffered < m_budget || m_writeError; });
}

void OrderedOutput::rethrowWriteError() {
  std::lock_guard lock(m_mutex);
  if (m_writeError) std::rethrow_exception(m_writeError);
}

}  // namespace logmill::engine
