// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QUuid>

namespace Threadline {

/// Something that points at one person across channels: an email address, a phone number,
/// a postal address, a reference number. The value is stored normalised (see Validation.h for
/// the forms); one value may belong to several customers (a shared household phone).
struct Identifier
{
    QUuid customerId;
    IdentifierKind kind = IdentifierKind::Email;
    QString value;
    bool verified = false;
    QString source; ///< where we learned it: "email", "call", "agent", "import", ...

    bool operator==(const Identifier &) const = default;
};

} // namespace Threadline
