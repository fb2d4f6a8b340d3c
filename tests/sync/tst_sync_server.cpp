// SPDX-License-Identifier: GPL-3.0-or-later
// The client's sync engine against the real threadline-server process (tests/support/
// ServerProcess.h), on SQLite and, when a test cluster is available, on PostgreSQL: a first sync
// leaves the cache equal to the server, edits travel between engines live and after working
// offline, each exactly once, the same field edited by two engines leaves a conflict with its
// loser, and a server killed with SIGKILL during catch-up loses and doubles nothing.

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "ChatCitizen.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "ImapServer.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "LiveChatModel.h"
#include "LocalEditor.h"
#include "MailParser.h"
#include "Outbox.h"
#include "Protocol.h"
#include "ServerProcess.h"
#include "SmtpSink.h"
#include "SyncEngine.h"
#include "SyncState.h"
#include "TestCertificates.h"
#include "TestPostgres.h"
#include "Time.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace Threadline;
using namespace Threadline::Sync;
using Testing::ChatCitizen;
using Testing::ServerProcess;

namespace {

constexpr int liveTimeoutMs = 120'000;
const QString agentPassword = QStringLiteral("Llanfair-PG-2024");

/// The same records, read from either side, as "<table>: <rows> <sha256 of the sorted rows>".
/// Ids are compared as 32 hex digits (the cache stores 16 bytes, the server text).
struct Query
{
    QString table;
    QString client;
    QString server;
    int columns = 0;
};

const QList<Query> &contentQueries()
{
    // The client cache and the server name and store every field the same way (the field tables
    // of core/RecordFields.h: lists and flags as JSON arrays), so one column list serves both;
    // only ids differ (a BLOB here, text there).
    const auto query = [](const QString &table, const QStringList &ids, const QString &columns) {
        QStringList client;
        QStringList server;
        for (const QString &id : ids) {
            client.append(QStringLiteral("lower(hex(%1))").arg(id));
            server.append(QStringLiteral("replace(%1, '-', '')").arg(id));
        }
        const QString tail = QStringLiteral(", %1 FROM %2").arg(columns, table);
        return Query {table, QStringLiteral("SELECT ") + client.join(u", ") + tail,
                      QStringLiteral("SELECT ") + server.join(u", ") + tail,
                      int(ids.size() + columns.count(QLatin1Char(',')) + 1)};
    };
    static const QList<Query> queries = {
        query(QStringLiteral("customers"), {QStringLiteral("id")},
              QStringLiteral(
                  "display_name, version, preferred_language, preferred_channel, communication_needs,"
                  " vulnerabilities, address_lines, address_town, address_postcode, notes")),
        query(QStringLiteral("identifiers"), {QStringLiteral("customer_id")},
              QStringLiteral("kind, value, source")),
        query(QStringLiteral("cases"), {QStringLiteral("id"), QStringLiteral("customer_id")},
              QStringLiteral("title, status, priority, queue, tags, due_at, version")),
        query(QStringLiteral("interactions"), {QStringLiteral("id"), QStringLiteral("customer_id")},
              QStringLiteral(
                  "channel, direction, occurred_at, subject, body, call_caller_number,"
                  " call_duration_seconds, call_outcome, email_message_id, email_references, email_from,"
                  " email_to, email_cc, email_defects, letter_postal_address")),
    };
    return queries;
}

QString digest(const QString &table, QStringList rows)
{
    rows.sort();
    const QByteArray sha
        = QCryptographicHash::hash(rows.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex();
    return table + QStringLiteral(": ") + QString::number(rows.size()) + QLatin1Char(' ')
        + QString::fromLatin1(sha);
}

/// One agent's desktop: a cache file of its own and a SyncEngine.
struct Client
{
    Client(const QString &path, const QUrl &server, const QString &username,
           const QList<QSslCertificate> &cas = {}, const QByteArray &pin = {})
    {
        auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
        if (!opened)
            qFatal("cannot open the cache: %s", qPrintable(opened.error().message));
        cache = std::move(*opened);
        auto r = cache->openReader();
        if (!r)
            qFatal("cannot read the cache: %s", qPrintable(r.error().message));
        reader = std::move(*r);
        SyncEngine::Options options;
        options.server = server;
        options.pageItems = 100;
        options.initialBackoff = std::chrono::milliseconds(50);
        options.maxBackoff = std::chrono::milliseconds(500);
        options.caCertificates = cas;
        options.pinnedSha256 = pin;
        engine = std::make_unique<SyncEngine>(cache->writer(), cache->path(), options);
        editor = std::make_unique<LocalEditor>(cache->writer());
        credentials.username = username;
        credentials.password = agentPassword;
        credentials.device = QStringLiteral("test-desk");
    }
    ~Client()
    {
        engine.reset();
        reader.close();
    }

    void start() { engine->start(credentials); }
    bool waitLive(int timeoutMs = liveTimeoutMs)
    {
        const bool live = QTest::qWaitFor([&] { return engine->state() == SyncStateKind::Live; }, timeoutMs);
        if (!live)
            qWarning().noquote() << "not live:" << toString(engine->state())
                                 << engine->status().lastError.toLogString();
        return live;
    }
    bool waitOutboxEmpty(int timeoutMs = liveTimeoutMs)
    {
        return QTest::qWaitFor([&] { return *Store::Outbox(reader).pendingCount() == 0; }, timeoutMs);
    }
    qint64 cursor() { return *Store::SyncState(reader).cursor(); }

    QString content()
    {
        QStringList out;
        for (const Query &q : contentQueries()) {
            QStringList rows;
            auto stmt = reader.prepare(q.client.toUtf8());
            if (!stmt)
                return stmt.error().message;
            if (Status s = stmt->forEach([&rows, &q](const Store::SqliteStatement &row) {
                    QStringList fields;
                    for (int c = 0; c < q.columns; ++c)
                        fields.append(row.text(c));
                    rows.append(fields.join(QLatin1Char('|')));
                });
                !s)
                return s.error().message;
            out.append(digest(q.table, rows));
        }
        return out.join(QLatin1Char('\n'));
    }

    Case someCase()
    {
        auto id = reader.queryText("SELECT lower(hex(id)) FROM cases WHERE status = 'open' AND priority <> "
                                   "'urgent' ORDER BY id LIMIT 1");
        auto found
            = Store::CaseRepository(reader).find(QUuid::fromRfc4122(QByteArray::fromHex(id->toLatin1())));
        return found && found->has_value() ? **found : Case();
    }
    QUuid someCustomer()
    {
        auto list = Store::CustomerRepository(reader).list(1);
        return list && !list->isEmpty() ? list->first().id : QUuid();
    }

    std::unique_ptr<Store::Cache> cache;
    Store::SqliteDatabase reader;
    std::unique_ptr<SyncEngine> engine;
    std::unique_ptr<LocalEditor> editor;
    Credentials credentials;
};

Interaction note(const QUuid &customer, const QString &text)
{
    Interaction n;
    n.id = QUuid::createUuid();
    n.customerId = customer;
    n.direction = Direction::Internal;
    n.occurredAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
    n.subject = text;
    n.body = text + QStringLiteral(" (written by the sync test)");
    n.details = NoteDetails {};
    return n;
}

/// An email reply an agent writes (the workstation's reply will fill the same fields).
Interaction emailReply(const QUuid &customer, const QUuid &agent, const QStringList &to)
{
    Interaction reply;
    reply.id = QUuid::createUuid();
    reply.customerId = customer;
    reply.agentId = agent;
    reply.direction = Direction::Outbound;
    reply.occurredAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
    reply.subject = QStringLiteral("Re: Gostyngiad treth gyngor ŵ ŷ");
    reply.body
        = QStringLiteral("Annwyl Llŷr,\n\nDiolch am eich neges. Bydd y gostyngiad yn dechrau ddydd Llun.\n"
                         ".A line that starts with a dot\n");
    EmailDetails email;
    email.to = to;
    email.inReplyTo = QStringLiteral("live-e2e@example.org");
    email.references = {QStringLiteral("first@example.org")};
    reply.details = email;
    return reply;
}

/// The cached copy of interaction @p id's email details; empty when it is not there.
std::optional<EmailDetails> cachedEmail(Store::SqliteDatabase &reader, const QUuid &id)
{
    auto found = Store::InteractionRepository(reader).find(id);
    if (!found || !found->has_value())
        return std::nullopt;
    if (const auto *email = std::get_if<EmailDetails>(&(*found)->details))
        return *email;
    return std::nullopt;
}

/// An agent's live chats wired to their engine, as the workstation wires them.
struct Desk
{
    explicit Desk(Client &client)
        : engine(*client.engine)
    {
        QObject::connect(&engine, &SyncEngine::liveChat, &chats, &Models::LiveChatModel::apply);
        QObject::connect(&chats, &Models::LiveChatModel::actionRequested, &engine,
                         [this](const LiveChatAction &action) { engine.actInChat(action); });
        QObject::connect(&engine, &SyncEngine::statusChanged, &chats, [this](const SyncStatus &status) {
            chats.setConnected(status.state == SyncStateKind::Live
                               || status.state == SyncStateKind::CatchingUp);
        });
    }
    QModelIndex first() const { return chats.index(0); }
    QUuid firstId() const { return first().data(Models::IdRole).toUuid(); }
    Models::LiveChatModel::State state(const QUuid &chat) const
    {
        return Models::LiveChatModel::State(chats.indexOf(chat).data(Models::ChatStateRole).toInt());
    }
    QStringList texts(const QUuid &chat) const
    {
        QStringList out;
        for (const ChatMessage &m : chats.messages(chat))
            out.append(toString(m.role) + QLatin1Char(':') + m.text);
        return out;
    }

    SyncEngine &engine;
    Models::LiveChatModel chats;
};

} // namespace

class TestSyncServer : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_database; ///< empty: the server's SQLite file
    std::unique_ptr<ServerProcess> m_server;
    int m_clients = 0;

