// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QDateTime>
#include <QStringList>
#include <QUuid>

namespace Threadline {

/// An enquiry: what a citizen wants resolved, across however many interactions it takes.
struct Case
{
    QUuid id;
    QUuid customerId;
    QString title;
    CaseStatus status = CaseStatus::Open;
    CasePriority priority = CasePriority::Normal;
    QString queue; ///< e.g. "council-tax", "housing-repairs"
    QUuid assigneeId; ///< agent, null when unassigned
    QDateTime dueAt; ///< SLA deadline, null when none
    QStringList tags;
    qint64 version = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool operator==(const Case &) const = default;
};

} // namespace Threadline
