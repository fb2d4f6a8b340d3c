// SPDX-License-Identifier: GPL-3.0-or-later
#include "Cache.h"

#include "CacheWriter.h"
#include "Migrations.h"
#include "Outbox.h"
#include "SqliteTransaction.h"
#include "StoreLogging.h"
#include "Time.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Threadline::Store {

namespace {

const QStringList kSidecars = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")};

/// Result of trying to open an existing cache file as it is.
struct Attempt
{
    SqliteDatabase db;
    bool damaged = false; ///< the file's content is the problem: set it aside
    Error error;
};

bool isDamageCode(const QString &code)
{
    return code == QLatin1String("sqlite_corrupt") || code == QLatin1String("sqlite_notadb")
        || code == QLatin1String("schema_too_new") || code == QLatin1String("integrity_check_failed");
}

Status configureWriter(SqliteDatabase &db)
{
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (!mode)
        return mode.error();
    if (mode->compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return Error {QStringLiteral("no_wal"),
                      QStringLiteral("the cache cannot use write-ahead logging (journal mode "
                                     "is %1)")
                          .arg(*mode)};
    // temp_store stays at its default on purpose: each writer job runs in a savepoint, and an
    // in-memory sub-journal (temp_store = MEMORY) is a chunk list that SQLite walks from the start
    // on every statement's release, which made large jobs quadratic (measured: 460 interactions/s
    // at 250,000 rows instead of thousands). On disk, SQLite spills it to a file past 64 KiB.
    return db.exec("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                   " PRAGMA journal_size_limit = 67108864;");
}

Attempt tryOpen(const QString &path, bool fullCheck, bool *checked)
{
    Attempt a;
    auto db = SqliteDatabase::open(path);
    if (!db) {
        a.error = db.error();
        a.damaged = isDamageCode(a.error.code) || a.error.code == QLatin1String("sqlite_cantopen");
        return a;
    }
    const auto fail = [&a](const Error &e) {
        a.error = e;
        a.damaged = isDamageCode(e.code);
        return std::move(a);
    };
    // Reading the schema catches a file that is not a database or has a damaged header.
    if (auto n = db->queryInt("SELECT count(*) FROM sqlite_schema"); !n)
        return fail(n.error());
    if (Status s = configureWriter(*db); !s)
        return fail(s.error());
    if (fullCheck) {
        *checked = true;
        auto result = db->queryText("PRAGMA quick_check(20)");
        if (!result)
            return fail(result.error());
        if (*result != QLatin1String("ok"))
            return fail(Error {QStringLiteral("integrity_check_failed"),
                               QStringLiteral("the integrity check found problems: %1").arg(*result)});
    }
    if (Status s = Migrations::migrate(*db); !s)
        return fail(s.error());
    a.db = std::move(*db);
    return a;
}

struct Salvage
{
    QList<OutboxEntry> entries;
    bool complete = true;
    Error error;
};

/// Reads whatever outbox entries can be read from a damaged file, in order.
Salvage salvageOutbox(const QString &damagedPath)
{
    Salvage out;
    auto db = SqliteDatabase::open(damagedPath, SqliteDatabase::Mode::ReadOnly);
    if (!db) {
        out.complete = false;
        out.error = db.error();
        return out;
    }
    // Files from before schema version 4 have no entity_id; their payloads read the same way.
    auto stmt = db->prepare("SELECT mutation_id, operation, payload, created_at, attempts, last_error, state,"
                            " entity_id FROM outbox ORDER BY seq");
    if (!stmt)
        stmt = db->prepare("SELECT mutation_id, operation, payload, created_at, attempts, last_error, state,"
                           " NULL FROM outbox ORDER BY seq");
    if (!stmt) {
        out.complete = false;
        out.error = stmt.error();
        return out;
    }
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            out.complete = false;
            out.error = row.error();
            break;
        }
        if (!*row)
            break;
        OutboxEntry e;
        e.mutationId = stmt->uuid(0);
        e.operation = stmt->text(1);
        e.payload = stmt->blob(2);
        e.createdAt = utcFromMs(stmt->int64(3));
        e.attempts = int(stmt->int64(4));
        e.lastError = stmt->text(5);
        e.state = stmt->text(6) == QLatin1String("rejected") ? OutboxEntry::State::Rejected
                                                             : OutboxEntry::State::Pending;
        e.entityId = stmt->uuid(7);
        if (e.mutationId.isNull() || e.operation.isEmpty()) {
            out.complete = false;
            out.error = Error {QStringLiteral("outbox_entry_unreadable"),
                               QStringLiteral("an entry has no id or operation")};
            continue;
        }
        out.entries.append(std::move(e));
    }
    return out;
}

} // namespace

