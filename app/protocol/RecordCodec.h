// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Change.h"
#include "Result.h"

#include <QByteArray>
#include <QCborMap>

namespace Threadline::Protocol {

/// Domain records <-> CBOR maps, field names as in docs/protocol.md ("Records"). Times are
/// integer milliseconds since the epoch (UTC), enums their stable names, flag sets arrays of
/// names, UUIDs 16-byte byte strings, dates "YYYY-MM-DD". Decoding checks every field's type
/// and then the domain's validate(), and fails with "invalid_field" naming every problem.
QCborMap encode(const Agent &agent);
QCborMap encode(const Customer &customer);
QCborMap encode(const Identifier &identifier);
QCborMap encode(const Case &theCase);
QCborMap encode(const Interaction &interaction);
QCborMap encode(const Conflict &conflict);
QCborMap encode(const IdentifierRemoval &removal);
QCborMap encode(const Draft &draft);

Result<Agent> decodeAgent(const QCborMap &map);
Result<Customer> decodeCustomer(const QCborMap &map);
Result<Identifier> decodeIdentifier(const QCborMap &map);
Result<Case> decodeCase(const QCborMap &map);
Result<Interaction> decodeInteraction(const QCborMap &map);
Result<Conflict> decodeConflict(const QCborMap &map);
Result<IdentifierRemoval> decodeIdentifierRemoval(const QCborMap &map);
Result<Draft> decodeDraft(const QCborMap &map);

/// The feed's entity name of a record: "agent", "customer", "identifier", "case",
/// "interaction", "conflict", "identifier_removal", "draft".
QString entityName(const Change::Record &record);
/// The record as the CBOR bytes a change item carries in "data".
QByteArray encodeRecord(const Change::Record &record);
/// Decodes a change item's data for @p entity ("unknown_entity" for a name this version does
/// not know; "malformed_frame" for bytes that are not one CBOR map; else as the decoders).
Result<Change::Record> decodeRecord(const QString &entity, const QByteArray &data);

} // namespace Threadline::Protocol
