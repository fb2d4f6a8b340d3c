// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlDialect.h"

namespace Threadline::Server {

Result<QString> SqlDialect::expandTemplate(const QString &script) const
{
    const QHash<QString, QString> words = templateWords();
    QString out;
    out.reserve(script.size());
    qsizetype from = 0;
    for (;;) {
        const qsizetype open = script.indexOf(u"{{", from);
        if (open < 0) {
            out.append(QStringView(script).mid(from));
            return out;
        }
        const qsizetype close = script.indexOf(u"}}", open + 2);
        if (close < 0) {
            return Error {QStringLiteral("migration_invalid"),
                          QStringLiteral("a template placeholder is not closed: \"%1\"")
                              .arg(QStringView(script).mid(open, 40).toString())};
        }
        const QString name = script.mid(open + 2, close - open - 2);
        const auto word = words.constFind(name);
        if (word == words.constEnd()) {
            return Error {QStringLiteral("migration_invalid"),
                          QStringLiteral("the template placeholder {{%1}} is unknown").arg(name)};
        }
        out.append(QStringView(script).mid(from, open - from));
        out.append(*word);
        from = close + 2;
    }
}

QString SqlDialect::insertIgnoringExisting(const QString &table, const QStringList &columns) const
{
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), columns.size());
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT DO NOTHING")
        .arg(table, columns.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")));
}

QString SqlDialect::upsert(const QString &table, const QStringList &columns,
                           const QStringList &keyColumns) const
{
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), columns.size());
    QStringList updates;
    for (const QString &column : columns) {
        if (!keyColumns.contains(column))
            updates.append(column % QStringLiteral(" = excluded.") % column);
    }
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (%4) DO UPDATE SET %5")
        .arg(table, columns.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")),
             keyColumns.join(QStringLiteral(", ")), updates.join(QStringLiteral(", ")));
}

QString SqlDialect::upsertMeta() const
{
    return upsert(QStringLiteral("server_meta"), {QStringLiteral("key"), QStringLiteral("value")},
                  {QStringLiteral("key")});
}

} // namespace Threadline::Server
