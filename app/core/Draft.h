// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QDateTime>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Threadline {

/// Something an agent is writing and has not sent yet: an email or chat reply, a call log, a
/// letter or an internal note. Drafts are saved as the agent types, synced like every other
/// record, and visible to every agent, so a colleague who takes over the case finds the words
/// where they were left. Unlike interactions a draft is mutable: each save replaces the whole
/// draft (the last save in server order wins). Sending or discarding it leaves a tombstone
/// (discarded = true) so that every cache drops its copy.
struct Draft
{
    QUuid id;
    QUuid customerId;
    QUuid caseId; ///< null when not about a case
    QUuid replyToId; ///< the interaction this answers; null for a new conversation
    Channel channel = Channel::Email; ///< what it becomes when sent
    QString subject;
    QString body; ///< plain text (Markdown allowed)
    QStringList to; ///< email recipients
    QStringList cc;
    QString language; ///< BCP 47 primary tag of the text, e.g. "cy"; empty when unknown
    // Call logs
    std::optional<CallOutcome> callOutcome;
    QString wrapUpCode;
    int callDurationSeconds = 0;
    // Set by the server
    QUuid authorId; ///< the agent who saved it last
    QDateTime updatedAt;
    qint64 version = 0; ///< 0 before the server saw it
    bool discarded = false; ///< sent or thrown away: caches delete their copy

    bool operator==(const Draft &) const = default;
};

} // namespace Threadline
