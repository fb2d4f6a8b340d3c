// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailComposer.h"

#include "GMimeSupport.h"

#include <QUuid>

namespace Threadline::Server::Email {

namespace {

using GMime::Owned;

struct DateTimeUnref
{
    void operator()(GDateTime *date) const { g_date_time_unref(date); }
};

struct FormatOptionsFree
{
    void operator()(GMimeFormatOptions *options) const { g_mime_format_options_free(options); }
};

void addMailboxes(GMimeMessage *message, GMimeAddressType type, const QList<Mailbox> &boxes)
{
    for (const Mailbox &box : boxes) {
        const QByteArray name = box.name.toUtf8();
        const QByteArray address = box.address.toUtf8();
        g_mime_message_add_mailbox(message, type, name.isEmpty() ? nullptr : name.constData(),
                                   address.constData());
    }
}

QByteArray angleList(const QStringList &ids)
{
    QByteArrayList out;
    for (const QString &id : ids)
        out.append('<' + id.toUtf8() + '>');
    return out.join(' ');
}

} // namespace

QString outgoingMessageId(const QUuid &interactionId, const QString &fromAddress)
{
    const qsizetype at = fromAddress.lastIndexOf(QLatin1Char('@'));
    const QString domain = at < 0 ? QStringLiteral("threadline.invalid") : fromAddress.mid(at + 1).toLower();
    return interactionId.toString(QUuid::WithoutBraces) + QLatin1Char('@') + domain;
}

QByteArray composeMail(const OutgoingMail &mail)
{
    GMime::init();
    Owned<GMimeMessage> message(g_mime_message_new(TRUE));
    GMimeMessage *m = message.get();
    addMailboxes(m, GMIME_ADDRESS_TYPE_FROM, {mail.from});
    addMailboxes(m, GMIME_ADDRESS_TYPE_TO, mail.to);
    addMailboxes(m, GMIME_ADDRESS_TYPE_CC, mail.cc);
    const QByteArray subject = mail.subject.toUtf8();
    g_mime_message_set_subject(m, subject.constData(), "utf-8");
    std::unique_ptr<GDateTime, DateTimeUnref> date(g_date_time_new_from_unix_utc(
        (mail.date.isValid() ? mail.date : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch()));
    g_mime_message_set_date(m, date.get());
    const QByteArray messageId = mail.messageId.toUtf8();
    g_mime_message_set_message_id(m, messageId.constData());
    if (!mail.inReplyTo.isEmpty()) {
        const QByteArray value = '<' + mail.inReplyTo.toUtf8() + '>';
        g_mime_object_set_header(GMIME_OBJECT(m), "In-Reply-To", value.constData(), nullptr);
    }
    if (!mail.references.isEmpty()) {
        const QByteArray value = angleList(mail.references);
        g_mime_object_set_header(GMIME_OBJECT(m), "References", value.constData(), nullptr);
    }

    QString text = mail.body;
    if (!mail.signature.isEmpty()) {
        if (!text.endsWith(QLatin1Char('\n')))
            text += QLatin1Char('\n');
        text += QStringLiteral("-- \n") + mail.signature;
    }
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    const QByteArray body = text.toUtf8();
    Owned<GMimeTextPart> part(g_mime_text_part_new_with_subtype("plain"));
    Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(body.constData(), size_t(body.size())));
    Owned<GMimeDataWrapper> content(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(part.get()), content.get());
    g_mime_text_part_set_charset(part.get(), "utf-8");
    g_mime_part_set_content_encoding(
        GMIME_PART(part.get()),
        g_mime_part_get_best_content_encoding(GMIME_PART(part.get()), GMIME_ENCODING_CONSTRAINT_7BIT));
    g_mime_message_set_mime_part(m, GMIME_OBJECT(part.get()));

    std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
    Owned<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(GMIME_OBJECT(m), options.get(), out.get());
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return QByteArray(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
}

} // namespace Threadline::Server::Email
