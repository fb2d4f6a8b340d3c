// SPDX-License-Identifier: GPL-3.0-or-later
#include "TextComposer.h"

#include "OfficeClock.h"
#include "Person.h"
#include "Team.h"
#include "Topic.h"

namespace Threadline::Demo {

TextComposer::TextComposer(const TopicCatalogue &catalogue)
    : m_catalogue(catalogue)
{ }

QString TextComposer::money(qint64 pence)
{
    const QString pounds = QString::number(pence / 100);
    QString out;
    out.reserve(pounds.size() + 6);
    out.append(u"£");
    for (qsizetype i = 0; i < pounds.size(); ++i) {
        if (i > 0 && (pounds.size() - i) % 3 == 0)
            out.append(QLatin1Char(','));
        out.append(pounds[i]);
    }
    out.append(QLatin1Char('.'));
    out.append(QChar(u'0' + char16_t(pence % 100 / 10)));
    out.append(QChar(u'0' + char16_t(pence % 10)));
    return out;
}

void TextComposer::append(QString &out, QStringView text, const TextContext &ctx) const
{
    const Person *person = ctx.person;
    qsizetype copied = 0;
    for (qsizetype i = 0; i + 2 < text.size(); ++i) {
        if (text[i] != QLatin1Char('{') || text[i + 2] != QLatin1Char('}'))
            continue;
        out.append(text.mid(copied, i - copied));
        copied = i + 3;
        const char16_t key = text[i + 1].unicode();
        switch (key) {
        case u'n':
            out.append(person->firstName);
            break;
        case u'N':
            out.append(person->customer.displayName);
            break;
        case u'a':
            out.append(person->addressLine);
            break;
        case u's':
            out.append(person->street);
            break;
        case u't':
            out.append(person->customer.address.town);
            break;
        case u'p':
            out.append(person->customer.address.postcode);
            break;
        case u'h':
            out.append(person->phoneDisplay());
            break;
        case u'e':
            out.append(person->email);
            break;
        case u'k':
            out.append(person->councilTaxAccount);
            break;
        case u'v':
            out.append(person->vehicle);
            break;
        case u'r':
            out.append(ctx.reference);
            break;
        case u'm':
            out.append(ctx.amount);
            break;
        case u'M':
            out.append(ctx.instalment);
            break;
        case u'y':
            out.append(ctx.taxYear);
            break;
        case u'q':
            out.append(ctx.pcn);
            break;
        case u'x':
            out.append(QString::number(ctx.number));
            break;
        case u'g':
            out.append(ctx.agentFirstName);
            break;
        case u'G':
            out.append(ctx.agentName);
            break;
        case u'T':
            out.append(ctx.welsh ? ctx.team->nameCy : ctx.team->nameEn);
            break;
        case u'L':
            out.append(ctx.team->lineDisplay);
            break;
        case u'o':
            out.append(TopicCatalogue::councilName(ctx.welsh));
            break;
        case u'c':
            out.append(m_catalogue.pool(TopicCatalogue::BinTypes, ctx.welsh)[ctx.binType]);
            break;
        case u'd':
            OfficeClock::appendLongDate(out, ctx.earlierMs, ctx.welsh, true, false);
            break;
        case u'D':
            OfficeClock::appendLongDate(out, ctx.laterMs, ctx.welsh, true, false);
            break;
        case u'P':
            if (ctx.welsh) {
                // Welsh "â" (with, about) becomes "ag" before a vowel: "ynglŷn ag ôl-ddyledion".
                const QStringView phrase = ctx.topic->phraseCy;
                if (out.endsWith(u"â ") && !phrase.isEmpty()
                    && QStringView(u"aeiouâêîôûAEIOUÂÊÎÔÛ").contains(phrase[0])) {
                    out.chop(2);
                    out.append(u"ag ");
                }
                append(out, phrase, ctx);
            } else {
                append(out, ctx.topic->phraseEn, ctx);
            }
            break;
        default:
            copied = i; // not a placeholder: copy it through
            continue;
        }
        i += 2;
    }
    out.append(text.mid(copied));
}

QString TextComposer::text(QStringView text, const TextContext &ctx) const
{
    QString out;
    out.reserve(text.size() + 32);
    append(out, text, ctx);
    return out;
}

void TextComposer::appendPick(QString &out, Prng &rng, const QList<QStringView> &list,
                              const TextContext &ctx) const
{
    if (!list.isEmpty())
        append(out, list[rng.bounded(quint32(list.size()))], ctx);
}

void TextComposer::appendPick(QString &out, Prng &rng, TopicCatalogue::Pool pool,
                              const TextContext &ctx) const
{
    appendPick(out, rng, m_catalogue.pool(pool, ctx.welsh), ctx);
}

QString TextComposer::pick(Prng &rng, TopicCatalogue::Pool pool, const TextContext &ctx) const
{
    QString out;
    appendPick(out, rng, pool, ctx);
    return out;
}

int TextComposer::appendRotating(QString &out, const QList<QStringView> &pool, int count, quint32 &cursor,
                                 const TextContext &ctx) const
{
    const qsizetype n = pool.size();
    int i = 0;
    for (; i < count && i < n; ++i) {
        if (i > 0)
            out.append(QLatin1Char(' '));
        append(out, pool[cursor++ % n], ctx);
    }
    return i;
}

} // namespace Threadline::Demo
