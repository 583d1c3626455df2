#include "workers/parse/FieldMask.hpp"

namespace logmill::workers {

FieldMask fieldMaskFor(Field field) {
  using M = FieldMask;
  switch (field) {
    case Field::Host:
      return M::kHost;
    case Field::Ident:
      return M::kIdent;
    case Field::User:
      return M::kUser;
    case Field::Time:
    case Field::Date:
    case Field::Hour:
    case Field::Weekday:
      return M::kTimeText;
    case Field::Method:
      return M::kMethod;
    case Field::Path:
    case Field::Ext:
    case Field::IsStatic:
      return M::kPath;
    case Field::Protocol:
      return M::kProtocol;
    case Field::Status:
    case Field::StatusClass:
      return M::kStatus;
    case Field::Bytes:
      return M::kBytes;
    case Field::Referrer:
      return M::kReferrer;
    case Field::Agent:
    case Field::Browser:
    case Field::Os:
      return M::kAgent;
    case Field::Vhost:
      return M::kVhost;
    case Field::Request:
      return M::kRequest;
    case Field::Duration:
      return M::kDuration;
    case Field::Bot:
      return M::kAgent | M::kPath;
    case Field::BotName:
      return M::kAgent;
  }
  return FieldMask::all();  // a field added later is safe before it is mapped
}

FieldMask fieldMaskFor(const std::vector<Field>& fields) {
  FieldMask mask;
  for (Field field : fields) mask |= fieldMaskFor(field);
  return mask;
}

}  // namespace logmill::workers
