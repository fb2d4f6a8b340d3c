// SPDX-License-Identifier: GPL-3.0-or-later
#include "EmailWriter.h"

#include "OfficeClock.h"
#include "TopicCatalogue.h"

#include <QByteArray>

#include <array>

namespace Threadline::Demo {

namespace {

constexpr char16_t upperHex[] = u"0123456789ABCDEF";
constexpr QStringView crlf = u"\r\n";

bool isAscii(QStringView s)
{
    for (QChar c : s) {
        if (c.unicode() > 126)
            return false;
    }
    return true;
}

void appendUpperHex(QString &out, Prng &rng, int digits)
{
    quint64 bits = 0;
    for (int i = 0; i < digits; ++i) {
        if (i % 16 == 0)
            bits = rng.next();
        out.append(QChar(upperHex[bits & 0xF]));
        bits >>= 4;
    }
}

void appendToken(QString &out, Prng &rng, int count)
{
    static constexpr QStringView alphabet = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < count; ++i)
        out.append(alphabet[rng.bounded(quint32(alphabet.size()))]);
}

/// RFC 2047 encoded words for @p text, each at most 75 characters, separated by @p separator
/// ("\r\n " to fold). Base64 ("B") or quoted-printable-like ("Q").
QString encodedWords(QStringView text, bool qEncoding, QStringView separator)
{
    const QByteArray utf8 = text.toUtf8();
    QString out;
    const qsizetype maxBytes = qEncoding ? 20 : 45;
    qsizetype start = 0;
    while (start < utf8.size()) {
        qsizetype end = std::min(start + maxBytes, utf8.size());
        while (end < utf8.size() && end > start + 1 && (uchar(utf8[end]) & 0xC0) == 0x80)
            --end; // never split a UTF-8 sequence
        const QByteArray chunk = utf8.mid(start, end - start);
        if (!out.isEmpty())
            out.append(separator);
        if (qEncoding) {
            out.append(u"=?utf-8?Q?");
            for (char ch : chunk) {
                const uchar b = uchar(ch);
                if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '!'
                    || b == '*' || b == '+' || b == '-' || b == '/') {
                    out.append(QLatin1Char(char(b)));
                } else if (b == ' ') {
                    out.append(QLatin1Char('_'));
                } else {
                    out.append(QLatin1Char('='));
                    out.append(QChar(upperHex[b >> 4]));
                    out.append(QChar(upperHex[b & 0xF]));
                }
            }
        } else {
            out.append(u"=?UTF-8?B?");
            out.append(QLatin1StringView(chunk.toBase64()));
        }
        out.append(u"?=");
        start = end;
    }
    return out;
}

/// A header value holding free text: as is when ASCII (folded at a space when long), else
/// encoded words.
QString textValue(QStringView text, bool qEncoding)
{
    if (!isAscii(text))
        return encodedWords(text, qEncoding, u"\r\n ");
    if (text.size() <= 66)
        return text.toString();
    const qsizetype cut = text.lastIndexOf(QLatin1Char(' '), 66);
    if (cut <= 0)
        return text.toString();
    return text.left(cut) + crlf + text.mid(cut); // the space stays at the start of the continuation
}

QString mailbox(QStringView name, QStringView address, bool qEncoding, bool quoteAscii = false)
{
    if (name.isEmpty())
        return address.toString();
    QString out;
    if (!isAscii(name)) {
        out = encodedWords(name, qEncoding, u" ");
    } else if (quoteAscii) {
        out = QLatin1Char('"') + name + QLatin1Char('"');
    } else {
        out = name.toString();
    }
    return out + u" <" + address + QLatin1Char('>');
}

/// Quoted-printable (RFC 2045) of @p text's UTF-8, soft-wrapped at 76 characters, CRLF line ends.
void appendQuotedPrintable(QString &out, QStringView text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = text.toUtf8();
    QByteArray qp;
    qp.reserve(utf8.size() + utf8.size() / 8 + 64);
    int column = 0;
    const qsizetype n = utf8.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uchar b = uchar(utf8[i]);
        if (b == '\n') {
            qp.append("\r\n", 2);
            column = 0;
            continue;
        }
        const bool lineEnd = i + 1 == n || utf8[i + 1] == '\n';
        const bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnd);
        const int width = literal ? 1 : 3;
        if (column + width > 75) {
            qp.append("=\r\n", 3);
            column = 0;
        }
        if (literal) {
            qp.append(char(b));
        } else {
            qp.append('=');
            qp.append(hex[b >> 4]);
            qp.append(hex[b & 0xF]);
        }
        column += width;
    }
    out.append(QLatin1StringView(qp));
}