    /// A fresh server with demo data and two agents; false when it cannot start.
    bool startServer(qint64 customers = 200, const QStringList &extra = {})
    {
        ServerProcess::Options options;
        options.binary = QStringLiteral(THREADLINE_SERVER_BINARY);
        options.dataDir = m_dir->filePath(QStringLiteral("server"));
        options.database = m_database;
        options.extra = QStringList {QStringLiteral("--seed-demo"), QString::number(customers)} + extra;
        m_server = std::make_unique<ServerProcess>(options);
        for (const QString &name : {QStringLiteral("ffion"), QStringLiteral("gareth")}) {
            if (const QString failed = m_server->addUser(name, QStringLiteral("council-tax"), agentPassword);
                !failed.isEmpty()) {
                qWarning().noquote() << failed;
                return false;
            }
        }
        return m_server->start();
    }

    std::unique_ptr<Client> client(const QString &username = QStringLiteral("ffion"))
    {
        return std::make_unique<Client>(m_dir->filePath(QStringLiteral("client-%1.sqlite").arg(++m_clients)),
                                        m_server->url(), username);
    }

    /// The options that send email through a mail server on @p port of this machine.
    static QStringList mailOut(quint16 port)
    {
        return {
            QStringLiteral("--smtp-host"),          QStringLiteral("127.0.0.1"),
            QStringLiteral("--smtp-port"),          QString::number(port),
            QStringLiteral("--smtp-security"),      QStringLiteral("none"),
            QStringLiteral("--mail-from"),          QStringLiteral("Cyngor Caerwen <cyswllt@caerwen.gov.uk>"),
            QStringLiteral("--smtp-retry-seconds"), QStringLiteral("1")};
    }

