// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchRepository.h"

#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"

namespace Threadline::Store {

namespace {

// Markers around matches in snippet(); control characters that never occur in stored text
// (they are removed from the returned text).
constexpr QChar kOpen = QChar(0x02);
constexpr QChar kClose = QChar(0x03);

Snippet parseSnippet(const QString &marked)
{
    Snippet out;
    out.text.reserve(marked.size());
    int start = -1;
    for (const QChar c : marked) {
        if (c == kOpen) {
            start = int(out.text.size());
        } else if (c == kClose) {
            if (start >= 0 && out.text.size() > start)
                out.highlights.append({start, int(out.text.size())});
            start = -1;
        } else {
            out.text.append(c);
        }
    }
    return out;
}

bool isPhoneLike(const QString &word)
{
    int digits = 0;
    for (const QChar c : word) {
        if (c.isDigit())
            ++digits;
        else if (c != QLatin1Char('+') && c != QLatin1Char('-') && c != QLatin1Char('(')
                 && c != QLatin1Char(')') && c != QLatin1Char('.'))
            return false;
    }
    return digits > 0;
}

} // namespace

namespace {

// The words of what a person typed, as the index's tokenizer will see them. People write phone
// numbers in groups ("07700 900 123", "+44 (0)7700-900123"): when the whole input is digits and
// punctuation, it is one number.
QStringList searchWords(const QString &userText)
{
    QStringList words = userText.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 1 && std::all_of(words.cbegin(), words.cend(), isPhoneLike)) {
        QString digits;
        for (const QString &w : std::as_const(words)) {
            for (const QChar c : w) {
                if (c.isDigit())
                    digits.append(c);
            }
        }
        if (digits.startsWith(QLatin1String("440")))
            digits.remove(2, 1); // +44 (0)7700 ...
        words = {digits};
    }
    return words;
}

// Every word must match; the last one as a prefix when @p prefixLast.
QString ftsQuery(const QStringList &words, bool prefixLast)
{
    QStringList terms;
    for (qsizetype n = 0; n < words.size(); ++n) {
        QString w = words[n];
        w.replace(QLatin1Char('"'), QLatin1String("\"\""));
        // A quoted string is tokenized by the index's own tokenizer, so punctuation inside a word
        // ("jane.doe@example.org", "SW1A") becomes a phrase, never query syntax.
        QString term = QLatin1Char('"') + w + QLatin1Char('"');
        if (prefixLast && n == words.size() - 1)
            term += QLatin1Char('*');
        terms.append(term);
    }
    return terms.join(QLatin1Char(' '));
}

} // namespace

QString SearchRepository::toFtsQuery(const QString &userText)
{
    return ftsQuery(searchWords(userText), true);
}

Result<qint64> SearchRepository::windowBound(const QString &ftsQuery, int window)
{
    auto bound
        = m_db.prepare("SELECT coalesce((SELECT rowid FROM interaction_fts WHERE interaction_fts MATCH ?1"
                       " ORDER BY rowid DESC LIMIT 1 OFFSET ?2), 0)");
    if (!bound)
        return bound.error();
    bound->bind(1, ftsQuery).bind(2, window - 1);
    auto row = bound->step();
    if (!row)
        return Error {QStringLiteral("search_failed"), row.error().message};
    return bound->int64(0);
}

Result<QList<InteractionHit>> SearchRepository::interactions(const QString &userText, int limit,
                                                             int rankWindow)
{
    const QStringList words = searchWords(userText);
    if (words.isEmpty())
        return QList<InteractionHit>();
    const QString query = ftsQuery(words, true);
    const int window = std::max(limit, rankWindow);
    // Step 1: the lowest rowid of the window of newest matches to rank. FTS5 walks exact terms'
    // doclists newest first and stops at the window's end (well under a millisecond), but a
    // prefix term's doclist is merged whole first (10 ms for "tax*" at a million interactions),
    // so the bound comes from whole words where they are enough:
    //  - every word whole: at least `window` of its matches are in the window, and every one of
    //    them matches the prefix query too;
    //  - else the words before the last: no more than `window` prefix matches can be in it;
    //  - else (a rare word still being typed) the prefix query itself.
    // No bound (0): fewer matches than the window, and all of them are ranked.
    qint64 lowestRow = 0;
    QList<QStringList> boundQueries = {words};
    if (words.size() > 1)
        boundQueries.append(words.mid(0, words.size() - 1));
    for (const QStringList &whole : std::as_const(boundQueries)) {
        auto bound = windowBound(ftsQuery(whole, false), window);
        if (!bound)
            return bound.error();
        lowestRow = *bound;
        if (lowestRow > 0)
            break;
    }
    if (lowestRow == 0) {
        auto bound = windowBound(query, window);
        if (!bound)
            return bound.error();
        lowestRow = *bound;
    }
    // Step 2: rank, cut and make snippets on one FTS5 cursor: FTS5 sorts by rank itself and then
    // computes snippet() only for the rows returned, reusing the doclists it already merged
    // (a prefix term's especially). Matching each result row again in a join cost ~1.5 ms a row.
    // threadline_rank is BM25 without IDF (SearchRanking.h: bm25's IDF read every posting of
    // every phrase, 30 ms for "council tax"). Weights: subject 4, body 1, participants 2,
    // transcript/OCR 1.
    auto stmt = m_db.prepare(
        "SELECT i.id, i.customer_id, c.display_name, i.channel, i.occurred_at, i.subject, f.snip, f.rank "
        "FROM ("
        "  SELECT rowid, snippet(interaction_fts, -1, char(2), char(3), '…', 16) AS snip, rank FROM "
        "interaction_fts"
        "  WHERE interaction_fts MATCH ?1 AND rowid >= ?3 AND rank MATCH 'threadline_rank(4.0, 1.0, 2.0, "
        "1.0)'"
        "  ORDER BY rank LIMIT ?2) f"
        " JOIN interactions i ON i.row_id = f.rowid"
        " JOIN customers c ON c.id = i.customer_id"
        " ORDER BY f.rank");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, query).bind(2, limit).bind(3, lowestRow);
    auto hits = stmt->collect([](const SqliteStatement &s) {
        InteractionHit hit;
        hit.interactionId = s.uuid(0);
        hit.customerId = s.uuid(1);
        hit.customerName = s.text(2);
        hit.channel = storedEnum<Channel>(s, 3, Channel::Note);
        hit.occurredAt = utcFromMs(s.int64(4));
        hit.subject = s.text(5);
        hit.snippet = parseSnippet(s.text(6));
        hit.score = s.real(7);
        return hit;
    });
    if (!hits)
        return Error {QStringLiteral("search_failed"), hits.error().message};
    return hits;
}

Result<QList<CustomerHit>> SearchRepository::customers(const QString &userText, int limit)
{
    const QString query = toFtsQuery(userText);
    if (query.isEmpty())
        return QList<CustomerHit>();
    auto stmt = m_db.prepare(
        "SELECT c.id, c.display_name, snippet(customer_fts, -1, char(2), char(3), '…', 12),"
        " customer_fts.rank FROM customer_fts JOIN customers c ON c.row_id = customer_fts.rowid"
        " WHERE customer_fts MATCH ?1 AND c.merged_into IS NULL"
        " ORDER BY customer_fts.rank LIMIT ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, query).bind(2, limit);
    auto hits = stmt->collect([](const SqliteStatement &s) {
        return CustomerHit {s.uuid(0), s.text(1), parseSnippet(s.text(2)), s.real(3)};
    });
    if (!hits)
        return Error {QStringLiteral("search_failed"), hits.error().message};
    return hits;
}

} // namespace Threadline::Store
