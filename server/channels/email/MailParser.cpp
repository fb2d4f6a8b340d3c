// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailParser.h"

#include "GMimeSupport.h"

#include <QHash>
#include <QRegularExpression>

namespace Threadline::Server::Email {

namespace {

using GMime::Owned;
using GMime::OwnedString;

QString fromUtf8(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

const char *warningName(GMimeParserWarning warning)
{
    switch (warning) {
    case GMIME_WARN_DUPLICATED_HEADER:
        return "duplicated_header";
    case GMIME_WARN_DUPLICATED_PARAMETER:
        return "duplicated_parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER:
        return "unencoded_8bit_header";
    case GMIME_WARN_INVALID_CONTENT_TYPE:
        return "invalid_content_type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
        return "invalid_rfc2047_header_value";
    case GMIME_WARN_INVALID_PARAMETER:
        return "invalid_parameter";
    case GMIME_WARN_MALFORMED_MULTIPART:
        return "malformed_multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE:
        return "truncated_message";
    case GMIME_WARN_MALFORMED_MESSAGE:
        return "malformed_message";
    case GMIME_WARN_INVALID_ADDRESS_LIST:
        return "invalid_address_list";
    case GMIME_CRIT_INVALID_HEADER_NAME:
        return "invalid_header_name";
    case GMIME_CRIT_CONFLICTING_HEADER:
        return "conflicting_header";
    case GMIME_CRIT_CONFLICTING_PARAMETER:
        return "conflicting_parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        return "multipart_without_boundary";
    case GMIME_CRIT_NESTING_OVERFLOW:
        return "nesting_overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT:
        return "part_without_content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        return "part_without_headers_or_content";
    }
    return "parser_warning";
}

void addDefect(ParsedMail &mail, const QString &name)
{
    if (!mail.defects.contains(name))
        mail.defects.append(name);
}

void onWarning(gint64, GMimeParserWarning warning, const gchar *, gpointer data)
{
    addDefect(*static_cast<ParsedMail *>(data), QString::fromLatin1(warningName(warning)));
}

QList<Mailbox> mailboxes(InternetAddressList *list)
{
    QList<Mailbox> out;
    if (!list)
        return out;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address)) {
            out.append(mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address))));
        } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            out.append(
                {fromUtf8(internet_address_get_name(address)).trimmed(),
                 fromUtf8(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address))).trimmed()});
        }
    }
    return out;
}

QString decodedMessageId(const char *header)
{
    if (!header)
        return {};
    OwnedString id(g_mime_utils_decode_message_id(header));
    return fromUtf8(id.get());
}

/// The header block of @p raw as received: up to the first empty line, continuation lines joined.
QString headerBlock(const QByteArray &raw)
{
    qsizetype end = raw.indexOf("\r\n\r\n");
    const qsizetype lf = raw.indexOf("\n\n");
    if (end < 0 || (lf >= 0 && lf < end))
        end = lf;
    QString block = QString::fromUtf8(end < 0 ? raw : raw.left(end));
    block.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    static const QRegularExpression folding(QStringLiteral("\n[ \t]+"));
    block.replace(folding, QStringLiteral(" "));
    return block;
}

QByteArray decodedContent(GMimePart *part)
{
    GMimeDataWrapper *wrapper = g_mime_part_get_content(part);
    if (!wrapper)
        return {};
    Owned<GMimeStream> out(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(wrapper, out.get()) < 0)
        return {};
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return bytes ? QByteArray(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len))
                 : QByteArray();
}

void collectPart(GMimeObject *, GMimeObject *object, gpointer data)
{
    auto &mail = *static_cast<ParsedMail *>(data);
    if (!GMIME_IS_PART(object))
        return;
    GMimePart *part = GMIME_PART(object);
    GMimeContentType *type = g_mime_object_get_content_type(object);
    OwnedString mimeType(type ? g_mime_content_type_get_mime_type(type) : nullptr);
    const bool isText = GMIME_IS_TEXT_PART(object);
    const bool attachment = g_mime_part_is_attachment(part);
    if (isText && !attachment) {
        OwnedString text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
        // Line ends as the rest of the product writes them: '\n' (mail travels with CRLF).
        const QString body = fromUtf8(text.get()).replace(QLatin1String("\r\n"), QLatin1String("\n"));
        if (g_mime_content_type_is_type(type, "text", "html")) {
            if (mail.html.isEmpty())
                mail.html = body;
            return;
        }
        if (g_mime_content_type_is_type(type, "text", "plain") && mail.text.isEmpty()) {
            mail.text = body;
            return;
        }
    }
    MailAttachment file;
    file.fileName = fromUtf8(g_mime_part_get_filename(part));
    file.mimeType = fromUtf8(mimeType.get()).toLower();
    file.content = decodedContent(part);
    mail.attachments.append(std::move(file));
}

QString headerValue(GMimeObject *object, const char *name)
{
    return fromUtf8(g_mime_object_get_header(object, name)).trimmed().toLower();
}