    /// A Qt SQL connection to the server's database (read-only for SQLite), not opened yet.
    QSqlDatabase addServerConnection(const QString &connection)
    {
        if (!m_database.isEmpty())
            return Testing::addPostgresConnection(m_database, connection);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(
            QDir(m_server->options().dataDir).filePath(QStringLiteral("threadline-server.sqlite")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        return db;
    }

    /// The server's records, read from its database with Qt SQL (read-only for SQLite).
    QString serverContent(QString *error = nullptr)
    {
        const QString connection = QStringLiteral("server-content");
        QStringList out;
        {
            QSqlDatabase db = addServerConnection(connection);
            if (!db.open()) {
                if (error)
                    *error = db.lastError().text();
            } else {
                for (const Query &q : contentQueries()) {
                    QSqlQuery query(db);
                    query.setForwardOnly(true);
                    if (!query.exec(q.server)) {
                        if (error)
                            *error = query.lastError().text();
                        break;
                    }
                    QStringList rows;
                    while (query.next()) {
                        QStringList fields;
                        for (int c = 0; c < q.columns; ++c) {
                            // PostgreSQL's driver gives a NULL integer as a null QVariant that
                            // still prints "0"; the cache prints NULL as "".
                            const QVariant value = query.value(c);
                            fields.append(value.isNull() ? QString() : value.toString());
                        }
                        rows.append(fields.join(QLatin1Char('|')));
                    }
                    out.append(digest(q.table, rows));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return out.join(QLatin1Char('\n'));
    }

    qint64 serverCount(const QString &sql)
    {
        const QString connection = QStringLiteral("server-count");
        qint64 n = -1;
        {
            QSqlDatabase db = addServerConnection(connection);
            if (db.open()) {
                QSqlQuery query(db);
                if (query.exec(sql) && query.next())
                    n = query.value(0).toLongLong();
                else
                    qWarning().noquote() << sql << query.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return n;
    }

    static void backends()
    {
        QTest::addColumn<bool>("postgres");
        QTest::addRow("sqlite") << false;
        QTest::addRow("postgresql") << true;
    }

    /// Per data row: SQLite, or a scratch database on the PostgreSQL test cluster (skipped when
    /// there is none).
    bool prepareBackend()
    {
        QFETCH(bool, postgres);
        m_database.clear();
        if (!postgres)
            return true;
        const QString cluster = Testing::testPostgresUrl();
        if (cluster.isEmpty())
            return false;
        m_database = Testing::createScratchDatabase(cluster);
        return !m_database.isEmpty();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup()
    {
        if (m_server)
            m_server->stop();
        m_server.reset();
        m_dir.reset();
    }

    void firstSyncLeavesTheCacheEqualToTheServer_data() { backends(); }
    void firstSyncLeavesTheCacheEqualToTheServer()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client();
        QSignalSpy progress(a->engine.get(), &SyncEngine::progress);
        QSignalSpy tokens(a->engine.get(), &SyncEngine::tokenIssued);
        a->start();
        QVERIFY(a->waitLive());
        QCOMPARE(tokens.size(), 1);
        QVERIFY(!tokens.first().first().toString().isEmpty());
        QCOMPARE(a->engine->status().agentName.isEmpty(), false);
        QVERIFY(progress.size() > 2); // paged: 100 items a page
        QCOMPARE(progress.last().at(0), progress.last().at(1));
        QString error;
        const QString server = serverContent(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(server.contains(QStringLiteral("customers: 200 ")));
        QCOMPARE(a->content(), server);
        QCOMPARE(a->cursor(), a->engine->status().head);
        QCOMPARE(a->engine->status().quarantined, 0);
    }

    void aChangeByOneEngineReachesAnotherLive_data() { backends(); }
    void aChangeByOneEngineReachesAnotherLive()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client(QStringLiteral("ffion"));
        auto b = client(QStringLiteral("gareth"));
        a->start();
        b->start();
        QVERIFY(a->waitLive());
        QVERIFY(b->waitLive());

        const Interaction n = note(a->someCustomer(), QStringLiteral("Called back about the parking permit"));
        QVERIFY(a->editor->recordInteraction(n).result());
        const Case before = a->someCase();
        QVERIFY(!before.id.isNull());
        Case after = before;
        after.priority = CasePriority::Urgent;
        after.tags.append(QStringLiteral("callback"));
        QVERIFY(a->editor->updateCase(before, after).result());

        QVERIFY(QTest::qWaitFor(
            [&] { return Store::InteractionRepository(b->reader).find(n.id)->has_value(); }, liveTimeoutMs));
        QCOMPARE(**Store::InteractionRepository(b->reader).find(n.id), n);
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto c = Store::CaseRepository(b->reader).find(before.id);
                return c->has_value() && (*c)->priority == CasePriority::Urgent;
            },
            liveTimeoutMs));
        const Case seen = **Store::CaseRepository(b->reader).find(before.id);
        QCOMPARE(seen.tags, after.tags);
        QCOMPARE(seen.version, before.version + 1);
        QVERIFY(a->waitOutboxEmpty());
        QCOMPARE(toString(b->engine->state()), toString(SyncStateKind::Live));
    }

    /// Email out, end to end: an agent's reply goes from the client's cache through the real
    /// server to a real SMTP server (aiosmtpd, with a sign-in), arrives with the headers and
    /// body it should have, and its delivery (sent, with the message as it was sent) comes back
    /// to the client by the feed.
    void aReplyLeavesBySmtpAndItsDeliveryComesBack_data() { backends(); }
    void aReplyLeavesBySmtpAndItsDeliveryComesBack()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        Testing::SmtpSink sink(QStringLiteral(THREADLINE_SMTP_SINK), m_dir->filePath(QStringLiteral("smtp")));
        QVERIFY(sink.start(QStringLiteral("threadline"), QStringLiteral("smtp-secret-1")));
        QFile password(m_dir->filePath(QStringLiteral("smtp-password")));
        QVERIFY(password.open(QIODevice::WriteOnly));
        password.write("smtp-secret-1\n");
        password.close();
        QVERIFY(startServer(50,
                            mailOut(sink.port())
                                + QStringList {QStringLiteral("--smtp-user"), QStringLiteral("threadline"),
                                               QStringLiteral("--smtp-password-file"), password.fileName()}));
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());
        const QUuid agent = QUuid::fromRfc4122(QByteArray::fromHex(
            a->reader.queryText("SELECT hex(id) FROM agents WHERE username = 'ffion'")->toLatin1()));
        QVERIFY(!agent.isNull());

        const Interaction reply
            = emailReply(a->someCustomer(), agent,
                         {QStringLiteral("llyr@example.org"), QStringLiteral("tax@example.org")});
        QVERIFY(a->editor->recordInteraction(reply).result().ok());

        // It arrives at the mail server once, from the configured sender, to every recipient.
        QVERIFY(QTest::qWaitFor([&] { return sink.messages().size() == 1; }, liveTimeoutMs));
        const QByteArray received = sink.messages().first();
        QCOMPARE(sink.envelope(1).value(u"mail_from").toString(), QStringLiteral("cyswllt@caerwen.gov.uk"));
        QCOMPARE(sink.envelope(1).value(u"rcpt_tos").toVariant().toStringList(),
                 (QStringList {QStringLiteral("llyr@example.org"), QStringLiteral("tax@example.org")}));
        const Server::Email::ParsedMail mail = Server::Email::parseMail(received);
        QCOMPARE(mail.defects, QStringList());
        QCOMPARE(mail.from.name, QStringLiteral("Cyngor Caerwen"));
        QCOMPARE(mail.from.address, QStringLiteral("cyswllt@caerwen.gov.uk"));
        QCOMPARE(mail.to.size(), 2);
        QCOMPARE(mail.subject, reply.subject); // ŵ and ŷ survive, as an encoded word
        QVERIFY2(received.toLower().contains("\r\nsubject: re: gostyngiad treth gyngor =?utf-8?"),
                 received.constData());
        QCOMPARE(mail.messageId, reply.id.toString(QUuid::WithoutBraces) + QStringLiteral("@caerwen.gov.uk"));
        QCOMPARE(mail.inReplyTo, QStringLiteral("live-e2e@example.org"));
        QCOMPARE(mail.references,
                 (QStringList {QStringLiteral("first@example.org"), QStringLiteral("live-e2e@example.org")}));
        QVERIFY(mail.date.isValid());
        QVERIFY(received.contains("MIME-Version: 1.0\r\n"));
        QVERIFY(received.contains("charset=utf-8"));
        // The body as written (the line starting with a dot survived SMTP), then the signature.
        QVERIFY2(mail.text.startsWith(reply.body), qPrintable(mail.text));
        QVERIFY2(mail.text.contains(QStringLiteral("\n-- \nffion\ncouncil-tax\nCyngor Caerwen")),
                 qPrintable(mail.text));

        // The delivery comes back: sent, and the message as it was sent.
        std::optional<EmailDetails> cached;
        QVERIFY(QTest::qWaitFor(
            [&] {
                cached = cachedEmail(a->reader, reply.id);
                return cached && cached->delivery == MailDelivery::Sent;
            },
            liveTimeoutMs));
        QCOMPARE(cached->rawSource, received);
        // The timeline row says so too (the workstation words it).
        auto rows = Store::InteractionRepository(a->reader).page(
            reply.customerId, std::nullopt, Store::InteractionRepository::PageDirection::Older, 500);
        QVERIFY(rows);
        const auto row = std::find_if(rows->cbegin(), rows->cend(),
                                      [&](const Store::TimelineEntry &e) { return e.id == reply.id; });
        QVERIFY(row != rows->cend());
        QVERIFY(row->delivery == MailDelivery::Sent);
        QCOMPARE(row->deliveryAttempts, 1);
        QCOMPARE(cached->messageId, mail.messageId);
        QCOMPARE(cached->deliveryAttempts, 1);
        QVERIFY2(cached->deliveryDetail.startsWith(QStringLiteral("250 2.0.0")),
                 qPrintable(cached->deliveryDetail));
        QVERIFY(cached->sentAt.isValid());
        QVERIFY(cached->headers.contains(QStringLiteral("In-Reply-To: <live-e2e@example.org>")));
        // What the agent wrote is unchanged.
        auto full = Store::InteractionRepository(a->reader).find(reply.id);
        QCOMPARE((*full)->body, reply.body);
        QCOMPARE(std::get<EmailDetails>((*full)->details).to, std::get<EmailDetails>(reply.details).to);
        // Sent once: nothing more arrives.
        QTest::qWait(1500);
        QCOMPARE(sink.messages().size(), 1);
        // Addresses and the password are never in the server's log.
        QVERIFY(!m_server->output().contains(QStringLiteral("llyr@example.org")));
        QVERIFY(!m_server->output().contains(QStringLiteral("smtp-secret-1")));
        QVERIFY2(m_server->output().contains(QStringLiteral("attempt 1: sent")),
                 qPrintable(m_server->output()));
    }

    /// A mail server that says "later" is tried again until it takes the email; one that refuses
    /// it for good, or is not there at all, ends in a visible failure with its reason; an email
    /// without a usable recipient is refused when it reaches the server.
    void aReplyThatCannotBeSentSaysWhy()
    {
        m_database.clear();
        const auto sendOne = [this](quint16 port, const QStringList &extra, Interaction *sent,
                                    std::optional<EmailDetails> *final) {
            QDir(m_dir->filePath(QStringLiteral("server"))).removeRecursively(); // a fresh server each time
            if (!startServer(20, mailOut(port) + extra))
                return false;
            auto a = client();
            a->start();
            if (!a->waitLive())
                return false;
            *sent = emailReply(a->someCustomer(), QUuid(), {QStringLiteral("llyr@example.org")});
            if (!a->editor->recordInteraction(*sent).result().ok())
                return false;
            return QTest::qWaitFor(
                [&] {
                    *final = cachedEmail(a->reader, sent->id);
                    return *final && (*final)->delivery && *(*final)->delivery != MailDelivery::Queued;
                },
                liveTimeoutMs);
        };
        Interaction reply;
        std::optional<EmailDetails> email;

        // Busy twice (451), then accepted: sent at the third attempt.
        {
            Testing::SmtpSink busy(QStringLiteral(THREADLINE_SMTP_SINK),
                                   m_dir->filePath(QStringLiteral("busy")), QStringLiteral("tempfail:2"));
            QVERIFY(busy.start());
            QVERIFY(sendOne(busy.port(), {}, &reply, &email));
            QCOMPARE(toString(*email->delivery), toString(MailDelivery::Sent));
            QCOMPARE(email->deliveryAttempts, 3);
            QCOMPARE(busy.messages().size(), 1);
            QVERIFY(m_server->output().contains(QStringLiteral("attempt 1: smtp_451, will be tried again")));
            QVERIFY(m_server->output().contains(QStringLiteral("attempt 3: sent")));
            QVERIFY(m_server->stop());
        }
        // Refused for good (550): failed at once, with the server's words.
        {
            Testing::SmtpSink refusing(QStringLiteral(THREADLINE_SMTP_SINK),
                                       m_dir->filePath(QStringLiteral("refusing")),
                                       QStringLiteral("permfail"));
            QVERIFY(refusing.start());
            QVERIFY(sendOne(refusing.port(), {}, &reply, &email));
            QCOMPARE(toString(*email->delivery), toString(MailDelivery::Failed));
            QCOMPARE(email->deliveryAttempts, 1);
            QVERIFY2(email->deliveryDetail.startsWith(QStringLiteral("550 5.1.1")),
                     qPrintable(email->deliveryDetail));
            QVERIFY(refusing.messages().isEmpty());
            QVERIFY(m_server->stop());
        }
        // Nobody there: tried --smtp-max-attempts times, then failed with what went wrong.
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            const quint16 port = closed.serverPort();
            closed.close();
            QVERIFY(
                sendOne(port, {QStringLiteral("--smtp-max-attempts"), QStringLiteral("3")}, &reply, &email));
            QCOMPARE(toString(*email->delivery), toString(MailDelivery::Failed));
            QCOMPARE(email->deliveryAttempts, 3);
            QVERIFY(!email->deliveryDetail.isEmpty());
            QVERIFY2(m_server->output().contains(QStringLiteral("attempt 3: connect_failed, failed")),
                     qPrintable(m_server->output()));
        }
        // No usable recipient: refused at the server, and the client shows why.
        {
            auto a = client();
            a->start();
            QVERIFY(a->waitLive());
            Interaction bad = emailReply(a->someCustomer(), QUuid(), {QStringLiteral("not an address")});
            QVERIFY(a->editor->recordInteraction(bad).result().ok());
            QVERIFY(QTest::qWaitFor([&] { return *Store::Outbox(a->reader).rejectedCount() == 1; },
                                    liveTimeoutMs));
            const auto entries = *Store::Outbox(a->reader).all();
            QCOMPARE(entries.size(), 1);
            QVERIFY2(
                entries.first().lastError.contains(QStringLiteral("details.to[0]: is not an email address")),
                qPrintable(entries.first().lastError));
            QVERIFY(!entries.first().lastError.contains(QStringLiteral("not an address")));
        }
    }

    /// The default, STARTTLS, really encrypts: a mail server whose certificate the operator's
    /// CA file vouches for gets the email; one nobody vouches for never sees it, and the email
    /// fails with the reason.
    void aReplyTravelsOverStartTlsOnlyToATrustedServer()
    {
        m_database.clear();
        Testing::TestCertificates certs; // the mail server's certificate, from a throwaway CA
        const QString made = certs.make(m_dir->filePath(QStringLiteral("smtp-certs")));
        QVERIFY2(made.isEmpty(), qPrintable(made));

        Testing::SmtpSink sink(QStringLiteral(THREADLINE_SMTP_SINK), m_dir->filePath(QStringLiteral("tls")));
        sink.setTls(certs.cert, certs.key);
        QVERIFY(sink.start());
        const QStringList starttls
            = {QStringLiteral("--smtp-host"),         QStringLiteral("localhost"),
               QStringLiteral("--smtp-port"),         QString::number(sink.port()),
               QStringLiteral("--mail-from"),         QStringLiteral("cyswllt@caerwen.gov.uk"),
               QStringLiteral("--smtp-max-attempts"), QStringLiteral("1")};
        for (const bool trusted : {true, false}) {
            QDir(m_dir->filePath(QStringLiteral("server"))).removeRecursively();
            QVERIFY(startServer(20,
                                trusted ? starttls + QStringList {QStringLiteral("--smtp-ca-file"), certs.ca}
                                        : starttls));
            auto a = client();
            a->start();
            QVERIFY(a->waitLive());
            const Interaction reply
                = emailReply(a->someCustomer(), QUuid(), {QStringLiteral("llyr@example.org")});
            QVERIFY(a->editor->recordInteraction(reply).result().ok());
            std::optional<EmailDetails> email;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    email = cachedEmail(a->reader, reply.id);
                    return email && email->delivery && *email->delivery != MailDelivery::Queued;
                },
                liveTimeoutMs));
            if (trusted) {
                QCOMPARE(toString(*email->delivery), toString(MailDelivery::Sent));
                QCOMPARE(sink.messages().size(), 1);
                QCOMPARE(sink.messages().first(), email->rawSource);
            } else {
                QCOMPARE(toString(*email->delivery), toString(MailDelivery::Failed));
                QCOMPARE(sink.messages().size(), 1); // nothing more arrived
                QVERIFY2(
                    m_server->output().contains(QStringLiteral("attempt 1: certificate_rejected, failed")),
                    qPrintable(m_server->output()));
                QVERIFY(!email->deliveryDetail.isEmpty());
            }
            QVERIFY(m_server->stop());
        }
    }

    /// Email in from a real IMAP server (Dovecot): a backlog of messages, among them a broken one
    /// and the same message delivered twice, arrives each once; a message delivered while the
    /// client is live arrives by IDLE, long before the next poll; a restart fetches nothing again.
    void mailInAnImapMailboxArrivesAsItIsDelivered_data() { backends(); }
    void mailInAnImapMailboxArrivesAsItIsDelivered()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        Testing::ImapServer imap(m_dir->filePath(QStringLiteral("imap")));
        QVERIFY(imap.start());
        const auto message
            = [](const QByteArray &id, const QByteArray &from, const QByteArray &subject) -> QByteArray {
            return "From: " + from + "\r\nTo: council-tax@caerwen.gov.uk\r\nSubject: " + subject
                + "\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <" + id
                + ">\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nBore da, mae gen i gwestiwn.\r\n";
        };
        const QByteArray first
            = message("imap-1@example.org", "=?UTF-8?Q?Si=C3=A2n_Ellis?= <sian@example.org>",
                      "=?UTF-8?Q?Treth_gyngor_=E2=80=94_c=C5=B5n?=");
        const QByteArray broken
            = "From: Dai Broken <dai@example.org>\r\nSubject: missing boundary\r\n"
              "Message-ID: <imap-broken@example.org>\r\nContent-Type: multipart/mixed\r\n\r\n"
              "no boundary here\r\n";
        QVERIFY(imap.deliver(first));
        QVERIFY(imap.deliver(broken));
        QVERIFY(imap.deliver(first)); // delivered twice: stored once

        QFile password(m_dir->filePath(QStringLiteral("imap-password")));
        QVERIFY(password.open(QIODevice::WriteOnly));
        password.write(QByteArray(Testing::ImapServer::password) + '\n');
        password.close();
        const QStringList imapOptions
            = {QStringLiteral("--imap-host"),          QStringLiteral("127.0.0.1"),
               QStringLiteral("--imap-port"),          QString::number(imap.port()),
               QStringLiteral("--imap-security"),      QStringLiteral("none"),
               QStringLiteral("--imap-user"),          QString::fromLatin1(Testing::ImapServer::user),
               QStringLiteral("--imap-password-file"), password.fileName(),
               QStringLiteral("--imap-poll-seconds"),  QStringLiteral("900")};
        QVERIFY(startServer(20, imapOptions));
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());

        const auto customerOf = [&](const QString &address) {
            auto found
                = Store::CustomerRepository(a->reader).findByIdentifier(IdentifierKind::Email, address);
            return found && !found->isEmpty() ? found->first() : QUuid();
        };
        const auto emailsOf = [&](const QUuid &customer) {
            auto rows = Store::InteractionRepository(a->reader).page(
                customer, std::nullopt, Store::InteractionRepository::PageDirection::Older, 50);
            return rows ? *rows : QList<Store::TimelineEntry>();
        };
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !customerOf(QStringLiteral("sian@example.org")).isNull()
                    && !customerOf(QStringLiteral("dai@example.org")).isNull();
            },
            liveTimeoutMs));
        const QUuid sian = customerOf(QStringLiteral("sian@example.org"));
        QTRY_COMPARE_WITH_TIMEOUT(emailsOf(sian).size(), 1, liveTimeoutMs);
        QCOMPARE(emailsOf(sian).first().subject, QStringLiteral("Treth gyngor — cŵn"));
        QCOMPARE((*Store::CustomerRepository(a->reader).find(sian))->displayName,
                 QStringLiteral("Siân Ellis"));
        const auto dai = emailsOf(customerOf(QStringLiteral("dai@example.org")));
        QCOMPARE(dai.size(), 1);
        QVERIFY(dai.first().hasDefects); // kept, and marked
        auto full = Store::InteractionRepository(a->reader).find(dai.first().id);
        QCOMPARE(std::get<EmailDetails>((*full)->details).rawSource.endsWith(broken), true);

        // Delivered now: it comes by IDLE, not by the 15-minute poll.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(imap.deliver(message("imap-live@example.org", "Siân Ellis <sian@example.org>", "Un arall")));
        QTRY_COMPARE_WITH_TIMEOUT(emailsOf(sian).size(), 2, 60'000);
        qInfo().noquote() << "delivered to the client" << clock.elapsed() << "ms after dovecot-lda started";

        // A restart reads on from where it was: nothing is fetched or filed again.
        const qint64 before = *Store::InteractionRepository(a->reader).count();
        QVERIFY(m_server->stop());
        QVERIFY(m_server->start());
        QTRY_VERIFY_WITH_TIMEOUT(m_server->output().contains(QStringLiteral("after UID 4")), 30'000);
        QTest::qWait(2000);
        QVERIFY2(!m_server->output().contains(QStringLiteral("email: IMAP: ")),
                 qPrintable(m_server->output()));
        QCOMPARE(*Store::InteractionRepository(a->reader).count(), before);
        // The password and the senders' addresses are not in the server's log.
        QVERIFY(!m_server->output().contains(QLatin1String(Testing::ImapServer::password)));
        QVERIFY(!m_server->output().contains(QStringLiteral("sian@example.org")));
    }

    /// An email's attachment is fetched from the server in parts, byte for byte; one the server
    /// has no bytes for is said to be missing; asking offline says so.
    void anAttachmentIsFetchedInParts_data() { backends(); }
    void anAttachmentIsFetchedInParts()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        const QDir maildir(m_dir->filePath(QStringLiteral("maildir")));
        for (const char *sub : {"new", "cur", "tmp"})
            QVERIFY(QDir().mkpath(maildir.filePath(QLatin1String(sub))));
        // Over one part (4 MiB), not a whole number of parts, every byte value.
        QByteArray photo(int(Protocol::Limits::attachmentChunkBytes) + 123'457, Qt::Uninitialized);
        for (qsizetype n = 0; n < photo.size(); ++n)
            photo[n] = char((n * 7 + n / 251) & 0xff);
        const QByteArray message
            = "From: Nia Hughes <nia@example.org>\r\nTo: housing@caerwen.gov.uk\r\n"
              "Subject: Damp photo\r\nMessage-ID: <photo@example.org>\r\n"
              "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
              "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n--p\r\n"
              "Content-Type: text/plain; charset=UTF-8\r\n\r\nSee the photo.\r\n--p\r\n"
              "Content-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"damp.jpg\"\r\n"
              "Content-Transfer-Encoding: base64\r\n\r\n"
            + photo.toBase64() + "\r\n--p--\r\n";
        QFile file(maildir.filePath(QStringLiteral("new/1700000001.1.test")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(message), message.size());
        file.close();
        QVERIFY(startServer(20, {QStringLiteral("--maildir"), maildir.path()}));
        auto a = client();

        // Not signed in yet: offline.
        QSignalSpy fetched(a->engine.get(), &SyncEngine::attachmentFetched);
        QSignalSpy unavailable(a->engine.get(), &SyncEngine::attachmentUnavailable);
        const QByteArray sha = QCryptographicHash::hash(photo, QCryptographicHash::Sha256);
        a->engine->fetchAttachment(sha);
        QVERIFY(unavailable.wait(10'000));
        QCOMPARE(unavailable.first().at(1).toString(), QStringLiteral("offline"));
        unavailable.clear();

        a->start();
        QVERIFY(a->waitLive());
        QUuid customer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto found = Store::CustomerRepository(a->reader).findByIdentifier(
                    IdentifierKind::Email, QStringLiteral("nia@example.org"));
                customer = found && !found->isEmpty() ? found->first() : QUuid();
                return !customer.isNull();
            },
            liveTimeoutMs));
        auto rows = Store::InteractionRepository(a->reader).page(
            customer, std::nullopt, Store::InteractionRepository::PageDirection::Older, 5);
        QTRY_VERIFY_WITH_TIMEOUT(
            (rows = Store::InteractionRepository(a->reader).page(
                 customer, std::nullopt, Store::InteractionRepository::PageDirection::Older, 5))
                && rows->size() == 1,
            liveTimeoutMs);
        auto full = Store::InteractionRepository(a->reader).find(rows->first().id);
        QCOMPARE((*full)->attachments.size(), 1);
        QCOMPARE((*full)->attachments.first().sha256, sha);
        QCOMPARE((*full)->attachments.first().size, photo.size());

        a->engine->fetchAttachment(sha);
        a->engine->fetchAttachment(sha); // joins the first
        QVERIFY(fetched.wait(liveTimeoutMs));
        QCOMPARE(fetched.size(), 1);
        QCOMPARE(fetched.first().at(0).toByteArray(), sha);
        QVERIFY(fetched.first().at(1).toByteArray() == photo);

        a->engine->fetchAttachment(QByteArray(32, '\x01'));
        QVERIFY(unavailable.wait(liveTimeoutMs));
        QCOMPARE(unavailable.first().at(1).toString(), QStringLiteral("not_found"));
        QCOMPARE(toString(a->engine->state()), toString(SyncStateKind::Live));
    }

    void anEmailDeliveredToTheMaildirReachesALiveClient_data() { backends(); }
    void anEmailDeliveredToTheMaildirReachesALiveClient()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        const QDir maildir(m_dir->filePath(QStringLiteral("maildir")));
        for (const char *sub : {"new", "cur", "tmp"})
            QVERIFY(QDir().mkpath(maildir.filePath(QLatin1String(sub))));
        QVERIFY(startServer(50,
                            {QStringLiteral("--maildir"), maildir.path(),
                             QStringLiteral("--mail-poll-seconds"), QStringLiteral("1")}));
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());

        // As an MTA delivers: written in tmp/, then renamed into new/.
        const QByteArray message = QByteArray("From: =?UTF-8?Q?Ll=C5=B7r_Evans?= <llyr@example.org>\r\n"
                                              "To: council-tax@caerwen.gov.uk\r\n"
                                              "Subject: =?UTF-8?Q?Gostyngiad_treth_gyngor?=\r\n"
                                              "Date: Mon, 02 Nov 2026 09:15:00 +0000\r\n"
                                              "Message-ID: <live-e2e@example.org>\r\n"
                                              "Content-Type: text/plain; charset=UTF-8\r\n"
                                              "\r\n"
                                              "Oes modd cael gostyngiad person sengl?\r\n");
        QFile file(maildir.filePath(QStringLiteral("tmp/1700000000.1.test")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(message), message.size());
        file.close();
        QVERIFY(file.rename(maildir.filePath(QStringLiteral("new/1700000000.1.test"))));

        // It arrives by itself: a new customer for the sender and the email on their timeline.
        QUuid customerId;
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto found = Store::CustomerRepository(a->reader).findByIdentifier(
                    IdentifierKind::Email, QStringLiteral("llyr@example.org"));
                if (found && !found->isEmpty())
                    customerId = found->first();
                return !customerId.isNull();
            },
            liveTimeoutMs));
        QCOMPARE((*Store::CustomerRepository(a->reader).find(customerId))->displayName,
                 QStringLiteral("Llŷr Evans"));
        auto timeline = Store::InteractionRepository(a->reader).page(
            customerId, std::nullopt, Store::InteractionRepository::PageDirection::Older, 10);
        QVERIFY(QTest::qWaitFor(
            [&] {
                timeline = Store::InteractionRepository(a->reader).page(
                    customerId, std::nullopt, Store::InteractionRepository::PageDirection::Older, 10);
                return timeline && timeline->size() == 1;
            },
            liveTimeoutMs));
        const Store::TimelineEntry entry = timeline->first();
        QCOMPARE(toString(entry.channel), QStringLiteral("email"));
        QCOMPARE(entry.subject, QStringLiteral("Gostyngiad treth gyngor"));
        QCOMPARE(entry.counterpart, QStringLiteral("llyr@example.org"));
        auto full = Store::InteractionRepository(a->reader).find(entry.id);
        QVERIFY(full && full->has_value());
        QCOMPARE(std::get<EmailDetails>((*full)->details).rawSource, message);
        QVERIFY(QFile::exists(maildir.filePath(QStringLiteral("cur/1700000000.1.test:2,S"))));
        QCOMPARE(toString(a->engine->state()), toString(SyncStateKind::Live));
    }

    void aWebChatReachesItsAgentAndTheReplyReachesTheCitizen_data() { backends(); }
    void aWebChatReachesItsAgentAndTheReplyReachesTheCitizen()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster");
        QVERIFY(startServer(50, {QStringLiteral("--chat-port"), QStringLiteral("0")}));
        const quint16 chatPort = m_server->chatPort();
        QVERIFY2(chatPort != 0, qPrintable(m_server->output()));
        auto agent = client();
        Desk desk(*agent);
        agent->start();
        QVERIFY(agent->waitLive());
        // A customer the citizen is: their email address is on record.
        const QString email = *agent->reader.queryText(
            "SELECT value FROM identifiers WHERE kind = 'email' ORDER BY value LIMIT 1");
        QVERIFY(!email.isEmpty());
        const QString customerHex = *agent->reader.queryText(
            QStringLiteral(
                "SELECT lower(hex(customer_id)) FROM identifiers WHERE kind = 'email' AND value = '%1'")
                .arg(email)
                .toUtf8()
                .constData());
        const QUuid customer = QUuid::fromRfc4122(QByteArray::fromHex(customerHex.toLatin1()));

        ChatCitizen page(chatPort);
        QVERIFY(page.connected());
        QVERIFY(!page.start().isEmpty());
        page.send({{QStringLiteral("t"), QStringLiteral("contact")}, {QStringLiteral("email"), email}});
        const QString question = QStringLiteral("Helo, mae gen i gwestiwn am fy nhreth gyngor (ŵ ŷ)");
        page.say(question);
        const QJsonObject joined = page.nextOf(QStringLiteral("status"));
        QCOMPARE(joined.value(QStringLiteral("code")).toString(), QStringLiteral("joined"));
        QCOMPARE(joined.value(QStringLiteral("name")).toString(), QStringLiteral("ffion"));

        // The agent's client has the chat, with the customer the email address matched.
        QVERIFY(QTest::qWaitFor([&] { return desk.chats.rowCount() == 1; }, 10'000));
        const QUuid chat = desk.firstId();
        QCOMPARE(desk.texts(chat), QStringList {QStringLiteral("citizen:") + question});
        QCOMPARE(desk.first().data(Models::CustomerIdRole).toUuid(), customer);
        QCOMPARE(desk.first().data(Models::ContactEmailRole).toString(), email);
        QCOMPARE(desk.first().data(Models::UnreadCountRole).toInt(), 1);

        // Typing both ways.
        page.send({{QStringLiteral("t"), QStringLiteral("typing")}});
        QVERIFY(
            QTest::qWaitFor([&] { return desk.first().data(Models::CitizenTypingRole).toBool(); }, 10'000));
        desk.chats.typing(chat);
        QVERIFY(!page.nextOf(QStringLiteral("typing")).isEmpty());

        // The agent's reply reaches the page, and comes back to the agent as stored.
        const QString answer = QStringLiteral("Diolch. Byddaf yn edrych ar eich cyfrif nawr.");
        QVERIFY(desk.chats.send(chat, answer));
        const QJsonObject reply = page.nextOf(QStringLiteral("message"));
        QCOMPARE(reply.value(QStringLiteral("from")).toString(), QStringLiteral("agent"));
        QCOMPARE(reply.value(QStringLiteral("text")).toString(), answer);
        QVERIFY(QTest::qWaitFor([&] { return desk.texts(chat).size() == 2; }, 10'000));
        QCOMPARE(desk.texts(chat).last(), QStringLiteral("agent:") + answer);
        QVERIFY(!desk.chats.send(chat, QString(maxLiveChatMessageChars + 1, u'x'))); // refused here

        // The agent ends it: the page is told and the transcript lands on the timeline.
        QVERIFY(desk.chats.end(chat));
        QVERIFY(!page.nextOf(QStringLiteral("ended")).isEmpty());
        QVERIFY(
            QTest::qWaitFor([&] { return desk.state(chat) == Models::LiveChatModel::State::Ended; }, 10'000));
        QCOMPARE(toString(ChatEndReason(desk.first().data(Models::ChatEndReasonRole).toInt())),
                 toString(ChatEndReason::Agent));
        // One chat interaction whose session is this chat, on the customer.
        const QByteArray filed = QStringLiteral("SELECT lower(hex(id)) FROM interactions WHERE "
                                                "chat_session_id = '%1' AND customer_id = x'%2'")
                                     .arg(chat.toString(QUuid::WithoutBraces), customerHex)
                                     .toUtf8();
        QString interactionHex;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         auto id = agent->reader.queryText(filed.constData());
                         interactionHex = id ? *id : QString();
                         return !interactionHex.isEmpty();
                     },
                     20'000),
                 qPrintable(m_server->output().right(2000)));
        auto stored = Store::InteractionRepository(agent->reader)
                          .find(QUuid::fromRfc4122(QByteArray::fromHex(interactionHex.toLatin1())));
        QVERIFY(stored && stored->has_value());
        const auto *details = std::get_if<ChatDetails>(&(*stored)->details);
        QVERIFY(details);
        QCOMPARE(details->messages.size(), 2);
        QCOMPARE(details->messages.at(0).text, question);
        QCOMPARE(details->messages.at(1).text, answer);
        QCOMPARE(toString(details->messages.at(1).role), toString(ChatRole::Agent));
        QCOMPARE(details->messages.at(1).author, QStringLiteral("ffion"));
        QVERIFY(!(*stored)->agentId.isNull());

        // Acting in a chat that is over is answered, not ignored: the client hears it is gone.
        QSignalSpy news(agent->engine.get(), &SyncEngine::liveChat);
        QVERIFY(agent->engine->actInChat({chat, ChatActionKind::Send, QStringLiteral("still there?")}));
        QVERIFY(news.wait(10'000));
        const auto gone = news.first().first().value<LiveChatEvent>();
        QCOMPARE(toString(gone.kind), toString(ChatEventKind::Ended));
        QCOMPARE(toString(gone.endedBy), toString(ChatEndReason::Gone));
    }

    void aChatWaitsForAnAgentAndMovesOnWhenTheAgentIsGone()
    {
        m_database.clear(); // SQLite: the chat's routing does not depend on the database
        QVERIFY(startServer(20,
                            {QStringLiteral("--chat-port"), QStringLiteral("0"),
                             QStringLiteral("--chat-reassign-seconds"), QStringLiteral("1")}));
        const quint16 chatPort = m_server->chatPort();
        QVERIFY(chatPort != 0);

        // Nobody is signed in: the citizen is told to wait.
        ChatCitizen page(chatPort);
        QVERIFY(page.connected());
        QVERIFY(!page.start().isEmpty());
        page.say(QStringLiteral("Is anyone there?"));
        QCOMPARE(page.nextOf(QStringLiteral("status")).value(QStringLiteral("code")).toString(),
                 QStringLiteral("waiting"));

        // The first agent to sign in gets it, with what was written so far.
        auto ffion = client(QStringLiteral("ffion"));
        Desk ffionDesk(*ffion);
        ffion->start();
        QVERIFY(ffion->waitLive());
        QVERIFY(QTest::qWaitFor([&] { return ffionDesk.chats.rowCount() == 1; }, 10'000));
        const QUuid chat = ffionDesk.firstId();
        QCOMPARE(ffionDesk.texts(chat), QStringList {QStringLiteral("citizen:Is anyone there?")});
        QCOMPARE(page.nextOf(QStringLiteral("status")).value(QStringLiteral("code")).toString(),
                 QStringLiteral("joined"));

        // She drops off; the chat waits for her a while, then goes to a colleague who is in.
        auto gareth = client(QStringLiteral("gareth"));
        Desk garethDesk(*gareth);
        gareth->start();
        QVERIFY(gareth->waitLive());
        ffion->engine->setWorkOffline(true);
        QVERIFY(QTest::qWaitFor(
            [&] { return ffionDesk.state(chat) == Models::LiveChatModel::State::Disconnected; }, 10'000));
        QVERIFY(QTest::qWaitFor([&] { return garethDesk.chats.rowCount() == 1; }, 15'000));
        QCOMPARE(garethDesk.firstId(), chat);
        QCOMPARE(garethDesk.texts(chat), QStringList {QStringLiteral("citizen:Is anyone there?")});
        QVERIFY(garethDesk.chats.send(chat, QStringLiteral("Gareth here, how can I help?")));
        QCOMPARE(page.nextOf(QStringLiteral("message")).value(QStringLiteral("text")).toString(),
                 QStringLiteral("Gareth here, how can I help?"));

        // When she is back, her client learns the chat is no longer hers.
        ffion->engine->setWorkOffline(false);
        QVERIFY(ffion->waitLive());
        QVERIFY(QTest::qWaitFor([&] { return ffionDesk.state(chat) == Models::LiveChatModel::State::Ended; },
                                10'000));
        QCOMPARE(toString(ChatEndReason(ffionDesk.first().data(Models::ChatEndReasonRole).toInt())),
                 toString(ChatEndReason::Moved));
        QVERIFY(garethDesk.state(chat) == Models::LiveChatModel::State::Active);
    }

    /// wss:// end to end: the server serves TLS with --tls-cert/--tls-key (and the web chat over
    /// https://); a client that trusts the test CA syncs; every certificate it cannot trust (an
    /// unknown CA, another host's, an expired one, not the pinned one) is refused and said why;
    /// ws:// to another machine is never tried.
    void syncsOverTlsAndRefusesCertificatesItCannotTrust()
    {
        m_database.clear();
        Testing::TestCertificates certs;
        const QString made = certs.make(m_dir->filePath(QStringLiteral("certs")));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(certs.ca);
        QCOMPARE(ca.size(), 1);

        // The server reads its certificate from files the operator may replace (then SIGHUP).
        const QString certFile = m_dir->filePath(QStringLiteral("server-cert.pem"));
        const QString keyFile = m_dir->filePath(QStringLiteral("server-key.pem"));
        const auto install = [&](const QString &cert, const QString &key) {
            QFile::remove(certFile);
            QFile::remove(keyFile);
            return QFile::copy(cert, certFile) && QFile::copy(key, keyFile);
        };
        const auto startTls = [&](const QString &cert, const QString &key) {
            QDir(m_dir->filePath(QStringLiteral("server"))).removeRecursively();
            return install(cert, key)
                && startServer(30,
                               {QStringLiteral("--tls-cert"), certFile, QStringLiteral("--tls-key"), keyFile,
                                QStringLiteral("--chat-port"), QStringLiteral("0")});
        };
        const auto wss = [&] { return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_server->port())); };
        const auto tlsClient = [&](const QList<QSslCertificate> &cas, const QByteArray &pin = {}) {
            return std::make_unique<Client>(
                m_dir->filePath(QStringLiteral("client-%1.sqlite").arg(++m_clients)), wss(),
                QStringLiteral("ffion"), cas, pin);
        };
        const auto refusedBecause = [&](Client &c) {
            c.start();
            const bool refused = QTest::qWaitFor(
                [&] { return c.engine->status().lastError.kind == SyncError::Kind::CertificateRefused; },
                20'000);
            return refused ? c.engine->status().lastError.detail : QStringLiteral("(not refused)");
        };

        QVERIFY(startTls(certs.cert, certs.key));
        {
            auto trusting = tlsClient(ca);
            trusting->start();
            QVERIFY(trusting->waitLive());
            QCOMPARE(trusting->content(), serverContent()); // a whole first sync, encrypted
        }
        {
            auto stranger = tlsClient({}); // the system's authorities only
            const QString why = refusedBecause(*stranger);
            QVERIFY2(why.contains(QStringLiteral("self signed certificate in certificate chain"),
                                  Qt::CaseInsensitive)
                         || why.contains(QStringLiteral("issuer"), Qt::CaseInsensitive),
                     qPrintable(why));
            QVERIFY(stranger->engine->state() != SyncStateKind::Live);
        }
        {
            const QByteArray right
                = QSslCertificate::fromPath(certs.cert).first().digest(QCryptographicHash::Sha256);
            auto pinnedRight = tlsClient(ca, right);
            pinnedRight->start();
            QVERIFY(pinnedRight->waitLive());
            auto pinnedWrong = tlsClient(ca, QByteArray(32, '\x01'));
            QVERIFY2(refusedBecause(*pinnedWrong).contains(QStringLiteral("pinned")),
                     qPrintable(pinnedWrong->engine->status().lastError.detail));
        }
        {
            // The web chat's page comes over https:// with the same certificate.
            const quint16 chatPort = m_server->chatPort();
            QVERIFY(chatPort != 0);
            QNetworkAccessManager http;
            QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/chat").arg(chatPort)));
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.addCaCertificates(ca);
            request.setSslConfiguration(tls);
            QNetworkReply *reply = http.get(request);
            QSignalSpy done(reply, &QNetworkReply::finished);
            QVERIFY(done.wait(10'000));
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QVERIFY(reply->readAll().contains("<html lang="));
            reply->deleteLater();
        }
        QVERIFY(m_server->stop());

        // SIGHUP rereads the files: new connections get the new certificate (here one for
        // another host name, which a client refuses), while a connection already open goes on.
        QVERIFY(startTls(certs.cert, certs.key));
        auto before = tlsClient(ca);
        before->start();
        QVERIFY(before->waitLive());
        QVERIFY(install(certs.wrongHostCert, certs.wrongHostKey));
        ::kill(pid_t(m_server->pid()), SIGHUP);
        QVERIFY2(m_server->waitForOutput(QStringLiteral("SIGHUP: new connections get the certificate")),
                 qPrintable(m_server->output()));
        {
            auto c = tlsClient(ca);
            const QString why = refusedBecause(*c);
            QVERIFY2(why.contains(QStringLiteral("host name"), Qt::CaseInsensitive), qPrintable(why));
        }
        QVERIFY(before->engine->state() == SyncStateKind::Live);
        // An unreadable replacement keeps the certificate in use, and says why.
        QVERIFY(QFile::remove(keyFile));
        ::kill(pid_t(m_server->pid()), SIGHUP);
        QVERIFY(m_server->waitForOutput(QStringLiteral("SIGHUP: the certificate was not reloaded")));
        before.reset();
        QVERIFY(m_server->stop());
        // One from an authority nobody told the client about.
        QVERIFY(startTls(certs.unknownCaCert, certs.unknownCaKey));
        {
            auto c = tlsClient(ca);
            const QString why = refusedBecause(*c);
            QVERIFY2(why.contains(QStringLiteral("issuer"), Qt::CaseInsensitive)
                         || why.contains(QStringLiteral("self signed"), Qt::CaseInsensitive),
                     qPrintable(why));
        }
        QVERIFY(m_server->stop());

        // An expired certificate: the server will not start with it, and says so...
        QTest::qWait(1100); // "-days 0": expired a second after it was made
        QDir(m_dir->filePath(QStringLiteral("server"))).removeRecursively();
        QVERIFY(!startServer(30,
                             {QStringLiteral("--tls-cert"), certs.expiredCert, QStringLiteral("--tls-key"),
                              certs.expiredKey}));
        QVERIFY2(m_server->output().contains(QStringLiteral("expired on")), qPrintable(m_server->output()));
        // ...and a client refuses one from any other TLS server.
        QSslServer expired;
        QSslConfiguration expiredTls = QSslConfiguration::defaultConfiguration();
        expiredTls.setLocalCertificate(QSslCertificate::fromPath(certs.expiredCert).first());
        QFile expiredKey(certs.expiredKey);
        QVERIFY(expiredKey.open(QIODevice::ReadOnly));
        expiredTls.setPrivateKey(QSslKey(expiredKey.readAll(), QSsl::Ec));
        expired.setSslConfiguration(expiredTls);
        QVERIFY(expired.listen(QHostAddress::LocalHost));
        {
            Client c(m_dir->filePath(QStringLiteral("client-expired.sqlite")),
                     QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(expired.serverPort())),
                     QStringLiteral("ffion"), ca);
            const QString why = refusedBecause(c);
            QVERIFY2(why.contains(QStringLiteral("expired"), Qt::CaseInsensitive), qPrintable(why));
        }

        // ws:// to another machine: refused before anything is sent, and the agent is told why.
        {
            Client c(m_dir->filePath(QStringLiteral("client-plain.sqlite")),
                     QUrl(QStringLiteral("ws://192.0.2.10:8737")), QStringLiteral("ffion"));
            c.start();
            QVERIFY(c.engine->state() == SyncStateKind::Offline);
            QVERIFY(c.engine->status().lastError.kind == SyncError::Kind::InsecureServer);
        }
    }

    /// A signed-in connection is checked against its session every few seconds: disabling the
    /// agent (or a new password) closes it, and the client, refused, stops and says why; enabled
    /// again, the agent signs in and nothing they did while locked out is lost.
    void aDisabledAgentIsDisconnectedWithinSeconds_data() { backends(); }
    void aDisabledAgentIsDisconnectedWithinSeconds()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster");
        QVERIFY(startServer(20));
        auto ffion = client(QStringLiteral("ffion"));
        ffion->start();
        QVERIFY(ffion->waitLive());
        auto gareth = client(QStringLiteral("gareth"));
        gareth->start();
        QVERIFY(gareth->waitLive());

        QElapsedTimer clock;
        clock.start();
        QCOMPARE(m_server->user({QStringLiteral("disable"), QStringLiteral("ffion")}), QString());
        QVERIFY(QTest::qWaitFor([&] { return ffion->engine->state() == SyncStateKind::Offline; }, 20'000));
        qInfo("disconnected %lld ms after the disable", clock.elapsed());
        QVERIFY2(ffion->engine->status().lastError.kind == SyncError::Kind::CredentialsRefused,
                 qPrintable(ffion->engine->status().lastError.toLogString()));
        QVERIFY(gareth->engine->state() == SyncStateKind::Live); // nobody else is touched

        // Work done while locked out waits in the outbox; enabled again, it reaches the server.
        QVERIFY(
            ffion->editor->recordInteraction(note(ffion->someCustomer(), QStringLiteral("Locked out note")))
                .result()
                .ok());
        QCOMPARE(m_server->user({QStringLiteral("enable"), QStringLiteral("ffion")}), QString());
        ffion->start();
        QVERIFY(ffion->waitLive());
        QVERIFY(ffion->waitOutboxEmpty());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return serverCount(QStringLiteral(
                           "SELECT count(*) FROM interactions WHERE subject = 'Locked out note'"))
                    == 1;
            },
            liveTimeoutMs));

        // A new password ends the live session the same way.
        QCOMPARE(
            m_server->user({QStringLiteral("passwd"), QStringLiteral("ffion")}, "another-long-password\n"),
            QString());
        QVERIFY(QTest::qWaitFor([&] { return ffion->engine->state() == SyncStateKind::Offline; }, 20'000));
        QVERIFY(gareth->engine->state() == SyncStateKind::Live);
    }

    void editsMadeOfflineReachTheServerExactlyOnce_data() { backends(); }
    void editsMadeOfflineReachTheServerExactlyOnce()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());
        const qint64 before = serverCount(QStringLiteral("SELECT count(*) FROM interactions"));
        QVERIFY(before > 0);

        a->engine->setWorkOffline(true);
        QCOMPARE(toString(a->engine->state()), toString(SyncStateKind::Offline));
        const QUuid customer = a->someCustomer();
        QList<QUuid> ids;
        for (int n = 0; n < 5; ++n) {
            const Interaction i = note(customer, QStringLiteral("Home visit note %1").arg(n));
            ids.append(i.id);
            QVERIFY(a->editor->recordInteraction(i).result());
        }
        QTRY_COMPARE(a->engine->status().pending, 5);
        QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions")), before);

        a->engine->setWorkOffline(false);
        QVERIFY(a->waitLive());
        QVERIFY(a->waitOutboxEmpty());
        QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions")), before + 5);
        for (const QUuid &id : std::as_const(ids))
            QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions WHERE id = '%1'")
                                     .arg(id.toString(QUuid::WithoutBraces))),
                     1);
        QTRY_COMPARE(a->content(), serverContent());
    }

    void aReplayedMutationIdDoesNotDouble_data() { backends(); }
    void aReplayedMutationIdDoesNotDouble()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());
        const Interaction n = note(a->someCustomer(), QStringLiteral("Sent twice"));
        QVERIFY(a->editor->recordInteraction(n).result());
        auto entries = Store::Outbox(a->reader).all();
        QVERIFY(entries);
        QCOMPARE(entries->size(), 1);
        const Store::OutboxEntry sent = entries->first();
        QVERIFY(a->waitOutboxEmpty());
        const qint64 afterFirst = serverCount(QStringLiteral("SELECT count(*) FROM interactions"));

        // As if the ack had been lost: the same mutation id is queued and sent again.
        QVERIFY(a->cache->writer()
                    .submit([sent](Store::CacheWriter::Context &ctx) {
                        return Store::Outbox(ctx.db).enqueue(sent, &ctx.changes);
                    })
                    .result());
        QVERIFY(a->waitOutboxEmpty());
        QCOMPARE(a->engine->status().rejected, 0);
        QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions")), afterFirst);
        QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions WHERE id = '%1'")
                                 .arg(n.id.toString(QUuid::WithoutBraces))),
                 1);
    }

    void theSameFieldEditedTwiceLeavesAConflictWithTheLoser_data() { backends(); }
    void theSameFieldEditedTwiceLeavesAConflictWithTheLoser()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client(QStringLiteral("ffion"));
        auto b = client(QStringLiteral("gareth"));
        a->start();
        b->start();
        QVERIFY(a->waitLive());
        QVERIFY(b->waitLive());
        const Case base = a->someCase();
        QVERIFY(!base.id.isNull());
        QCOMPARE(**Store::CaseRepository(b->reader).find(base.id), base);

        // Both edit the same field of the same version while offline; A reaches the server first.
        a->engine->setWorkOffline(true);
        b->engine->setWorkOffline(true);
        Case first = base;
        first.status = CaseStatus::Resolved;
        Case second = base;
        second.status = CaseStatus::Pending;
        second.title = base.title + QStringLiteral(" (chased)");
        QVERIFY(a->editor->updateCase(base, first).result());
        QVERIFY(b->editor->updateCase(base, second).result());
        a->engine->setWorkOffline(false);
        QVERIFY(a->waitLive());
        QVERIFY(a->waitOutboxEmpty());

        QSignalSpy attention(b->engine.get(), &SyncEngine::attentionNeeded);
        b->engine->setWorkOffline(false);
        QVERIFY(b->waitLive());
        QVERIFY(b->waitOutboxEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!attention.isEmpty(), liveTimeoutMs);

        // B's status lost (its title merged); B keeps the conflict, A has none.
        QVERIFY(QTest::qWaitFor([&] { return *Store::ConflictRepository(b->reader).count() == 1; },
                                liveTimeoutMs));
        const Conflict conflict = Store::ConflictRepository(b->reader).list()->first();
        QCOMPARE(conflict.entityId, base.id);
        QCOMPARE(conflict.field, QStringLiteral("status"));
        QCOMPARE(conflict.attemptedValue.toString(), QStringLiteral("pending"));
        QCOMPARE(conflict.keptValue.toString(), QStringLiteral("resolved"));
        QCOMPARE(*Store::ConflictRepository(a->reader).count(), 0);
        QTRY_COMPARE(b->engine->status().conflicts, 1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto inA = Store::CaseRepository(a->reader).find(base.id);
                auto inB = Store::CaseRepository(b->reader).find(base.id);
                return inA->has_value() && inB->has_value() && **inA == **inB
                    && (*inA)->title == second.title;
            },
            liveTimeoutMs));
        QCOMPARE(toString(Store::CaseRepository(b->reader).find(base.id)->value().status),
                 toString(CaseStatus::Resolved));
        QCOMPARE(*b->reader.queryInt("SELECT count(*) FROM sync_server_copies"), 0);
    }

    void aServerKilledDuringCatchUpLosesAndDoublesNothing_data() { backends(); }
    void aServerKilledDuringCatchUpLosesAndDoublesNothing()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client();
        QSignalSpy progress(a->engine.get(), &SyncEngine::progress);
        a->start();
        // Kill the server once a few pages are in, well before the end of the feed.
        QVERIFY(QTest::qWaitFor(
            [&] { return !progress.isEmpty() && progress.last().at(0).toLongLong() >= 300; }, liveTimeoutMs));
        QVERIFY(a->engine->state() == SyncStateKind::CatchingUp);
        m_server->kill9();
        QVERIFY(QTest::qWaitFor([&] { return a->engine->state() == SyncStateKind::Backoff; }, liveTimeoutMs));
        const qint64 cursorAtKill = a->cursor();
        QVERIFY(cursorAtKill > 0);

        QVERIFY(m_server->start()); // the same port, the same data
        QVERIFY(a->waitLive());
        QVERIFY(a->cursor() >= cursorAtKill);
        QCOMPARE(a->cursor(), a->engine->status().head);
        QCOMPARE(a->content(), serverContent());
        QCOMPARE(a->engine->status().quarantined, 0);
    }

    void aServerKilledDuringAPushLosesAndDoublesNothing_data() { backends(); }
    void aServerKilledDuringAPushLosesAndDoublesNothing()
    {
        if (!prepareBackend())
            QSKIP("no PostgreSQL test cluster (THREADLINE_TEST_PG_URL)");
        QVERIFY(startServer());
        auto a = client();
        a->start();
        QVERIFY(a->waitLive());
        const qint64 before = serverCount(QStringLiteral("SELECT count(*) FROM interactions"));
        QVERIFY(before > 0);

        // A field worker's afternoon offline, then the server dies while the notes go up.
        constexpr int notes = 200;
        a->engine->setWorkOffline(true);
        const QUuid customer = a->someCustomer();
        QList<QUuid> ids;
        for (int n = 0; n < notes; ++n) {
            const Interaction i = note(customer, QStringLiteral("Tower block visit %1").arg(n));
            ids.append(i.id);
            QVERIFY(a->editor->recordInteraction(i).result());
        }
        a->engine->setWorkOffline(false);
        QVERIFY(QTest::qWaitFor(
            [&] { return serverCount(QStringLiteral("SELECT count(*) FROM interactions")) > before; },
            liveTimeoutMs));
        m_server->kill9();
        const qint64 pendingAtKill = *Store::Outbox(a->reader).pendingCount();
        QVERIFY2(pendingAtKill > 0, "the push finished before the server was killed");
        const qint64 onServerAtKill
            = serverCount(QStringLiteral("SELECT count(*) FROM interactions")) - before;
        QVERIFY(onServerAtKill > 0 && onServerAtKill <= notes);

        QVERIFY(m_server->start());
        QVERIFY(a->waitLive());
        QVERIFY(a->waitOutboxEmpty());
        QCOMPARE(a->engine->status().rejected, 0);
        QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions")), before + notes);
        for (const QUuid &id : std::as_const(ids)) {
            QCOMPARE(serverCount(QStringLiteral("SELECT count(*) FROM interactions WHERE id = '%1'")
                                     .arg(id.toString(QUuid::WithoutBraces))),
                     1);
        }
        QTRY_COMPARE_WITH_TIMEOUT(a->content(), serverContent(), liveTimeoutMs);
    }

    // The desktop client itself (the threadline executable, offscreen) is killed while it applies
    // catch-up pages; the next start resumes from the cursor it committed.
    void aClientKilledWhileApplyingPagesLosesAndDoublesNothing()
    {
        m_database.clear();
        QVERIFY(startServer(600));
        const QString cachePath = m_dir->filePath(QStringLiteral("desktop.sqlite"));
        const QString passwordFile = m_dir->filePath(QStringLiteral("password"));
        {
            QFile file(passwordFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(agentPassword.toUtf8() + '\n');
        }
        const qint64 head = serverCount(QStringLiteral("SELECT max(seq) FROM changes"));
        QVERIFY(head > 5000);

        QProcess desktop;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
        desktop.setProcessEnvironment(env);
        desktop.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        desktop.start(QStringLiteral(THREADLINE_CLIENT_BINARY),
                      {QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--user"),
                       QStringLiteral("ffion"), QStringLiteral("--password-file"), passwordFile,
                       QStringLiteral("--cache"), cachePath});
        QVERIFY(desktop.waitForStarted());
        // The cursor as committed, read beside the running client (WAL allows a reader).
        const auto committedCursor = [&]() -> qint64 {
            const QString connection = QStringLiteral("desktop-cursor");
            qint64 cursor = -1;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
                db.setDatabaseName(cachePath);
                db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
                if (db.open()) {
                    QSqlQuery query(db);
                    if (query.exec(QStringLiteral("SELECT value FROM sync_state WHERE key = 'cursor'"))
                        && query.next())
                        cursor = query.value(0).toLongLong();
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(connection);
            return cursor;
        };
        QVERIFY(QTest::qWaitFor([&] { return committedCursor() > 0; }, liveTimeoutMs));
        ::kill(pid_t(desktop.processId()), SIGKILL);
        QVERIFY(desktop.waitForFinished(10'000));
        const qint64 cursorAtKill = committedCursor();
        QVERIFY2(cursorAtKill > 0 && cursorAtKill < head, "the client finished before it was killed");

        // The next start: the same cache file, whose last session ended uncleanly.
        auto opened = Store::Cache::open({cachePath, Store::CacheOptions::IntegrityCheck::Auto});
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        QVERIFY((*opened)->openReport().previousSessionUnclean);
        QVERIFY((*opened)->openReport().integrityChecked);
        QVERIFY(!(*opened)->openReport().recovered); // nothing to repair: the page was all or nothing
        opened->reset();
        Client again(cachePath, m_server->url(), QStringLiteral("ffion"));
        QVERIFY(again.cursor() >= cursorAtKill);
        again.start();
        QVERIFY(again.waitLive());
        QCOMPARE(again.cursor(), head);
        QCOMPARE(again.content(), serverContent());
        QCOMPARE(again.engine->status().quarantined, 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncServer)
#include "tst_sync_server.moc"
