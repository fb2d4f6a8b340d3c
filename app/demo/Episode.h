// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "TextContext.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace Threadline::Demo {

struct Team;
struct Topic;

/// One matter in a citizen's history while it is being written: its topic and team, the owning
/// agent, the optional case, the planned steps (EpisodePlanner) and the running state the channel
/// renderers share (sentence cursors, email thread, inbound count). A plain value filled by
/// HistoryWriter; topic and team point into the TopicCatalogue and must outlive it.
struct Episode
{
    /// One planned interaction: channel, direction, when, who handled it and its shape.
    struct Step
    {
        Channel channel = Channel::Note;
        Direction direction = Direction::Internal;
        qint64 wall = 0; ///< UK wall-clock ms
        qint64 span = 0; ///< call duration or chat length, ms
        qsizetype agent = -1; ///< roster index, -1 for nobody
        CallOutcome outcome = CallOutcome::Answered;
        int durationSeconds = 0;
        bool staffed = true; ///< chats: an adviser joined
        QList<qint64> messageOffsets; ///< chats
    };

    const Topic *topic = nullptr;
    const Team *team = nullptr;
    int teamId = 0;
    qsizetype owner = 0;
    bool hasCase = false;
    QUuid caseId;
    TextContext ctx;
    QString subject;
    QList<Step> steps;
    quint32 detailCursor = 0; ///< rotates through the topic's sentences (see TextComposer::appendRotating)
    quint32 replyCursor = 0;
    // Email thread.
    QString threadSubject;
    QString lastMessageId;
    QStringList references;
    QString lastEmailText; ///< the last email's own words, for quoting
    QString lastEmailFrom; ///< "Name <address>"
    QString lastInboundAddress;
    qint64 lastEmailWall = 0;
    bool hasEmail = false;
    Direction lastEmailDirection = Direction::Inbound;
    int inboundCount = 0;
};

} // namespace Threadline::Demo
