// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchRanking.h"

#include <QString>

#include <memory>
#include <sqlite3.h>
#include <vector>

namespace Threadline::Store {

namespace {

constexpr double k1 = 1.2;
constexpr double b = 0.75;

// Average length of each column over the table: a per-query constant kept as auxiliary data.
struct Averages
{
    std::vector<double> length;
};

void deleteAverages(void *p)
{
    delete static_cast<Averages *>(p);
}

void threadlineRank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
                    sqlite3_value **argv)
{
    const int columns = api->xColumnCount(fts);
    auto *averages = static_cast<Averages *>(api->xGetAuxdata(fts, 0));
    if (!averages) {
        auto fresh = std::make_unique<Averages>();
        sqlite3_int64 rows = 0;
        if (api->xRowCount(fts, &rows) != SQLITE_OK) {
            sqlite3_result_error(ctx, "threadline_rank: no row count", -1);
            return;
        }
        fresh->length.resize(size_t(columns), 1.0);
        for (int c = 0; c < columns; ++c) {
            sqlite3_int64 total = 0;
            if (api->xColumnTotalSize(fts, c, &total) == SQLITE_OK && rows > 0 && total > 0)
                fresh->length[size_t(c)] = double(total) / double(rows);
        }
        averages = fresh.get();
        if (api->xSetAuxdata(fts, fresh.release(), deleteAverages) != SQLITE_OK) {
            sqlite3_result_error(ctx, "threadline_rank: no memory", -1);
            return;
        }
    }

    // Hits per (phrase, column) from the instance list of this row.
    const int phrases = api->xPhraseCount(fts);
    std::vector<int> hits(size_t(phrases * columns), 0);
    int instances = 0;
    if (api->xInstCount(fts, &instances) != SQLITE_OK) {
        sqlite3_result_error(ctx, "threadline_rank: cannot read instances", -1);
        return;
    }
    for (int n = 0; n < instances; ++n) {
        int phrase = 0, column = 0, offset = 0;
        if (api->xInst(fts, n, &phrase, &column, &offset) == SQLITE_OK && phrase < phrases
            && column < columns)
            ++hits[size_t(phrase * columns + column)];
    }
    double score = 0;
    for (int c = 0; c < columns; ++c) {
        const double weight = c < argc ? sqlite3_value_double(argv[c]) : 1.0;
        if (weight == 0)
            continue;
        int length = 0;
        bool lengthRead = false;
        for (int p = 0; p < phrases; ++p) {
            const int tf = hits[size_t(p * columns + c)];
            if (tf == 0)
                continue;
            if (!lengthRead) {
                if (api->xColumnSize(fts, c, &length) != SQLITE_OK)
                    length = int(averages->length[size_t(c)]);
                lengthRead = true;
            }
            const double norm = k1 * (1 - b + b * double(length) / averages->length[size_t(c)]);
            score += weight * (double(tf) * (k1 + 1)) / (double(tf) + norm);
        }
    }
    sqlite3_result_double(ctx, -score);
}

fts5_api *fts5Api(sqlite3 *db)
{
    fts5_api *api = nullptr;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return api;
}

} // namespace

Status registerSearchRanking(sqlite3 *db)
{
    fts5_api *api = fts5Api(db);
    if (!api || api->iVersion < 2)
        return Error {QStringLiteral("fts5_missing"), QStringLiteral("this SQLite has no usable FTS5")};
    if (api->xCreateFunction(api, "threadline_rank", nullptr, threadlineRank, nullptr) != SQLITE_OK)
        return Error {QStringLiteral("fts5_function"), QStringLiteral("cannot register threadline_rank")};
    return {};
}

} // namespace Threadline::Store
