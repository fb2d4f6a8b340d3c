// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "SqliteDatabase.h"

#include <QLockFile>
#include <QString>

#include <memory>

namespace Threadline::Store {

class CacheWriter;

/// What opening the cache found and did, as values: the UI words it for people
/// (Ui::CacheRecoveryText), logs quote the codes.
struct CacheOpenReport
{
    bool created = false; ///< there was no cache file; a fresh one was made
    bool previousSessionUnclean = false; ///< the last session did not close the cache
    bool integrityChecked = false; ///< a full quick_check ran at open

    // Recovery from a damaged file: the file is never deleted, only set aside.
    bool recovered = false;
    Error damage; ///< what was wrong: a code ("sqlite_corrupt", "sqlite_notadb",
                  ///< "integrity_check_failed", "schema_too_new", ...) and SQLite's own words
    QString damagedFileKeptAs; ///< where the damaged file now is
    int outboxCarriedOver = 0; ///< unsent local changes copied into the fresh cache
    bool outboxFullyRead = true; ///< false: unsent changes in the damaged file could not all be read
    Error outboxReadError; ///< why, when they could not all be read
};

struct CacheOptions
{
    enum class IntegrityCheck
    {
        Auto, ///< full check only when the previous session did not close the cache
        Always,
        Never,
    };
    QString path;
    IntegrityCheck integrityCheck = IntegrityCheck::Auto;
};

/// The client's local cache: one SQLite file (WAL) that the whole UI reads.
///
/// A full integrity check runs at open only when there is reason to doubt the file: the last
/// session did not close it, or a write met corruption (which leaves `<path>.needs-check`).
/// open() takes an exclusive lock on the file (one Threadline per cache), brings the schema up
/// to date and, when the file is damaged or unreadable, sets it aside (renamed, never deleted),
/// carries any unsent outbox entries it can read into a fresh cache, and reports exactly what
/// happened. Owns the CacheWriter (the one write connection, on its own thread); every reader
/// opens its own connection with openReader(). Lives on the thread that opened it; destroying it
/// finishes queued writes, closes the file and releases the lock.
class Cache
{
public:
    static Result<std::unique_ptr<Cache>> open(const CacheOptions &options);
    ~Cache();
    Cache(const Cache &) = delete;
    Cache &operator=(const Cache &) = delete;

    QString path() const { return m_path; }
    const CacheOpenReport &openReport() const { return m_report; }
    CacheWriter &writer() { return *m_writer; }

    /// A new read-only connection for the calling thread (the GUI thread keeps one; workers
    /// open their own). Readers see the last committed state and never block the writer.
    Result<SqliteDatabase> openReader() const;

    /// Runs a full integrity check (b-trees, and the full-text indexes against their rows) as a
    /// writer job and waits for it: "ok" or the problems found. Slow on a large cache; call it
    /// off the GUI thread.
    Result<QString> checkIntegrity();

private:
    Cache() = default;

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<CacheWriter> m_writer;
    CacheOpenReport m_report;
};

} // namespace Threadline::Store
