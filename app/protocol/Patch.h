// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Case.h"
#include "Customer.h"
#include "Result.h"

#include <QCborMap>
#include <QCborValue>
#include <QStringList>

namespace Threadline::Protocol {

/// Field-level edits of the mutable records (customers and cases): a CBOR map from field name
/// to new value, in the same encoding as RecordCodec. Used by the client to edit its cache
/// optimistically and by the server to apply and to detect conflicts per field.
///
/// The fields a patch may carry are those marked Patchable in the record's field table
/// (core/RecordFields.h), by their top-level wire key. Customer: display_name,
/// preferred_language, preferred_channel, communication_needs, vulnerabilities, address (map:
/// lines, town, postcode; replaced whole), date_of_birth, notes. Case: title, status, priority,
/// queue, assignee_id, due_at, tags.
QStringList customerPatchFields();
QStringList casePatchFields();

/// Applies @p fields to a copy of @p record; fails with "invalid_field" naming every unknown
/// field or wrong value (nothing applied then). The result is validated like a whole record.
/// Does not touch version or updated_at.
Result<Customer> applyPatch(Customer record, const QCborMap &fields);
Result<Case> applyPatch(Case record, const QCborMap &fields);

/// The current value of one patchable field, encoded as a patch would carry it (for
/// comparisons and conflict records). Invalid QCborValue for an unknown field.
QCborValue fieldValue(const Customer &record, const QString &field);
QCborValue fieldValue(const Case &record, const QString &field);

/// The patch that turns @p before into @p after (only fields that differ).
QCborMap diff(const Customer &before, const Customer &after);
QCborMap diff(const Case &before, const Case &after);

} // namespace Threadline::Protocol
