// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QUuid>

namespace Threadline {

/// A member of staff who handles interactions.
struct Agent
{
    QUuid id;
    QString username;
    QString displayName;
    QString team;
    QStringList languages = {QStringLiteral("en")}; ///< languages the agent serves in

    bool operator==(const Agent &) const = default;
};

} // namespace Threadline
