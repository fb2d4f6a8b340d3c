// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCborValue>
#include <QDateTime>
#include <QString>
#include <QUuid>

namespace Threadline {

/// An edit that lost: two agents changed the same field of the same record, and the server
/// kept the one it received first. The losing value is kept here so the agent who made it can
/// see it and, if it mattered, make it again. Written by the server, synced to every client of
/// that agent, never deleted by sync.
struct Conflict
{
    QUuid id;
    QUuid mutationId; ///< the mutation that lost
    QUuid agentId; ///< who made the losing edit
    QString entity; ///< "customer" or "case"
    QUuid entityId;
    QString field; ///< the protocol's field name, e.g. "status"
    QCborValue attemptedValue; ///< what the losing edit wanted
    QCborValue keptValue; ///< what the field holds after the winning edit
    qint64 baseVersion = 0; ///< the version the losing edit was based on
    qint64 keptVersion = 0; ///< the record's version when the conflict was found
    QDateTime at;

    bool operator==(const Conflict &) const = default;
};

} // namespace Threadline