std::optional<AutomaticMail> automaticKind(GMimeObject *message, const Mailbox &from)
{
    GMimeContentType *type = g_mime_object_get_content_type(message);
    const QString returnPath = headerValue(message, "Return-Path");
    const QString sender = from.address.toLower();
    if ((type && g_mime_content_type_is_type(type, "multipart", "report"))
        || (returnPath == u"<>"
            && (sender.startsWith(u"mailer-daemon@") || sender.startsWith(u"postmaster@"))))
        return AutomaticMail::Bounce;
    const QString autoSubmitted = headerValue(message, "Auto-Submitted");
    const QString precedence = headerValue(message, "Precedence");
    if ((!autoSubmitted.isEmpty() && autoSubmitted != u"no")
        || g_mime_object_get_header(message, "X-Autoreply")
        || g_mime_object_get_header(message, "X-Autorespond") || precedence == u"auto_reply")
        return AutomaticMail::AutoReply;
    if (g_mime_object_get_header(message, "List-Id") || g_mime_object_get_header(message, "List-Unsubscribe")
        || precedence == u"list" || precedence == u"bulk" || precedence == u"junk")
        return AutomaticMail::MailingList;
    return std::nullopt;
}

} // namespace

ParsedMail parseMail(const QByteArray &raw)
{
    GMime::init();
    ParsedMail mail;
    mail.headers = headerBlock(raw);

    Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.constData(), size_t(raw.size())));
    Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, onWarning, &mail);
    Owned<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
    if (!message) {
        g_mime_parser_options_free(options);
        addDefect(mail, QStringLiteral("not_a_message"));
        return mail;
    }
    GMimeObject *object = GMIME_OBJECT(message.get());

    mail.messageId = fromUtf8(g_mime_message_get_message_id(message.get()));
    mail.inReplyTo = decodedMessageId(g_mime_object_get_header(object, "In-Reply-To"));
    if (const char *references = g_mime_object_get_header(object, "References")) {
        GMimeReferences *refs = g_mime_references_parse(options, references);
        for (int i = 0; refs && i < g_mime_references_length(refs); ++i)
            mail.references.append(fromUtf8(g_mime_references_get_message_id(refs, i)));
        if (refs)
            g_mime_references_free(refs);
    }
    const QList<Mailbox> from = mailboxes(g_mime_message_get_from(message.get()));
    if (!from.isEmpty())
        mail.from = from.first();
    if (mail.from.address.isEmpty())
        addDefect(mail, QStringLiteral("no_from_address"));
    mail.to = mailboxes(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO));
    mail.cc = mailboxes(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_CC));
    mail.subject = fromUtf8(g_mime_message_get_subject(message.get()));
    if (GDateTime *date = g_mime_message_get_date(message.get()))
        mail.date = QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(date), Qt::UTC);
    else
        addDefect(mail,
                  g_mime_object_get_header(object, "Date") ? QStringLiteral("unreadable_date")
                                                           : QStringLiteral("no_date"));

    mail.automatic = automaticKind(object, mail.from);
    g_mime_message_foreach(message.get(), collectPart, &mail);
    if (mail.text.isEmpty() && !mail.html.isEmpty())
        mail.text = textFromHtml(mail.html);
    g_mime_parser_options_free(options);
    return mail;
}

QString textFromHtml(const QString &html)
{
    QString text = html;
    static const QRegularExpression hidden(QStringLiteral("<(script|style|head)\\b[^>]*>.*?</\\1\\s*>"),
                                           QRegularExpression::CaseInsensitiveOption
                                               | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression breaks(QStringLiteral("<(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression numeric(QStringLiteral("&#(x?)([0-9a-fA-F]+);"));
    static const QRegularExpression blankLines(QStringLiteral("\\n[ \\t]*(\\n[ \\t]*)+"));
    text.replace(hidden, QString());
    text.remove(QLatin1Char('\r'));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(breaks, QStringLiteral("\n"));
    text.replace(tags, QString());
    QString decoded;
    decoded.reserve(text.size());
    qsizetype last = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        decoded += QStringView(text).mid(last, m.capturedStart() - last);
        bool ok = false;
        const uint code = m.captured(2).toUInt(&ok, m.captured(1).isEmpty() ? 10 : 16);
        if (ok && code > 0 && code <= 0x10FFFF && QChar::isPrint(char32_t(code)))
            decoded += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        last = m.capturedEnd();
    }
    decoded += QStringView(text).mid(last);
    static const QHash<QString, QString> named = {
        {QStringLiteral("&nbsp;"), QStringLiteral(" ")}, {QStringLiteral("&lt;"), QStringLiteral("<")},
        {QStringLiteral("&gt;"), QStringLiteral(">")},   {QStringLiteral("&quot;"), QStringLiteral("\"")},
        {QStringLiteral("&apos;"), QStringLiteral("'")}, {QStringLiteral("&amp;"), QStringLiteral("&")},
    };
    for (const QString &entity :
         {QStringLiteral("&nbsp;"), QStringLiteral("&lt;"), QStringLiteral("&gt;"), QStringLiteral("&quot;"),
          QStringLiteral("&apos;"), QStringLiteral("&amp;")})
        decoded.replace(entity, named.value(entity), Qt::CaseInsensitive);
    decoded.replace(blankLines, QStringLiteral("\n\n"));
    return decoded.trimmed();
}

} // namespace Threadline::Server::Email
