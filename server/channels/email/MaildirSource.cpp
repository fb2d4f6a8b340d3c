// SPDX-License-Identifier: GPL-3.0-or-later
#include "MaildirSource.h"

#include "Logging.h"
#include "MailIntake.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Threadline::Server::Email {

MaildirSource::MaildirSource(QString path, MailIntake &intake, std::chrono::seconds poll, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_intake(intake)
{
    m_poll.setInterval(std::max(std::chrono::seconds(1), poll));
    connect(&m_poll, &QTimer::timeout, this, &MaildirSource::schedulePass);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &MaildirSource::schedulePass);
}

Status MaildirSource::start()
{
    const QDir dir(m_path);
    for (const char *sub : {"new", "cur", "tmp"}) {
        if (!QFileInfo(dir.filePath(QLatin1String(sub))).isDir())
            return Error {QStringLiteral("maildir_missing"),
                          QStringLiteral("%1 is not a Maildir (it needs new/, cur/ and tmp/)").arg(m_path)};
    }
    m_watcher.addPath(dir.filePath(QStringLiteral("new")));
    m_poll.start();
    qCInfo(lcServer).noquote() << "email: taking mail from the Maildir" << m_path;
    pass();
    return Status::success();
}

void MaildirSource::schedulePass()
{
    if (m_passQueued)
        return;
    m_passQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_passQueued = false;
            pass();
        },
        Qt::QueuedConnection);
}

MaildirPass MaildirSource::pass()
{
    MaildirPass counts;
    const QDir dir(m_path);
    const QDir fresh(dir.filePath(QStringLiteral("new")));
    const QStringList names = fresh.entryList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
    int taken = 0;
    for (const QString &name : names) {
        if (m_unfileable.contains(name)) {
            ++counts.unfileable;
            continue;
        }
        if (taken == m_perTurn) {
            counts.more = true;
            break;
        }
        ++taken;
        QFile file(fresh.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcServer).noquote() << "email: cannot read a message in new/:" << file.errorString();
            ++counts.kept;
            continue;
        }
        const QByteArray raw = file.readAll();
        file.close();
        auto result = m_intake.ingest(raw);
        if (!result) {
            // The log names the file (a Maildir name, no personal data) and the code, not the mail.
            if (result.error().code == u"invalid_mail_record") {
                qCWarning(lcServer).noquote()
                    << "email: message" << name
                    << "cannot be filed and is left in new/ for a person:" << result.error().message;
                m_unfileable.insert(name);
                ++counts.unfileable;
            } else {
                qCWarning(lcServer).noquote()
                    << "email: message" << name << "kept in new/ to try again:" << result.error().code
                    << result.error().message;
                ++counts.kept;
            }
            continue;
        }
        if (result->alreadyStored)
            ++counts.duplicates;
        else
            ++counts.filed;
        if (!result->alreadyStored && !result->defects.isEmpty())
            ++counts.withDefects;
        const QString base = name.section(QLatin1Char(':'), 0, 0);
        const QString seen = dir.filePath(QStringLiteral("cur/") + base + QStringLiteral(":2,S"));
        if (!QFile::rename(file.fileName(), seen))
            qCWarning(lcServer).noquote() << "email: filed message" << name << "could not be moved to cur/";
    }
    if (taken > 0)
        qCInfo(lcServer).noquote() << QStringLiteral(
                                          "email: %1 filed, %2 already filed, %3 with defects, %4 kept%5")
                                          .arg(counts.filed)
                                          .arg(counts.duplicates)
                                          .arg(counts.withDefects)
                                          .arg(counts.kept)
                                          .arg(counts.more ? QStringLiteral(", more to come") : QString());
    if (counts.more)
        schedulePass();
    if (counts.filed > 0)
        Q_EMIT filed(counts.filed);
    return counts;
}

} // namespace Threadline::Server::Email
