// SPDX-License-Identifier: GPL-3.0-or-later
#include "Protocol.h"

#include <QStringView>

#include <array>
#include <utility>

namespace Threadline::Protocol {

namespace {

constexpr auto messageTypeNames = std::to_array<std::pair<MessageType, QStringView>>({
    {MessageType::Hello, u"hello"},
    {MessageType::Welcome, u"welcome"},
    {MessageType::Login, u"login"},
    {MessageType::Resume, u"resume"},
    {MessageType::Session, u"session"},
    {MessageType::Logout, u"logout"},
    {MessageType::CatchUp, u"catch_up"},
    {MessageType::Changes, u"changes"},
    {MessageType::Mutate, u"mutate"},
    {MessageType::Ack, u"ack"},
    {MessageType::Reject, u"reject"},
    {MessageType::Ping, u"ping"},
    {MessageType::Pong, u"pong"},
    {MessageType::Error, u"error"},
    {MessageType::FetchAttachment, u"fetch_attachment"},
    {MessageType::AttachmentPart, u"attachment"},
    {MessageType::Chat, u"chat"},
    {MessageType::ChatAction, u"chat_action"},
});

} // namespace

QString toString(MessageType type)
{
    for (const auto &[value, name] : messageTypeNames) {
        if (value == type)
            return name.toString();
    }
    return QStringLiteral("invalid(%1)").arg(static_cast<int>(type));
}

std::optional<MessageType> messageTypeFromString(const QString &name)
{
    for (const auto &[value, n] : messageTypeNames) {
        if (n == name)
            return value;
    }
    return std::nullopt;
}

} // namespace Threadline::Protocol
