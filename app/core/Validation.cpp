// SPDX-License-Identifier: GPL-3.0-or-later
#include "Validation.h"

#include <QRegularExpression>

namespace Threadline {

namespace {

void require(Problems &out, bool condition, const QString &field, const QString &message)
{
    if (!condition)
        out.append({field, message});
}

void checkLength(Problems &out, const QString &value, qsizetype max, const QString &field)
{
    if (value.size() > max)
        out.append(
            {field, QStringLiteral("is %1 characters long; the limit is %2").arg(value.size()).arg(max)});
}

void checkTimestamp(Problems &out, const QDateTime &at, const QDateTime &now, const QString &field)
{
    if (!at.isValid()) {
        out.append({field, QStringLiteral("is missing")});
        return;
    }
    if (at > now.addSecs(Limits::clockSkewSeconds))
        out.append({field,
                    QStringLiteral("is %1 in the future, beyond the allowed clock skew of %2 s")
                        .arg(at.toUTC().toString(Qt::ISODateWithMs))
                        .arg(Limits::clockSkewSeconds)});
}

bool isLanguageTag(const QString &tag)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"));
    return re.match(tag).hasMatch();
}

} // namespace

namespace IdentifierRules {

bool isE164(QStringView value)
{
    static const QRegularExpression re(QStringLiteral("^\\+[1-9][0-9]{6,14}$"));
    return re.match(value.toString()).hasMatch();
}

bool isEmailAddress(QStringView value)
{
    if (value.size() > Limits::maxIdentifierChars)
        return false;
    static const QRegularExpression re(QStringLiteral(
        "^[^\\s@]{1,64}@[a-z0-9\\x{80}-\\x{10FFFF}]([a-z0-9\\x{80}-\\x{10FFFF}-]*[a-z0-9\\x{80}-\\x{"
        "10FFFF}])?(\\.[a-z0-9\\x{80}-\\x{10FFFF}]([a-z0-9\\x{80}-\\x{10FFFF}-]*[a-z0-9\\x{80}-"
        "\\x{10FFFF}])?)+$"));
    return re.match(value.toString()).hasMatch();
}

bool isUkPostcode(QStringView value)
{
    // Outward code (A9, A99, A9A, AA9, AA99, AA9A) + space + inward code (9AA); GIR 0AA is special.
    static const QRegularExpression re(
        QStringLiteral("^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9]["
                       "ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2})$"));
    return re.match(value.toString()).hasMatch();
}

bool isNhsNumber(QStringView value)
{
    if (value.size() != 10)
        return false;
    int sum = 0;
    for (int i = 0; i < 10; ++i) {
        if (!value[i].isDigit() || value[i].unicode() > '9')
            return false;
        if (i < 9)
            sum += (value[i].unicode() - '0') * (10 - i);
    }
    int check = 11 - (sum % 11);
    if (check == 11)
        check = 0;
    return check != 10 && check == value[9].unicode() - '0';
}

bool isNiNumber(QStringView value)
{
    // Two prefix letters (not D, F, I, Q, U, V; second not O; some pairs never issued), six
    // digits, suffix A-D.
    static const QRegularExpression re(
        QStringLiteral("^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$"));
    return re.match(value.toString()).hasMatch();
}

} // namespace IdentifierRules

Problems validate(const Customer &c)
{
    Problems out;
    require(out, !c.id.isNull(), QStringLiteral("id"), QStringLiteral("is missing"));
    require(out, !c.displayName.trimmed().isEmpty(), QStringLiteral("displayName"),
            QStringLiteral("is empty"));
    checkLength(out, c.displayName, Limits::maxNameChars, QStringLiteral("displayName"));
    require(out, isLanguageTag(c.preferredLanguage), QStringLiteral("preferredLanguage"),
            QStringLiteral("\"%1\" is not a language tag such as \"en\" or \"cy\"").arg(c.preferredLanguage));
    if (!c.address.postcode.isEmpty())
        require(out, IdentifierRules::isUkPostcode(c.address.postcode), QStringLiteral("address.postcode"),
                QStringLiteral("\"%1\" is not a normalised UK postcode such as \"SW1A 1AA\"")
                    .arg(c.address.postcode));
    if (c.dateOfBirth.isValid())
        require(out, c.dateOfBirth <= QDate::currentDate() && c.dateOfBirth.year() >= 1890,
                QStringLiteral("dateOfBirth"), QStringLiteral("is not a plausible date of birth"));
    require(out, c.mergedInto != c.id || c.id.isNull(), QStringLiteral("mergedInto"),
            QStringLiteral("a customer cannot be merged into itself"));
    checkLength(out, c.notes, Limits::maxBodyChars, QStringLiteral("notes"));
    require(out, c.version >= 0, QStringLiteral("version"), QStringLiteral("is negative"));
    return out;
}

