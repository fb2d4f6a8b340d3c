// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttachmentSaver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Threadline::Ui {

namespace {

/// The sender's file name, made safe to suggest: no folders, no control characters.
QString safeName(const QString &name)
{
    QString base = QFileInfo(name).fileName();
    base.remove(QLatin1Char('/')).remove(QLatin1Char('\\'));
    for (QChar &c : base) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char('_');
    }
    if (base.isEmpty() || base == u"." || base == u"..")
        base = QStringLiteral("attachment");
    return base;
}

} // namespace

AttachmentSaver::AttachmentSaver(QWidget *window, Chooser chooser, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_chooser(std::move(chooser))
{ }

void AttachmentSaver::save(const Attachment &attachment)
{
    QString path;
    if (m_chooser) {
        path = m_chooser(attachment);
    } else {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        path = QFileDialog::getSaveFileName(m_window, tr("Save attachment"),
                                            QDir(folder).filePath(safeName(attachment.fileName)));
    }
    if (path.isEmpty())
        return;
    auto it = m_wanted.find(attachment.sha256);
    if (it != m_wanted.end()) {
        it->paths.append(path);
        return;
    }
    m_wanted.insert(attachment.sha256, Wanted {attachment, {path}});
    Q_EMIT message(tr("Fetching %1 from the server…").arg(safeName(attachment.fileName)));
    Q_EMIT fetchRequested(attachment.sha256);
}

void AttachmentSaver::onFetched(const QByteArray &sha256, const QByteArray &data)
{
    const auto wanted = m_wanted.take(sha256);
    if (wanted.paths.isEmpty())
        return;
    const QString name = safeName(wanted.attachment.fileName);
    if (QCryptographicHash::hash(data, QCryptographicHash::Sha256) != sha256) {
        Q_EMIT message(tr("%1 was not saved: what the server sent is not this attachment.").arg(name));
        return;
    }
    for (const QString &path : wanted.paths) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
            Q_EMIT message(tr("%1 could not be saved to %2: %3").arg(name, path, file.errorString()));
            continue;
        }
        Q_EMIT message(tr("Saved %1 to %2.").arg(name, path));
    }
}

void AttachmentSaver::onUnavailable(const QByteArray &sha256, const QString &code)
{
    const auto wanted = m_wanted.take(sha256);
    if (wanted.paths.isEmpty())
        return;
    const QString name = safeName(wanted.attachment.fileName);
    if (code == u"offline")
        Q_EMIT message(tr("%1 is on the server: sign in to save it.").arg(name));
    else if (code == u"connection_lost")
        Q_EMIT message(tr("The connection closed while fetching %1; try again.").arg(name));
    else if (code == u"not_found")
        Q_EMIT message(tr("The server has no copy of %1 (it may have been too large to keep).").arg(name));
    else
        Q_EMIT message(tr("%1 could not be fetched (%2).").arg(name, code));
}

} // namespace Threadline::Ui