void appendCrlfText(QString &out, QStringView text)
{
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('\n')) {
            out.append(text.mid(start, i - start));
            out.append(crlf);
            start = i + 1;
        }
    }
    out.append(text.mid(start));
}

bool hasLongLine(QStringView text)
{
    qsizetype length = 0;
    for (QChar c : text) {
        length = c == QLatin1Char('\n') ? 0 : length + (c.unicode() < 0x80 ? 1 : 3);
        if (length > 900)
            return true;
    }
    return false;
}

QString htmlOf(QStringView text, EmailWriter::Client client)
{
    QString html;
    html.reserve(text.size() + text.size() / 4 + 200);
    if (client == EmailWriter::Client::Outlook) {
        html.append(
            u"<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
            u"</head>\n<body>\n<div style=\"font-family: Aptos, Calibri, Arial, Helvetica, sans-serif; "
            u"font-size: 12pt; color: rgb(0, 0, 0);\">\n");
    } else {
        html.append(u"<div dir=\"ltr\">");
    }
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            html.append(u"&amp;");
            break;
        case u'<':
            html.append(u"&lt;");
            break;
        case u'>':
            html.append(u"&gt;");
            break;
        case u'"':
            html.append(u"&quot;");
            break;
        case u'\n':
            html.append(u"<br>\n");
            break;
        default:
            html.append(c);
        }
    }
    html.append(client == EmailWriter::Client::Outlook ? u"\n</div>\n</body>\n</html>\n" : u"</div>\n");
    return html;
}

struct Header
{
    QStringView name;
    QString value;
};

} // namespace

EmailWriter::Client EmailWriter::clientFor(QStringView address)
{
    const QStringView domain = address.mid(address.indexOf(QLatin1Char('@')) + 1);
    if (domain == u"gmail.com")
        return Client::Gmail;
    if (domain.startsWith(u"outlook.") || domain.startsWith(u"hotmail.") || domain.startsWith(u"live."))
        return Client::Outlook;
    if (domain == u"icloud.com" || domain == u"me.com")
        return Client::Apple;
    if (domain.startsWith(u"yahoo.") || domain == u"aol.com")
        return Client::Yahoo;
    if (domain == TopicCatalogue::councilDomain())
        return Client::Council;
    return Client::Webmail;
}

QString EmailWriter::newMessageId(Prng &rng, Client client, QStringView senderAddress, qint64 utcMs)
{
    QString id;
    id.reserve(96);
    switch (client) {
    case Client::Gmail:
        id.append(u"CA");
        appendToken(id, rng, 40);
        id.append(u"@mail.gmail.com");
        break;
    case Client::Outlook: {
        QString host = QStringLiteral("LO");
        host.append(QChar(u'2' + char16_t(rng.bounded(5))));
        host.append(u"P");
        host.append(QString::number(rng.range(100, 399)));
        host.append(u"MB");
        host.append(QString::number(rng.range(1000, 9999)));
        id.append(host);
        appendUpperHex(id, rng, 28);
        id.append(QLatin1Char('@'));
        id.append(host);
        id.append(u".GBRP");
        id.append(host.mid(4, 3));
        id.append(u".PROD.OUTLOOK.COM");
        break;
    }
    case Client::Apple:
        id.append(rng.uuid().toString(QUuid::WithoutBraces).toUpper());
        id.append(QLatin1Char('@'));
        id.append(senderAddress.mid(senderAddress.indexOf(QLatin1Char('@')) + 1));
        break;
    case Client::Yahoo:
        id.append(QString::number(rng.range(100'000'000, 999'999'999)));
        id.append(QLatin1Char('.'));
        id.append(QString::number(rng.range(1'000'000, 9'999'999)));
        id.append(QLatin1Char('.'));
        id.append(QString::number(utcMs));
        id.append(u"@mail.yahoo.com");
        break;
    case Client::Webmail:
        rng.appendHex(id, 32);
        id.append(QLatin1Char('@'));
        id.append(senderAddress.mid(senderAddress.indexOf(QLatin1Char('@')) + 1));
        break;
    case Client::Council:
        id.append(u"tl.");
        id.append(QString::number(utcMs));
        id.append(QLatin1Char('.'));
        rng.appendHex(id, 16);
        id.append(QLatin1Char('@'));
        id.append(TopicCatalogue::councilDomain());
        break;
    }
    return id;
}