Problems validate(const Identifier &i)
{
    Problems out;
    const QString field = QStringLiteral("value");
    require(out, !i.customerId.isNull(), QStringLiteral("customerId"), QStringLiteral("is missing"));
    if (i.value.isEmpty()) {
        out.append({field, QStringLiteral("is empty")});
        return out;
    }
    checkLength(out, i.value, Limits::maxIdentifierChars, field);
    const auto bad = [&](const QString &expected) {
        out.append({field, QStringLiteral("\"%1\" is not %2").arg(i.value, expected)});
    };
    switch (i.kind) {
    case IdentifierKind::Email:
        if (!IdentifierRules::isEmailAddress(i.value))
            bad(QStringLiteral("an email address with a lower-case domain"));
        break;
    case IdentifierKind::Phone:
        if (!IdentifierRules::isE164(i.value))
            bad(QStringLiteral("a phone number in E.164 form such as +447700900123"));
        break;
    case IdentifierKind::PostalAddress: {
        const QString postcode = i.value.section(QLatin1Char('|'), 0, 0);
        if (!IdentifierRules::isUkPostcode(postcode) || i.value.section(QLatin1Char('|'), 1).isEmpty())
            bad(QStringLiteral("a postal address key such as \"SW1A 1AA|10\""));
        break;
    }
    case IdentifierKind::NhsNumber:
        if (!IdentifierRules::isNhsNumber(i.value))
            bad(QStringLiteral("an NHS number (ten digits with a valid check digit)"));
        break;
    case IdentifierKind::NiNumber:
        if (!IdentifierRules::isNiNumber(i.value))
            bad(QStringLiteral("a National Insurance number such as QQ123456C"));
        break;
    case IdentifierKind::CouncilTaxAccount:
    case IdentifierKind::ChatHandle:
    case IdentifierKind::OtherReference:
        if (i.value.trimmed() != i.value)
            bad(QStringLiteral("trimmed of surrounding spaces"));
        break;
    }
    return out;
}

Problems validate(const Interaction &i, const QDateTime &now)
{
    Problems out;
    require(out, !i.id.isNull(), QStringLiteral("id"), QStringLiteral("is missing"));
    require(out, !i.customerId.isNull(), QStringLiteral("customerId"), QStringLiteral("is missing"));
    checkTimestamp(out, i.occurredAt, now, QStringLiteral("occurredAt"));
    checkLength(out, i.subject, Limits::maxSubjectChars, QStringLiteral("subject"));
    checkLength(out, i.body, Limits::maxBodyChars, QStringLiteral("body"));
    if (i.channel() == Channel::Note)
        require(out, i.direction == Direction::Internal, QStringLiteral("direction"),
                QStringLiteral("a note is always internal"));
    else
        require(out, i.direction != Direction::Internal, QStringLiteral("direction"),
                QStringLiteral("only notes are internal"));

    if (const auto *call = std::get_if<CallDetails>(&i.details)) {
        if (!call->callerNumber.isEmpty())
            require(out, IdentifierRules::isE164(call->callerNumber), QStringLiteral("call.callerNumber"),
                    QStringLiteral("\"%1\" is not in E.164 form").arg(call->callerNumber));
        require(out, call->durationSeconds >= 0, QStringLiteral("call.durationSeconds"),
                QStringLiteral("is negative"));
        checkLength(out, call->transcript, Limits::maxBodyChars, QStringLiteral("call.transcript"));
    } else if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
        require(out, !chat->sessionId.isEmpty(), QStringLiteral("chat.sessionId"),
                QStringLiteral("is empty"));
        require(out, chat->messages.size() <= Limits::maxChatMessages, QStringLiteral("chat.messages"),
                QStringLiteral("has %1 messages; the limit is %2")
                    .arg(chat->messages.size())
                    .arg(Limits::maxChatMessages));
        qsizetype total = 0;
        for (qsizetype n = 0; n < chat->messages.size(); ++n) {
            const ChatMessage &m = chat->messages[n];
            checkTimestamp(out, m.at, now, QStringLiteral("chat.messages[%1].at").arg(n));
            total += m.text.size();
        }
        require(out, total <= Limits::maxBodyChars, QStringLiteral("chat.messages"),
                QStringLiteral("hold %1 characters; the limit is %2").arg(total).arg(Limits::maxBodyChars));
    } else if (const auto *email = std::get_if<EmailDetails>(&i.details)) {
        require(out, email->rawSource.size() <= Limits::maxRawSourceBytes, QStringLiteral("email.rawSource"),
                QStringLiteral("is %1 bytes; the limit is %2")
                    .arg(email->rawSource.size())
                    .arg(Limits::maxRawSourceBytes));
        if (i.direction == Direction::Inbound)
            require(out, !email->from.isEmpty() || !email->defects.isEmpty(), QStringLiteral("email.from"),
                    QStringLiteral("is empty on an inbound email with no recorded defects"));
    } else if (const auto *letter = std::get_if<LetterDetails>(&i.details)) {
        checkLength(out, letter->ocrText, Limits::maxBodyChars, QStringLiteral("letter.ocrText"));
    }
    for (qsizetype n = 0; n < i.attachments.size(); ++n) {
        const Attachment &a = i.attachments[n];
        require(out, !a.fileName.isEmpty(), QStringLiteral("attachments[%1].fileName").arg(n),
                QStringLiteral("is empty"));
        require(out, a.size >= 0, QStringLiteral("attachments[%1].size").arg(n),
                QStringLiteral("is negative"));
        require(out, a.sha256.size() == 32, QStringLiteral("attachments[%1].sha256").arg(n),
                QStringLiteral("is not a 32-byte SHA-256 digest"));
    }
    return out;
}

