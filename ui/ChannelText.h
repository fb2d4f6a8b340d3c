// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QCoreApplication>
#include <QString>

namespace Threadline::Ui {

/// The words people read for the domain's codes (translated; English and Welsh).
class ChannelText
{
    Q_DECLARE_TR_FUNCTIONS(ChannelText)
public:
    static QString channel(Channel channel);
    static QString direction(Direction direction);
    static QString callOutcome(CallOutcome outcome);
    /// "4 min 12 s", "45 s".
    static QString duration(int seconds);
    static QString identifierKind(IdentifierKind kind);
    static QString need(CommunicationNeed need);
    static QString vulnerability(Vulnerability vulnerability);
    static QString caseStatus(CaseStatus status);
    static QString priority(CasePriority priority);
    /// "Welsh (Cymraeg)" for "cy".
    static QString language(const QString &tag);
};

} // namespace Threadline::Ui
