// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Conflict.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"

#include <QList>

#include <variant>

namespace Threadline {

/// The removal of an identifier from a customer (identifiers have no id of their own).
struct IdentifierRemoval
{
    QUuid customerId;
    IdentifierKind kind = IdentifierKind::Email;
    QString value;

    bool operator==(const IdentifierRemoval &) const = default;
};

/// One entry of the server's change feed, decoded: the feed position and the record as it is
/// after the change (a "put"), or what was removed. Records are whole: applying a Change
/// replaces what the cache had for that key.
struct Change
{
    using Record
        = std::variant<Agent, Customer, Identifier, Case, Interaction, Conflict, IdentifierRemoval, Draft>;

    qint64 seq = 0;
    Record record;

    bool operator==(const Change &) const = default;
};

/// A feed entry that could not be decoded or failed validation: kept raw for a person, never
/// dropped, and never allowed to stop the rest of the feed.
struct QuarantinedChange
{
    qint64 seq = 0;
    QString entity; ///< as the server named it, possibly empty
    QByteArray raw; ///< the item exactly as received (CBOR)
    QString reason;

    bool operator==(const QuarantinedChange &) const = default;
};

} // namespace Threadline
