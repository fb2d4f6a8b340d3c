// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Prng.h"
#include "TextContext.h"
#include "TopicCatalogue.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace Threadline::Demo {

/// Fills sentence templates: copies text and replaces {x} placeholders from a TextContext
/// ({n} first name, {N} full name, {a} address line, {s} street, {t} town, {p} postcode,
/// {h} phone, {e} email, {k} council tax account, {r} reference, {m}/{M} amounts, {y} tax year,
/// {d}/{D} dates, {c} bin, {v} vehicle, {q} PCN, {g}/{G} agent, {T} team, {L} team line,
/// {o} council, {P} the topic's phrase, {x} a small number). A single linear scan, no regular
/// expressions, appending to the caller's string. Borrows the catalogue; const, so it may be
/// shared between threads. Never fails: an unknown placeholder is copied through unchanged.
class TextComposer
{
public:
    explicit TextComposer(const TopicCatalogue &catalogue);

    void append(QString &out, QStringView text, const TextContext &ctx) const;
    QString text(QStringView text, const TextContext &ctx) const;
    /// Appends one random sentence of @p list.
    void appendPick(QString &out, Prng &rng, const QList<QStringView> &list, const TextContext &ctx) const;
    /// Appends one random sentence of a generic pool, in the context's language.
    void appendPick(QString &out, Prng &rng, TopicCatalogue::Pool pool, const TextContext &ctx) const;
    QString pick(Prng &rng, TopicCatalogue::Pool pool, const TextContext &ctx) const;
    /// Appends up to @p count sentences of @p pool, space-separated, going round it from @p cursor
    /// (advanced), so one matter repeats itself as little as the pool allows. Draws no random
    /// numbers. Returns how many were appended (at most the pool's size).
    int appendRotating(QString &out, const QList<QStringView> &pool, int count, quint32 &cursor,
                       const TextContext &ctx) const;

    /// "£1,234.56".
    static QString money(qint64 pence);

private:
    const TopicCatalogue &m_catalogue;
};

} // namespace Threadline::Demo