Problems validate(const Case &c)
{
    Problems out;
    require(out, !c.id.isNull(), QStringLiteral("id"), QStringLiteral("is missing"));
    require(out, !c.customerId.isNull(), QStringLiteral("customerId"), QStringLiteral("is missing"));
    require(out, !c.title.trimmed().isEmpty(), QStringLiteral("title"), QStringLiteral("is empty"));
    checkLength(out, c.title, Limits::maxSubjectChars, QStringLiteral("title"));
    require(out, c.createdAt.isValid(), QStringLiteral("createdAt"), QStringLiteral("is missing"));
    if (c.createdAt.isValid() && c.updatedAt.isValid())
        require(out, c.updatedAt >= c.createdAt, QStringLiteral("updatedAt"),
                QStringLiteral("is before createdAt"));
    require(out, c.version >= 0, QStringLiteral("version"), QStringLiteral("is negative"));
    for (const QString &tag : c.tags) {
        if (tag.isEmpty() || tag.contains(QLatin1Char(' ')))
            out.append({QStringLiteral("tags"), QStringLiteral("\"%1\" must be one word").arg(tag)});
    }
    return out;
}

Problems validate(const Agent &a)
{
    Problems out;
    require(out, !a.id.isNull(), QStringLiteral("id"), QStringLiteral("is missing"));
    static const QRegularExpression username(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    require(
        out, username.match(a.username).hasMatch(), QStringLiteral("username"),
        QStringLiteral("\"%1\" must be 1-64 lower-case letters, digits, '.', '_' or '-'").arg(a.username));
    require(out, !a.displayName.trimmed().isEmpty(), QStringLiteral("displayName"),
            QStringLiteral("is empty"));
    for (const QString &lang : a.languages)
        require(out, isLanguageTag(lang), QStringLiteral("languages"),
                QStringLiteral("\"%1\" is not a language tag").arg(lang));
    return out;
}

Problems validate(const Draft &d)
{
    Problems out;
    require(out, !d.id.isNull(), QStringLiteral("id"), QStringLiteral("is missing"));
    require(out, !d.customerId.isNull(), QStringLiteral("customerId"), QStringLiteral("is missing"));
    checkLength(out, d.subject, Limits::maxSubjectChars, QStringLiteral("subject"));
    checkLength(out, d.body, Limits::maxBodyChars, QStringLiteral("body"));
    if (!d.language.isEmpty())
        require(out, isLanguageTag(d.language), QStringLiteral("language"),
                QStringLiteral("\"%1\" is not a language tag").arg(d.language));
    for (const QStringList *list : {&d.to, &d.cc}) {
        const QString field = list == &d.to ? QStringLiteral("to") : QStringLiteral("cc");
        require(out, list->size() <= 100, field, QStringLiteral("has more than 100 addresses"));
        for (const QString &address : *list)
            checkLength(out, address, Limits::maxIdentifierChars, field);
    }
    require(out, d.callDurationSeconds >= 0, QStringLiteral("callDurationSeconds"),
            QStringLiteral("is negative"));
    require(out, d.version >= 0, QStringLiteral("version"), QStringLiteral("is negative"));
    return out;
}

QString describe(const Problems &problems)
{
    QStringList parts;
    parts.reserve(problems.size());
    for (const Problem &p : problems)
        parts.append(p.field + QStringLiteral(": ") + p.message);
    return parts.join(QStringLiteral("; "));
}

Problems validate(const Change::Record &record)
{
    return std::visit(
        [](const auto &r) -> Problems {
            using T = std::decay_t<decltype(r)>;
            // Checked by type: every record converts to Change::Record, so "has a validate()"
            // would pick this very function for the ones without rules.
            if constexpr (std::is_same_v<T, Conflict> || std::is_same_v<T, IdentifierRemoval>)
                return {};
            else
                return validate(r);
        },
        record);
}

} // namespace Threadline
