// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

struct sqlite3;

namespace Threadline::Store {

/// Registers the FTS5 ranking function "threadline_rank" on @p db (every connection gets it,
/// see SqliteDatabase::open).
///
/// threadline_rank(w0, w1, ...) is BM25 without its inverse document frequency: for each phrase
/// of the query and each column, the term-frequency saturation of BM25 (k1 = 1.2, b = 0.75, with
/// the column's length against its average length) times the column's weight, summed and
/// negated (lower is better, as with bm25()). Why not bm25(): its IDF needs each phrase's
/// document count, which FTS5 computes by reading the phrase's whole doclist on every query,
/// 30 ms for "council tax" at a million interactions, however few rows are ranked. Search ranks
/// a bounded window of the newest matches, all of which contain every phrase, so IDF would
/// only re-weight phrases that every ranked row has; what decides the order (how often and
/// where the words occur) stays.
Status registerSearchRanking(sqlite3 *db);

} // namespace Threadline::Store
