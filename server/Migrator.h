// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EmbeddedFile.h"
#include "Result.h"

#include <QSqlDatabase>

#include <span>

namespace Threadline::Server {

class SqlDialect;

/// Brings a database's schema up to date from numbered migrations ("0001_initial.sql", ...),
/// templates the dialect expands (SqlDialect::expandTemplate) into its own type words.
/// Each migration runs in its own transaction together with the schema version bump, so a
/// failed one leaves the database at the previous version; the dialect's migration lock is held
/// throughout, so server instances starting together on one database do not race. Owns nothing; runs on the
/// thread of the connection; fails with an Error (and the database unchanged by the failed step) when a
/// migration fails or the database is newer than the migrations.
class Migrator
{
public:
    Migrator(QSqlDatabase db, const SqlDialect &dialect, std::span<const EmbeddedFile> migrations);

    /// Checks that the migrations are named NNNN_name.sql and numbered 1, 2, 3, ... in order.
    static Status checkNames(std::span<const EmbeddedFile> migrations);

    /// The version the migrations lead to (their count).
    int latestVersion() const { return static_cast<int>(m_migrations.size()); }

    /// Applies every migration above the database's version; returns the version reached.
    Result<int> migrate();

private:
    Status apply(int version, const EmbeddedFile &migration);

    QSqlDatabase m_db;
    const SqlDialect &m_dialect;
    std::span<const EmbeddedFile> m_migrations;
};

} // namespace Threadline::Server