EmailWriter::Layout EmailWriter::layoutFor(Prng &rng, Client client)
{
    const int r = int(rng.bounded(100));
    switch (client) {
    case Client::Gmail:
    case Client::Outlook:
        return r < 75 ? Layout::Alternative : (r < 90 ? Layout::PlainQuotedPrintable : Layout::Plain8Bit);
    case Client::Apple:
        return r < 55 ? Layout::PlainQuotedPrintable : Layout::Alternative;
    case Client::Yahoo:
        return r < 60 ? Layout::Alternative : Layout::PlainQuotedPrintable;
    case Client::Webmail:
        return r < 70 ? Layout::Plain8Bit : Layout::PlainQuotedPrintable;
    case Client::Council:
        return r < 50 ? Layout::PlainQuotedPrintable : Layout::Alternative;
    }
    return Layout::Plain8Bit;
}

void EmailWriter::write(Prng &rng, const Message &m, EmailDetails &out)
{
    const bool q = m.client == Client::Outlook;
    QList<Header> headers;
    headers.reserve(20);
    QString date;
    OfficeClock::appendRfc5322Date(date, m.wallMs, m.offsetMinutes);

    if (m.inbound) {
        headers.append({u"Return-Path", QLatin1Char('<') + m.fromAddress + QLatin1Char('>')});
        QString received;
        received.reserve(240);
        received.append(u"from ");
        switch (m.client) {
        case Client::Gmail: {
            const QString n = QString::number(rng.range(10, 99));
            received += u"mail-wr1-f" + n + u".google.com (mail-wr1-f" + n + u".google.com [209.85.221." + n
                + u"])";
            break;
        }
        case Client::Outlook:
            received += u"EUR05-DB8-obe.outbound.protection.outlook.com (mail-db8eur05olkn20"
                + QString::number(rng.range(10, 99)) + u".outbound.protection.outlook.com [40.92.89."
                + QString::number(rng.range(10, 250)) + u"])";
            break;
        case Client::Apple:
            received += u"qs51p00im-qukt01071902.me.com (qs51p00im-qukt01071902.me.com [17.57.155."
                + QString::number(rng.range(2, 40)) + u"])";
            break;
        case Client::Yahoo:
            received += u"sonic" + QString::number(rng.range(300, 330)) + u"-"
                + QString::number(rng.range(1, 40))
                + u".consmr.mail.ir2.yahoo.com (sonic.consmr.mail.ir2.yahoo.com [77.238.176."
                + QString::number(rng.range(2, 250)) + u"])";
            break;
        case Client::Webmail:
        case Client::Council: {
            const QStringView domain
                = QStringView(m.fromAddress).mid(m.fromAddress.indexOf(QLatin1Char('@')) + 1);
            received += u"smtp." + domain + u" (smtp." + domain + u" [81."
                + QString::number(rng.range(2, 250)) + u"." + QString::number(rng.range(2, 250)) + u"."
                + QString::number(rng.range(2, 250)) + u"])";
            break;
        }
        }
        received += u"\r\n\tby mx1.caerwen.gov.uk (Postfix) with ESMTPS id ";
        appendToken(received, rng, 14);
        received += u"\r\n\tfor <" + m.toAddress + u">; ";
        OfficeClock::appendRfc5322Date(received, m.wallMs + rng.range(900, 6000), m.offsetMinutes);
        headers.append({u"Received", received});
    }

    const QString subject = textValue(m.subject, q);
    QString references;
    for (qsizetype i = 0; i < m.references.size(); ++i) {
        if (i > 0)
            references.append(u"\r\n ");
        references += QLatin1Char('<') + m.references[i] + QLatin1Char('>');
    }
    const QString messageId = QLatin1Char('<') + m.messageId + QLatin1Char('>');
    const QString from = mailbox(m.fromName, m.fromAddress, q);
    QString to = mailbox(m.toName, m.toAddress, q, m.client == Client::Outlook);
    QString cc;
    for (const QString &c : m.cc)
        cc += (cc.isEmpty() ? QString() : QStringLiteral(", ")) + c;

    // Body and its content headers.
    QString contentType;
    QString transferEncoding;
    QString body;
    body.reserve(m.body.size() * 2 + 256);
    Layout layout = m.layout;
    if (layout == Layout::Plain8Bit && hasLongLine(m.body))
        layout = Layout::PlainQuotedPrintable; // RFC 5322 caps lines at 998 octets
    const bool ascii = isAscii(m.body);
    switch (layout) {
    case Layout::Plain8Bit:
        contentType = QStringLiteral("text/plain; charset=\"UTF-8\"");
        transferEncoding = ascii ? QStringLiteral("7bit") : QStringLiteral("8bit");
        appendCrlfText(body, m.body);
        body.append(crlf);
        break;
    case Layout::PlainQuotedPrintable:
        contentType = QStringLiteral("text/plain; charset=\"UTF-8\"");
        transferEncoding = QStringLiteral("quoted-printable");
        appendQuotedPrintable(body, m.body);
        body.append(crlf);
        break;
    case Layout::Alternative: {
        QString boundary;
        switch (m.client) {
        case Client::Outlook:
            boundary = QStringLiteral("_000_");
            appendUpperHex(boundary, rng, 36);
            boundary.append(QLatin1Char('_'));
            break;
        case Client::Apple:
            boundary = QStringLiteral("Apple-Mail=_") + rng.uuid().toString(QUuid::WithoutBraces).toUpper();
            break;
        case Client::Gmail:
            boundary = QStringLiteral("000000000000");
            rng.appendHex(boundary, 16);
            break;
        default:
            boundary = QStringLiteral("----=_Part_") + QString::number(rng.range(100'000, 9'999'999))
                + QLatin1Char('_') + QString::number(rng.range(100'000'000, 999'999'999));
            break;
        }
        contentType = u"multipart/alternative;\r\n\tboundary=\"" + boundary + QLatin1Char('"');
        body.append(u"--" + boundary + crlf);
        body.append(u"Content-Type: text/plain; charset=\"UTF-8\"\r\n");
        body.append(u"Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        appendQuotedPrintable(body, m.body);
        body.append(crlf);
        body.append(crlf);
        body.append(u"--" + boundary + crlf);
        body.append(u"Content-Type: text/html; charset=\"UTF-8\"\r\n");
        body.append(u"Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        appendQuotedPrintable(body, htmlOf(m.body, m.client));
        body.append(crlf);
        body.append(u"--" + boundary + u"--" + crlf);
        break;
    }
    }

    const QString language = m.welsh ? QStringLiteral("cy-GB") : QStringLiteral("en-GB");
    const auto addThreading = [&] {
        if (!m.inReplyTo.isEmpty())
            headers.append({u"In-Reply-To", QLatin1Char('<') + m.inReplyTo + QLatin1Char('>')});
        if (!references.isEmpty())
            headers.append({u"References", references});
    };
    switch (m.client) {
    case Client::Gmail:
        headers.append({u"MIME-Version", QStringLiteral("1.0")});
        headers.append({u"From", from});
        headers.append({u"Date", date});
        addThreading();
        headers.append({u"Message-ID", messageId});
        headers.append({u"Subject", subject});
        headers.append({u"To", to});
        if (!cc.isEmpty())
            headers.append({u"Cc", cc});
        headers.append({u"Content-Type", contentType});
        if (layout != Layout::Alternative)
            headers.append({u"Content-Transfer-Encoding", transferEncoding});
        break;
    case Client::Outlook: {
        headers.append({u"From", from});
        headers.append({u"To", to});
        if (!cc.isEmpty())
            headers.append({u"CC", cc});
        headers.append({u"Subject", subject});
        QStringView topic = m.subject;
        while (topic.startsWith(u"Re: ") || topic.startsWith(u"RE: "))
            topic = topic.mid(4);
        headers.append({u"Thread-Topic", textValue(topic, true)});
        QString index = QStringLiteral("AQH");
        appendToken(index, rng, 19);
        headers.append({u"Thread-Index", index + u"=="});
        headers.append({u"Date", date});
        headers.append({u"Message-ID", messageId});
        addThreading();
        headers.append({u"Accept-Language", QStringLiteral("en-GB, en-US")});
        headers.append({u"Content-Language", language});
        headers.append({u"X-MS-Has-Attach", QString()});
        headers.append({u"Content-Type", contentType});
        if (layout != Layout::Alternative)
            headers.append({u"Content-Transfer-Encoding", transferEncoding});
        headers.append({u"MIME-Version", QStringLiteral("1.0")});
        break;
    }
    case Client::Apple:
        headers.append({u"From", from});
        headers.append({u"Content-Type", contentType});
        if (layout != Layout::Alternative)
            headers.append({u"Content-Transfer-Encoding", transferEncoding});
        headers.append({u"Mime-Version", QStringLiteral("1.0 (1.0)")});
        headers.append({u"Subject", subject});
        headers.append({u"Date", date});
        headers.append({u"Message-Id", messageId});
        addThreading();
        headers.append({u"To", to});
        if (!cc.isEmpty())
            headers.append({u"Cc", cc});
        headers.append({u"X-Mailer", QStringLiteral("iPhone Mail (21F90)")});
        break;
    case Client::Yahoo:
    case Client::Webmail:
    case Client::Council:
        headers.append({u"Date", date});
        headers.append({u"From", from});
        headers.append({u"To", to});
        if (!cc.isEmpty())
            headers.append({u"Cc", cc});
        headers.append({u"Message-ID", messageId});
        addThreading();
        headers.append({u"Subject", subject});
        headers.append({u"MIME-Version", QStringLiteral("1.0")});
        headers.append({u"Content-Type", contentType});
        if (layout != Layout::Alternative)
            headers.append({u"Content-Transfer-Encoding", transferEncoding});
        if (m.client == Client::Council) {
            headers.append({u"Content-Language", language});
            headers.append({u"X-Mailer", QStringLiteral("Threadline 0.1")});
        } else if (m.client == Client::Yahoo) {
            headers.append({u"X-Mailer", QStringLiteral("WebService/1.1.22205 YMailNorrin")});
        } else {
            headers.append({u"User-Agent", QStringLiteral("Roundcube Webmail/1.6.6")});
        }
        break;
    }

    QString raw;
    QString unfolded;
    raw.reserve(body.size() + 1600);
    unfolded.reserve(1600);
    for (const Header &h : headers) {
        raw.append(h.name);
        raw.append(u": ");
        raw.append(h.value);
        raw.append(crlf);
        if (!unfolded.isEmpty())
            unfolded.append(QLatin1Char('\n'));
        unfolded.append(h.name);
        unfolded.append(u": ");
        // Unfold: drop each CRLF that comes before whitespace (RFC 5322 section 2.2.3).
        const QString &v = h.value;
        qsizetype start = 0;
        for (qsizetype i = 0; i + 1 < v.size(); ++i) {
            if (v[i] == QLatin1Char('\r') && v[i + 1] == QLatin1Char('\n')) {
                unfolded.append(QStringView(v).mid(start, i - start));
                start = i + 2;
            }
        }
        unfolded.append(QStringView(v).mid(start));
    }
    raw.append(crlf);
    raw.append(body);

    out.messageId = m.messageId;
    out.inReplyTo = m.inReplyTo;
    out.references = m.references;
    out.from = m.fromAddress;
    out.to = QStringList {m.toAddress};
    out.cc = m.cc;
    out.headers = unfolded;
    out.rawSource = raw.toUtf8();
    out.defects.clear();
}

} // namespace Threadline::Demo
