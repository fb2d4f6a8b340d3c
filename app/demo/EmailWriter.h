// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"
#include "Prng.h"

#include <QString>
#include <QStringList>

namespace Threadline::Demo {

/// Renders an email the way real mail clients send it: RFC 5322 headers in the client's style
/// (Gmail, Outlook, Apple Mail, webmail, the council's own system) with RFC 2047 encoded words for
/// non-ASCII names and subjects, folded lines, and a UTF-8 body as 8bit, quoted-printable or
/// multipart/alternative with an HTML part. Fills EmailDetails (from, to, cc, ids, the unfolded
/// header block and the raw bytes). Stateless; safe from any thread. Never fails.
class EmailWriter
{
public:
    enum class Client
    {
        Gmail,
        Outlook,
        Apple,
        Yahoo,
        Webmail,
        Council
    };
    enum class Layout
    {
        Plain8Bit,
        PlainQuotedPrintable,
        Alternative
    };

    struct Message
    {
        Client client = Client::Webmail;
        Layout layout = Layout::Plain8Bit;
        bool inbound = true; ///< received by the council (adds Return-Path and Received)
        QString fromName;
        QString fromAddress;
        QString toName;
        QString toAddress;
        QStringList cc;
        QString subject;
        QString body; ///< plain text, '\n' line ends
        QString messageId; ///< without angle brackets
        QString inReplyTo;
        QStringList references;
        qint64 wallMs = 0; ///< UK wall-clock time the message was sent
        int offsetMinutes = 0; ///< UTC offset of wallMs (60 in summer)
        bool welsh = false;
    };

    /// The client a sender with this address most likely uses.
    static Client clientFor(QStringView address);
    /// A Message-ID in the style of @p client (without angle brackets).
    static QString newMessageId(Prng &rng, Client client, QStringView senderAddress, qint64 utcMs);
    /// A plausible layout for what @p client sends.
    static Layout layoutFor(Prng &rng, Client client);
    static void write(Prng &rng, const Message &message, EmailDetails &out);
};

} // namespace Threadline::Demo
