// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QUuid>

namespace Threadline::Store {

class SqliteDatabase;

/// A highlighted excerpt: plain text plus the [start, end) character ranges that matched.
/// The store returns raw values; views decide how to draw the highlights.
struct Snippet
{
    QString text;
    QList<QPair<int, int>> highlights;
};

struct InteractionHit
{
    QUuid interactionId;
    QUuid customerId;
    QString customerName;
    Channel channel = Channel::Note;
    QDateTime occurredAt;
    QString subject;
    Snippet snippet;
    double score = 0; ///< threadline_rank (or bm25 for people): lower is better
};

struct CustomerHit
{
    QUuid customerId;
    QString displayName;
    Snippet snippet; ///< the matching name or identifiers
    double score = 0;
};

/// Full-text search over the cache (FTS5, ranked by term frequency per column, diacritics folded, prefix
/// matching of the last word as the user types). Works on the read connection it is given; safe to run on any
/// thread that owns that connection.
class SearchRepository
{
public:
    explicit SearchRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Turns what a person typed into an FTS5 query: every word must match (in any column), the
    /// last one as a prefix; quotes and operators are taken literally, never as syntax; a phone
    /// number written with spaces or dashes is matched as one number. Empty when nothing to search.
    static QString toFtsQuery(const QString &userText);

    /// The best @p limit interactions (threadline_rank: BM25's term weighting by column, without
    /// IDF, see SearchRanking.h) among the @p rankWindow most recently stored matches. Ranking every match of
    /// a broad query ("council tax" matches a quarter of a council's mail) costs time in proportion to the
    /// matches, past 100 ms on a million interactions; the window bounds it, and for any query with fewer
    /// matches than the window the ranking is over all of them. Older matches of a broad query are reached by
    /// refining it.
    Result<QList<InteractionHit>> interactions(const QString &userText, int limit = 50,
                                               int rankWindow = defaultRankWindow);
    static constexpr int defaultRankWindow = 2000;
    Result<QList<CustomerHit>> customers(const QString &userText, int limit = 10);

private:
    /// The rowid of the @p window-th newest match of @p ftsQuery; 0 when it has fewer matches.
    Result<qint64> windowBound(const QString &ftsQuery, int window);

    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