Result<std::unique_ptr<Cache>> Cache::open(const CacheOptions &options)
{
    std::unique_ptr<Cache> cache(new Cache);
    cache->m_path = QFileInfo(options.path).absoluteFilePath();
    const QString &path = cache->m_path;
    CacheOpenReport &report = cache->m_report;

    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error {QStringLiteral("cache_dir"),
                      QStringLiteral("cannot create the folder for the cache at %1")
                          .arg(QFileInfo(path).absolutePath())};

    // One Threadline per cache file. A lock left behind by a process that died means the last
    // session ended uncleanly, which is when a full integrity check is worth its time.
    const QString lockPath = path + QStringLiteral(".lock");
    report.previousSessionUnclean = QFileInfo::exists(lockPath);
    cache->m_lock = std::make_unique<QLockFile>(lockPath);
    cache->m_lock->setStaleLockTime(0);
    if (!cache->m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        cache->m_lock->getLockInfo(&pid, &host, &app);
        return Error {QStringLiteral("cache_in_use"),
                      QStringLiteral("the cache %1 is in use by another Threadline (process %2 on %3)")
                          .arg(path)
                          .arg(pid)
                          .arg(host)};
    }

    report.created = !QFileInfo::exists(path);
    // A write that met corruption during the last session left a marker asking for a check.
    const QString checkMarker = path + QStringLiteral(".needs-check");
    const bool suspect = QFileInfo::exists(checkMarker);
    const bool fullCheck = options.integrityCheck == CacheOptions::IntegrityCheck::Always
        || (options.integrityCheck == CacheOptions::IntegrityCheck::Auto
            && (report.previousSessionUnclean || suspect));
    Attempt attempt = tryOpen(path, fullCheck && !report.created, &report.integrityChecked);

    if (!attempt.db.isOpen() && attempt.damaged && !report.created && QFileInfo(path).isFile()) {
        // Set the damaged file (and its WAL) aside under one timestamped name, never deleting it.
        const QString stamp
            = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        QString kept = path + QStringLiteral(".damaged-") + stamp;
        for (int n = 2; QFileInfo::exists(kept); ++n)
            kept = path + QStringLiteral(".damaged-") + stamp + QLatin1Char('-') + QString::number(n);
        for (const QString &suffix : kSidecars) {
            if (QFileInfo::exists(path + suffix) && !QFile::rename(path + suffix, kept + suffix))
                return Error {
                    QStringLiteral("cache_damaged"),
                    QStringLiteral("the cache %1 is damaged (%2) and could not be set aside; move it away "
                                   "and start Threadline again")
                        .arg(path, attempt.error.message)};
        }
        qCWarning(lcStore) << "cache damaged:" << attempt.error.message << "- kept as" << kept;
        report.recovered = true;
        report.damage = attempt.error;
        report.damagedFileKeptAs = kept;

        const Salvage salvage = salvageOutbox(kept);
        report.outboxFullyRead = salvage.complete;
        report.outboxReadError = salvage.error;

        bool checked = false;
        attempt = tryOpen(path, false, &checked);
        if (attempt.db.isOpen() && !salvage.entries.isEmpty()) {
            SqliteTransaction txn(attempt.db);
            Outbox outbox(attempt.db);
            Status s = txn.begun();
            for (const OutboxEntry &e : salvage.entries) {
                if (s)
                    s = outbox.enqueue(e);
            }
            if (s)
                s = txn.commit();
            if (!s)
                return Error {s.error().code,
                              QStringLiteral("recovering unsent changes into a fresh cache failed: %1; "
                                             "the damaged file is kept as %2")
                                  .arg(s.error().message, kept)};
            report.outboxCarriedOver = int(salvage.entries.size());
        }
    }
    if (!attempt.db.isOpen())
        return Error {attempt.error.code,
                      QStringLiteral("cannot open the cache %1: %2").arg(path, attempt.error.message)};

    if (suspect && (report.integrityChecked || report.recovered))
        QFile::remove(checkMarker);
    cache->m_writer = std::make_unique<CacheWriter>(std::move(attempt.db));
    QObject::connect(
        cache->m_writer.get(), &CacheWriter::corruptionDetected, cache->m_writer.get(),
        [checkMarker](const Error &error) {
            QFile marker(checkMarker);
            if (!marker.open(QIODevice::WriteOnly) || marker.write(error.message.toUtf8()) < 0)
                qCWarning(lcStore) << "cannot mark the cache for a check at the next start:"
                                   << marker.errorString();
        },
        Qt::DirectConnection);
    return cache;
}

Cache::~Cache()
{
    m_writer.reset(); // finishes queued writes, closes the write connection
    if (m_lock)
        m_lock->unlock();
}

Result<SqliteDatabase> Cache::openReader() const
{
    auto db = SqliteDatabase::open(m_path, SqliteDatabase::Mode::ReadOnly);
    if (!db)
        return db.error();
    if (Status s = db->exec("PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;"); !s)
        return s.error();
    return db;
}

Result<QString> Cache::checkIntegrity()
{
    // Runs as a writer job: the full-text checks are commands (INSERTs) that need the write
    // connection, and the job sees exactly the committed state.
    auto outcome = std::make_shared<QString>();
    QFuture<Status> done = m_writer->submit([outcome](CacheWriter::Context &ctx) -> Status {
        auto result = ctx.db.queryText("PRAGMA integrity_check(20)");
        if (!result)
            return result.error();
        *outcome = *result;
        if (*outcome != QLatin1String("ok"))
            return {};
        for (const char *sql :
             {"INSERT INTO interaction_fts(interaction_fts, rank) VALUES ('integrity-check', 1)",
              "INSERT INTO customer_fts(customer_fts, rank) VALUES ('integrity-check', 1)"}) {
            if (Status s = ctx.db.exec(sql); !s) {
                *outcome = QStringLiteral("full-text index out of step: ") + s.error().message;
                return {};
            }
        }
        return {};
    });
    done.waitForFinished();
    if (Status s = done.result(); !s)
        return s.error();
    return *outcome;
}

} // namespace Threadline::Store
