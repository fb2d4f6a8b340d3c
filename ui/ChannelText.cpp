// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChannelText.h"

namespace Threadline::Ui {

QString ChannelText::channel(Channel channel)
{
    switch (channel) {
    case Channel::Call:
        return tr("Call");
    case Channel::Chat:
        return tr("Chat");
    case Channel::Email:
        return tr("Email");
    case Channel::Letter:
        return tr("Letter");
    case Channel::Note:
        return tr("Note");
    }
    return {};
}

QString ChannelText::direction(Direction direction)
{
    switch (direction) {
    case Direction::Inbound:
        return tr("In");
    case Direction::Outbound:
        return tr("Out");
    case Direction::Internal:
        return tr("Internal");
    }
    return {};
}

QString ChannelText::callOutcome(CallOutcome outcome)
{
    switch (outcome) {
    case CallOutcome::Answered:
        return tr("answered");
    case CallOutcome::Missed:
        return tr("missed");
    case CallOutcome::Abandoned:
        return tr("abandoned");
    case CallOutcome::Voicemail:
        return tr("voicemail");
    case CallOutcome::Transferred:
        return tr("transferred");
    }
    return {};
}

QString ChannelText::duration(int seconds)
{
    if (seconds < 60)
        return tr("%1 s", "duration in seconds").arg(seconds);
    return tr("%1 min %2 s", "duration").arg(seconds / 60).arg(seconds % 60);
}

} // namespace Threadline::Ui
