// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <qt6keychain/keychain.h>

namespace Threadline::Sync {

namespace {

Q_LOGGING_CATEGORY(lcTokens, "threadline.sync.tokens")

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

struct FileResult
{
    QString token;
    Status status;
};

Error unreadable(const QString &path, const QString &why)
{
    return {QStringLiteral("token_file_unreadable"),
            TokenStore::tr("The saved sign-in file %1 could not be read (%2).")
                .arg(QDir::toNativeSeparators(path), why)};
}

Error unwritable(const QString &path, const QString &why)
{
    return {QStringLiteral("token_file_unwritable"),
            TokenStore::tr("The sign-in could not be saved in %1 (%2).")
                .arg(QDir::toNativeSeparators(path), why)};
}

/// Reads the whole token file; a missing file is an empty one.
Result<QJsonObject> readTokens(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly))
        return unreadable(path, file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return unreadable(path, TokenStore::tr("it is not a sign-in file"));
    return document.object();
}

/// Replaces the token file atomically. The file is created 0600 before anything is written to
/// it, and QSaveFile keeps (and is also told) those permissions for its replacement, so a token
/// is never readable by anyone else, not even for a moment.
Status writeTokens(const QString &path, const QJsonObject &tokens)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return unwritable(path, TokenStore::tr("its folder cannot be created"));
    if (!info.exists()) {
        QFile create(path);
        if (!create.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) && !create.exists())
            return unwritable(path, create.errorString());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return unwritable(path, file.errorString());
    if (!file.setPermissions(ownerOnly))
        return unwritable(path, file.errorString());
    file.write(QJsonDocument(tokens).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return unwritable(path, file.errorString());
    return {};
}

FileResult readToken(const QString &path, const QString &key)
{
    auto tokens = readTokens(path);
    if (!tokens)
        return {{}, tokens.error()};
    return {tokens->value(key).toString(), {}};
}

FileResult writeToken(const QString &path, const QString &key, const QString &token)
{
    auto tokens = readTokens(path);
    // A damaged file holds nothing that cannot be had again by signing in: start it afresh.
    QJsonObject updated = tokens ? *tokens : QJsonObject();
    updated.insert(key, token);
    return {{}, writeTokens(path, updated)};
}

FileResult removeToken(const QString &path, const QString &key)
{
    auto tokens = readTokens(path);
    if (tokens && !tokens->contains(key))
        return {};
    QJsonObject updated = tokens ? *tokens : QJsonObject();
    updated.remove(key);
    return {{}, writeTokens(path, updated)};
}

} // namespace

TokenStore::TokenStore(QObject *parent)
    : TokenStore(Options(), parent)
{ }

TokenStore::TokenStore(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_backend(m_options.preferred)
{
    if (m_options.filePath.isEmpty())
        m_options.filePath = QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                                 .filePath(QStringLiteral("session-tokens.json"));
    m_filePool.setMaxThreadCount(1);
    if (m_backend == Backend::File)
        qCInfo(lcTokens) << "session tokens are kept in" << m_options.filePath;
}

TokenStore::~TokenStore()
{
    m_filePool.waitForDone();
}

QString TokenStore::keyFor(const QUrl &server, const QString &username)
{
    QUrl url = server.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (url.path() == u"/")
        url.setPath(QString());
    return username + QStringLiteral(" on ") + url.toString();
}

QString TokenStore::location() const
{
    if (m_backend == Backend::Keychain)
        return tr("the system keychain (service “%1”)").arg(m_options.service);
    return tr("the file %1, readable only by you").arg(QDir::toNativeSeparators(m_options.filePath));
}

void TokenStore::read(const QUrl &server, const QString &username)
{
    start({Operation::Read, server, username, {}});
}

void TokenStore::write(const QUrl &server, const QString &username, const QString &token)
{
    start({Operation::Write, server, username, token});
}

void TokenStore::remove(const QUrl &server, const QString &username)
{
    start({Operation::Remove, server, username, {}});
}

void TokenStore::start(const Request &request)
{
    if (m_backend == Backend::Keychain)
        startKeychain(request);
    else
        startFile(request);
}

void TokenStore::startKeychain(const Request &request)
{
    QKeychain::Job *job = nullptr;
    switch (request.operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_options.service, this);
        break;
    case Operation::Write: {
        auto *writeJob = new QKeychain::WritePasswordJob(m_options.service, this);
        writeJob->setTextData(request.token);
        job = writeJob;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(m_options.service, this);
        break;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(request.server, request.username));
    connect(job, &QKeychain::Job::finished, this, [this, request](QKeychain::Job *done) {
        switch (done->error()) {
        case QKeychain::NoError:
            if (!m_keychainLogged) {
                m_keychainLogged = true;
                qCInfo(lcTokens).noquote() << "session tokens are kept in" << location();
            }
            if (request.operation == Operation::Read)
                finish(request, static_cast<QKeychain::ReadPasswordJob *>(done)->textData(), {});
            else
                finish(request, {}, {});
            return;
        case QKeychain::EntryNotFound:
            if (request.operation != Operation::Write) {
                finish(request, {}, {});
                return;
            }
            break;
        case QKeychain::AccessDeniedByUser:
            // The person said no to the keychain; writing the token to a file instead would
            // overrule them.
            finish(request, {},
                   Error {QStringLiteral("token_store_denied"),
                          tr("Access to the system keychain was refused, so the sign-in is not kept.")});
            return;
        default:
            break;
        }
        if (m_backend == Backend::Keychain)
            fallBackToFile(done->errorString());
        startFile(request);
    });
    job->start();
}

void TokenStore::fallBackToFile(const QString &reason)
{
    m_backend = Backend::File;
    qCWarning(lcTokens).noquote() << QStringLiteral("the system keychain is not available (%1); session "
                                                    "tokens are kept in %2")
                                         .arg(reason, m_options.filePath);
    Q_EMIT backendChanged(m_backend, location());
}

void TokenStore::startFile(const Request &request)
{
    const QString path = m_options.filePath;
    const QString key = keyFor(request.server, request.username);
    auto *watcher = new QFutureWatcher<FileResult>(this);
    connect(watcher, &QFutureWatcher<FileResult>::finished, this, [this, watcher, request] {
        const FileResult result = watcher->result();
        watcher->deleteLater();
        finish(request, result.token, result.status);
    });
    switch (request.operation) {
    case Operation::Read:
        watcher->setFuture(QtConcurrent::run(&m_filePool, readToken, path, key));
        break;
    case Operation::Write:
        watcher->setFuture(QtConcurrent::run(&m_filePool, writeToken, path, key, request.token));
        break;
    case Operation::Remove:
        watcher->setFuture(QtConcurrent::run(&m_filePool, removeToken, path, key));
        break;
    }
}

void TokenStore::finish(const Request &request, const QString &token, const Status &status)
{
    if (!status)
        qCWarning(lcTokens).noquote() << status.error().code << status.error().message;
    switch (request.operation) {
    case Operation::Read:
        Q_EMIT readFinished(request.server, request.username, status ? token : QString(), status);
        break;
    case Operation::Write:
        Q_EMIT writeFinished(request.server, request.username, status);
        break;
    case Operation::Remove:
        Q_EMIT removeFinished(request.server, request.username, status);
        break;
    }
}

} // namespace Threadline::Sync
