// SPDX-License-Identifier: GPL-3.0-or-later
// Inbound email from a Maildir, on both database backends: a batch of real-world-style messages
// (encoded words, other charsets, HTML only, attachments, broken MIME, no sender, not a message
// at all, duplicates) is filed through MailIntake into the feed, each once, with its raw bytes and
// defects, to the right customer; the Maildir is left with everything moved to cur/.

#include "Database.h"
#include "ImapServer.h"
#include "ImapSource.h"
#include "MailIntake.h"
#include "MailParser.h"
#include "MaildirSource.h"
#include "RecordCodec.h"
#include "RecordReader.h"
#include "SyncStore.h"
#include "TestDatabase.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Threadline;
using namespace Threadline::Server;
using namespace Threadline::Server::Email;
using Threadline::Server::Testing::TestDatabase;

namespace {

QByteArray crlf(const char *text)
{
    return QByteArray(text).replace("\n", "\r\n");
}

// The corpus: name -> message bytes, as MTAs write them to a Maildir.
QList<std::pair<QString, QByteArray>> corpus()
{
    QList<std::pair<QString, QByteArray>> out;
    out.append({QStringLiteral("01-welsh"),
                crlf("From: =?UTF-8?Q?Si=C3=A2n_Ellis?= <sian@Example.ORG>\n"
                     "To: Council Tax <council-tax@caerwen.gov.uk>\n"
                     "Subject: =?UTF-8?B?VHJldGggeSBDeW5nb3IgLSBnd8W1bCB5IGJhbmM=?=\n"
                     "Date: Mon, 02 Nov 2026 09:15:00 +0000\n"
                     "Message-ID: <first@example.org>\n"
                     "MIME-Version: 1.0\n"
                     "Content-Type: text/plain; charset=UTF-8\n"
                     "Content-Transfer-Encoding: 8bit\n"
                     "\n"
                     "Bore da, mae angen help arnaf gyda'r dreth gyngor. Diolch, Siân\n")});
    out.append({QStringLiteral("02-reply-from-another-address"),
                crlf("From: Sian at work <s.ellis@work.example>\n"
                     "To: council-tax@caerwen.gov.uk\n"
                     "Subject: Re: Treth y Cyngor\n"
                     "Date: Mon, 02 Nov 2026 10:00:00 +0000\n"
                     "Message-ID: <second@example.org>\n"
                     "In-Reply-To: <first@example.org>\n"
                     "References: <first@example.org>\n"
                     "\n"
                     "One more thing about the bill.\n")});
    out.append({QStringLiteral("03-latin1"),
                crlf("From: \"Rene Dubois\" <rene@example.fr>\n"
                     "To: help@caerwen.gov.uk\n"
                     "Subject: =?ISO-8859-1?Q?Probl=E8me_de_factur?= =?ISO-8859-1?Q?e?=\n"
                     "Date: Tue, 03 Nov 2026 11:00:00 +0100\n"
                     "Message-ID: <latin@example.fr>\n"
                     "Content-Type: text/plain; charset=ISO-8859-1\n"
                     "Content-Transfer-Encoding: quoted-printable\n"
                     "\n"
                     "J'ai re=E7u une facture erron=E9e.\n")});
    out.append({QStringLiteral("04-html-and-attachment"),
                crlf("From: Priya Shah <priya@example.co.uk>\n"
                     "To: housing@caerwen.gov.uk\n"
                     "Subject: Damp in the bedroom\n"
                     "Date: Wed, 04 Nov 2026 08:30:00 +0000\n"
                     "Message-ID: <html@example.co.uk>\n"
                     "MIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=\"outer\"\n"
                     "\n"
                     "--outer\n"
                     "Content-Type: text/html; charset=utf-8\n"
                     "\n"
                     "<html><head><style>p{color:red}</style></head><body><p>The damp is back &amp; "
                     "spreading.</p><p>Photo attached.</p></body></html>\n"
                     "--outer\n"
                     "Content-Type: image/jpeg; name=\"damp.jpg\"\n"
                     "Content-Disposition: attachment; filename=\"damp.jpg\"\n"
                     "Content-Transfer-Encoding: base64\n"
                     "\n"
                     "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\n"
                     "--outer--\n")});
    out.append({QStringLiteral("05-multipart-without-boundary"),
                crlf("From: Tom Hughes <tom@example.net>\n"
                     "To: bins@caerwen.gov.uk\n"
                     "Subject: Missed bin\n"
                     "Date: Thu, 05 Nov 2026 07:00:00 +0000\n"
                     "Message-ID: <broken@example.net>\n"
                     "Content-Type: multipart/mixed\n"
                     "\n"
                     "My bin was missed again on Tuesday.\n")});
    out.append({QStringLiteral("06-no-sender"),
                crlf("To: help@caerwen.gov.uk\n"
                     "Subject: (no sender)\n"
                     "Message-ID: <nosender@example.net>\n"
                     "\n"
                     "Who am I?\n")});
    out.append({QStringLiteral("07-duplicate-of-01"), QByteArray()}); // filled below
    out.append({QStringLiteral("08-not-a-message"), QByteArray("\x00\x01\x02 binary \xff\xfe garbage", 22)});
    out.append({QStringLiteral("09-raw-8bit-header"),
                crlf("From: Gw\xc3\xabn Owen <gwen@example.org>\n"
                     "To: help@caerwen.gov.uk\n"
                     "Subject: Caf\xe9 licence\n"
                     "Date: Fri, 06 Nov 2026 12:00:00 +0000\n"
                     "Message-ID: <eightbit@example.org>\n"
                     "\n"
                     "A licence for the caf\xc3\xa9 please.\n")});
    QByteArray longLine = crlf("From: Long Line <long@example.org>\n"
                               "Subject: A very long line\n"
                               "Date: Sat, 07 Nov 2026 12:00:00 +0000\n"
                               "Message-ID: <long@example.org>\n"
                               "\n");
    longLine += QByteArray(200'000, 'x') + "\r\n";
    out.append({QStringLiteral("10-huge-line"), longLine});
    out.append({QStringLiteral("11-out-of-office-in-thread"),
                crlf("From: Siân Ellis <sian@example.org>\n"
                     "To: council-tax@caerwen.gov.uk\n"
                     "Subject: Allan o'r swyddfa / Out of office\n"
                     "Date: Tue, 03 Nov 2026 09:00:00 +0000\n"
                     "Message-ID: <ooo@example.org>\n"
                     "In-Reply-To: <reply-from-council@caerwen.gov.uk>\n"
                     "Auto-Submitted: auto-replied\n"
                     "\n"
                     "I am away until Monday.\n")});
    out.append({QStringLiteral("12-bounce"),
                crlf("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
                     "To: council-tax@caerwen.gov.uk\n"
                     "Subject: Undelivered Mail Returned to Sender\n"
                     "Date: Tue, 03 Nov 2026 10:00:00 +0000\n"
                     "Message-ID: <bounce@mx.example.net>\n"
                     "Return-Path: <>\n"
                     "MIME-Version: 1.0\n"
                     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n"
                     "\n"
                     "--r\n"
                     "Content-Type: text/plain\n"
                     "\n"
                     "The mail system could not deliver your message.\n"
                     "--r\n"
                     "Content-Type: message/delivery-status\n"
                     "\n"
                     "Final-Recipient: rfc822; nobody@example.net\n"
                     "Action: failed\n"
                     "--r--\n")});
    out.append({QStringLiteral("13-mailing-list"),
                crlf("From: Planning News <news@lists.example.gov.uk>\n"
                     "To: planning-news@lists.example.gov.uk\n"
                     "Subject: Planning bulletin\n"
                     "Date: Tue, 03 Nov 2026 11:00:00 +0000\n"
                     "Message-ID: <bulletin@lists.example.gov.uk>\n"
                     "List-Id: Planning News <planning-news.lists.example.gov.uk>\n"
                     "Precedence: list\n"
                     "\n"
                     "This week's applications.\n")});
    out[6].second = out[0].second;
    return out;
}

qint64 scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &v : values)
        query.addBindValue(v);
    if (!query.exec() || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QString text(Database &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    for (const QVariant &v : values)
        query.addBindValue(v);
    if (!query.exec() || !query.next())
        return QStringLiteral("(no row)");
    return query.value(0).toString();
}

QUuid idOf(const QString &messageId)
{
    static const QUuid ns = QUuid::fromString(u"6f1d8f3e-3c1b-5a4e-9d4a-0c7d2f1e8b01");
    return QUuid::createUuidV5(ns, QStringLiteral("email:") + messageId);
}

QString key(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

class TestServerEmail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parserReadsWhatItCanAndNamesTheRest()
    {
        const auto messages = corpus();
        const ParsedMail welsh = parseMail(messages[0].second);
        QCOMPARE(welsh.from.name, QStringLiteral("Siân Ellis"));
        QCOMPARE(welsh.from.address, QStringLiteral("sian@Example.ORG"));
        QCOMPARE(welsh.subject, QStringLiteral("Treth y Cyngor - gwŵl y banc"));
        QCOMPARE(welsh.messageId, QStringLiteral("first@example.org"));
        QCOMPARE(welsh.date, QDateTime(QDate(2026, 11, 2), QTime(9, 15), Qt::UTC));
        QVERIFY(welsh.text.contains(u"Diolch, Siân"));
        QVERIFY2(welsh.defects.isEmpty(), qPrintable(welsh.defects.join(u", ")));
        QVERIFY(welsh.headers.startsWith(u"From: =?UTF-8?Q?"));

        const ParsedMail latin = parseMail(messages[2].second);
        QCOMPARE(latin.subject, QStringLiteral("Problème de facture"));
        QVERIFY(latin.text.contains(u"J'ai reçu une facture erronée."));

        const ParsedMail html = parseMail(messages[3].second);
        QCOMPARE(html.text, QStringLiteral("The damp is back & spreading.\nPhoto attached."));
        QCOMPARE(html.attachments.size(), 1);
        QCOMPARE(html.attachments.first().fileName, QStringLiteral("damp.jpg"));
        QCOMPARE(html.attachments.first().mimeType, QStringLiteral("image/jpeg"));
        QVERIFY(html.attachments.first().content.startsWith("\xff\xd8\xff"));

        const ParsedMail broken = parseMail(messages[4].second);
        QVERIFY2(broken.defects.contains(u"multipart_without_boundary"),
                 qPrintable(broken.defects.join(u", ")));

        const ParsedMail nobody = parseMail(messages[5].second);
        QVERIFY(nobody.defects.contains(u"no_from_address"));
        QVERIFY(nobody.defects.contains(u"no_date"));

        QVERIFY(!welsh.automatic);
        QCOMPARE(parseMail(messages[10].second).automatic,
                 std::optional<AutomaticMail>(AutomaticMail::AutoReply));
        QCOMPARE(parseMail(messages[11].second).automatic,
                 std::optional<AutomaticMail>(AutomaticMail::Bounce));
        QCOMPARE(parseMail(messages[12].second).automatic,
                 std::optional<AutomaticMail>(AutomaticMail::MailingList));

        const ParsedMail eightBit = parseMail(messages[8].second);
        QVERIFY2(eightBit.defects.contains(u"unencoded_8bit_header"),
                 qPrintable(eightBit.defects.join(u", ")));
        QCOMPARE(eightBit.from.address, QStringLiteral("gwen@example.org"));
    }

    void htmlBecomesReadableText()
    {
        QCOMPARE(
            textFromHtml(QStringLiteral("<p>One<br>Two &lt;3&gt; &#x2713; &#8364;5</p><script>x()</script>")),
            QStringLiteral("One\nTwo <3> ✓ €5"));
    }

    void aMaildirIsFiledOnceWithNothingDropped_data() { TestDatabase::addBackendRows(); }

    void aMaildirIsFiledOnceWithNothingDropped()
    {
        THREADLINE_OPEN_TEST_DATABASE(testDb, db);
        Database &database = **db;
        SyncStore store(database);
        MailIntake intake(database, store);

        QTemporaryDir dir;
        const QDir maildir(dir.path());
        for (const char *sub : {"new", "cur", "tmp"})
            QVERIFY(maildir.mkdir(QLatin1String(sub)));
        const auto messages = corpus();
        for (const auto &[name, bytes] : messages) {
            QFile file(maildir.filePath(QStringLiteral("new/") + name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(bytes), bytes.size());
        }

        MaildirSource source(dir.path(), intake, std::chrono::seconds(3600));
        QSignalSpy filed(&source, &MaildirSource::filed);
        QVERIFY(source.start());
        QCOMPARE(filed.size(), 1);
        QCOMPARE(filed.first().first().toInt(), messages.size() - 1); // one duplicate

        // Every message left new/ for cur/, marked seen; none was deleted.
        QCOMPARE(QDir(maildir.filePath(QStringLiteral("new"))).entryList(QDir::Files).size(), 0);
        const QStringList seen = QDir(maildir.filePath(QStringLiteral("cur"))).entryList(QDir::Files);
        QCOMPARE(seen.size(), messages.size());
        for (const QString &name : seen)
            QVERIFY(name.endsWith(u":2,S"));

        // Filed once each, in the feed, raw bytes kept.
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM interactions")), messages.size() - 1);
        auto head = store.head();
        QVERIFY(head);
        QVERIFY(*head >= messages.size() - 1);
        QCOMPARE(scalar(database,
                        QStringLiteral("SELECT count(*) FROM interactions WHERE email_raw_source IS NULL")),
                 0);

        RecordReader reader(database);
        // A new customer for a new sender, with the address as an identifier (domain lower-cased).
        auto sian = reader.customersWithIdentifier(IdentifierKind::Email, QStringLiteral("sian@example.org"));
        QVERIFY(sian);
        QCOMPARE(sian->size(), 1);
        auto customer = reader.customer(sian->first());
        QVERIFY(customer && customer->has_value());
        QCOMPARE((*customer)->displayName, QStringLiteral("Siân Ellis"));
        // The reply from another address is filed with the message it answers.
        QCOMPARE(text(database, QStringLiteral("SELECT customer_id FROM interactions WHERE id = ?"),
                      {key(idOf(QStringLiteral("second@example.org")))}),
                 key(sian->first()));
        auto work
            = reader.customersWithIdentifier(IdentifierKind::Email, QStringLiteral("s.ellis@work.example"));
        QVERIFY(work && work->isEmpty());

        // Decoded subject and body; raw source byte for byte.
        const QString welsh = key(idOf(QStringLiteral("first@example.org")));
        QCOMPARE(text(database, QStringLiteral("SELECT subject FROM interactions WHERE id = ?"), {welsh}),
                 QStringLiteral("Treth y Cyngor - gwŵl y banc"));
        QSqlQuery raw(database.connection());
        raw.prepare(QStringLiteral("SELECT email_raw_source FROM interactions WHERE id = ?"));
        raw.addBindValue(welsh);
        QVERIFY(raw.exec() && raw.next());
        QCOMPARE(raw.value(0).toByteArray(), messages[0].second);
        QCOMPARE(
            text(database, QStringLiteral("SELECT email_defects FROM interactions WHERE id = ?"), {welsh}),
            QStringLiteral("[]"));

        // Broken input is filed with its defects.
        QVERIFY(text(database, QStringLiteral("SELECT email_defects FROM interactions WHERE id = ?"),
                     {key(idOf(QStringLiteral("broken@example.net")))})
                    .contains(u"multipart_without_boundary"));
        QVERIFY(text(database, QStringLiteral("SELECT email_defects FROM interactions WHERE id = ?"),
                     {key(idOf(QStringLiteral("nosender@example.net")))})
                    .contains(u"no_from_address"));
        // No sender, and not a message at all: filed under the one "unknown sender" record.
        QCOMPARE(scalar(database,
                        QStringLiteral(
                            "SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id"
                            " WHERE c.display_name = 'Unknown sender'")),
                 2);
        // Automatic mail is marked; from a known sender it joins their record, otherwise it goes
        // to the one "Automatic email" record and makes no customer of its own.
        const QString ooo = key(idOf(QStringLiteral("ooo@example.org")));
        QCOMPARE(
            text(database, QStringLiteral("SELECT email_automatic FROM interactions WHERE id = ?"), {ooo}),
            QStringLiteral("auto_reply"));
        QCOMPARE(text(database, QStringLiteral("SELECT customer_id FROM interactions WHERE id = ?"), {ooo}),
                 key(sian->first()));
        QCOMPARE(text(database, QStringLiteral("SELECT email_automatic FROM interactions WHERE id = ?"),
                      {key(idOf(QStringLiteral("bounce@mx.example.net")))}),
                 QStringLiteral("bounce"));
        QCOMPARE(scalar(database,
                        QStringLiteral(
                            "SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id"
                            " WHERE c.display_name = 'Automatic email'")),
                 2);
        QCOMPARE(scalar(database,
                        QStringLiteral("SELECT count(*) FROM identifiers WHERE value LIKE '%example.gov.uk'"
                                       " OR lower(value) LIKE 'mailer-daemon%'")),
                 0);
        QCOMPARE(scalar(database,
                        QStringLiteral("SELECT count(*) FROM interactions WHERE email_automatic IS NULL")),
                 messages.size() - 1 - 3);

        // The HTML part is kept as it came; the body holds the text made from it.
        QVERIFY(text(database, QStringLiteral("SELECT email_html FROM interactions WHERE id = ?"),
                     {key(idOf(QStringLiteral("html@example.co.uk")))})
                    .contains(QStringLiteral("<p>The damp is back &amp; spreading.</p>")));
        QCOMPARE(text(database, QStringLiteral("SELECT body FROM interactions WHERE id = ?"),
                      {key(idOf(QStringLiteral("html@example.co.uk")))}),
                 QStringLiteral("The damp is back & spreading.\nPhoto attached."));

        // The attachment is described (name, type, size, hash); its bytes stay in the raw source.
        QCOMPARE(text(database, QStringLiteral("SELECT file_name FROM attachments WHERE interaction_id = ?"),
                      {key(idOf(QStringLiteral("html@example.co.uk")))}),
                 QStringLiteral("damp.jpg"));

        // Each attachment's bytes are stored once, by content, and are what its hash says.
        {
            QSqlQuery files(database.connection());
            QVERIFY(files.exec(QStringLiteral("SELECT sha256, size FROM attachments")));
            int checked = 0;
            while (files.next()) {
                const QByteArray sha = files.value(0).toByteArray();
                QSqlQuery blob(database.connection());
                blob.prepare(QStringLiteral("SELECT size, data FROM attachment_blobs WHERE sha256 = ?"));
                blob.addBindValue(QString::fromLatin1(sha.toHex()));
                QVERIFY(blob.exec() && blob.next());
                QCOMPARE(blob.value(0).toLongLong(), files.value(1).toLongLong());
                QCOMPARE(QCryptographicHash::hash(blob.value(1).toByteArray(), QCryptographicHash::Sha256),
                         sha);
                ++checked;
            }
            QVERIFY(checked >= 1);
        }
        const qint64 blobs = scalar(database, QStringLiteral("SELECT count(*) FROM attachment_blobs"));
        // The same photo in another message is not stored again.
        QByteArray samePhoto = messages[3].second;
        samePhoto.replace("html@example.co.uk", "html-again@example.co.uk");
        QVERIFY(intake.ingest(samePhoto));
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM attachment_blobs")), blobs);

        // Every stored record decodes as a client would decode it.
        auto page = store.changesAfter(0, 100, 10'000'000, QUuid());
        QVERIFY(page);
        for (const Protocol::ChangeItem &item : std::as_const(page->items)) {
            auto record = Protocol::decodeRecord(item.entity, item.data);
            QVERIFY2(record, record ? "" : qPrintable(record.error().message));
        }

        // A second pass over the same folder, and the same message offered again, change nothing.
        QCOMPARE(source.pass().filed, 0);
        auto again = intake.ingest(messages[0].second);
        QVERIFY(again);
        QVERIFY(again->alreadyStored);
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM interactions")), messages.size());
    }

    /// A backlog is worked through a few hundred messages per event-loop turn, so the server
    /// keeps answering its clients meanwhile; all of it is filed in the end.
    void aBacklogIsFiledOverSeveralTurns()
    {
        QTemporaryDir dir;
        QTemporaryDir dbDir;
        auto db = Database::open(dbDir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY(db);
        SyncStore store(**db);
        MailIntake intake(**db, store);
        const QDir maildir(dir.path());
        for (const char *sub : {"new", "cur", "tmp"})
            QVERIFY(maildir.mkdir(QLatin1String(sub)));
        constexpr int count = 45;
        for (int n = 0; n < count; ++n) {
            QFile file(maildir.filePath(QStringLiteral("new/%1.backlog").arg(n, 4, 10, QLatin1Char('0'))));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral(
                           "From: Sender %1 <sender%1@example.org>\r\nSubject: Backlog %1\r\n"
                           "Message-ID: <backlog-%1@example.org>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n"
                           "\r\nBody %1\r\n")
                           .arg(n)
                           .toUtf8());
        }
        MaildirSource source(dir.path(), intake, std::chrono::seconds(3600));
        source.setMessagesPerTurn(20);
        QSignalSpy filed(&source, &MaildirSource::filed);
        QVERIFY(source.start()); // the first turn
        QCOMPARE(filed.size(), 1);
        QCOMPARE(filed.first().first().toInt(), 20);
        QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM interactions")), qint64(20));
        // The rest comes on later turns of the event loop.
        QTRY_COMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM interactions")), qint64(count));
        QCOMPARE(filed.size(), 3);
        QCOMPARE(QDir(maildir.filePath(QStringLiteral("new"))).entryList(QDir::Files).size(), 0);
        QCOMPARE(source.pass().filed, 0);
    }

    /// The same messy mail through a real IMAP server (Dovecot, started here on loopback): every
    /// message is filed once, byte for byte as the mailbox holds it, with its defects recorded;
    /// a second reader of the same mailbox, as after a restart, files nothing again.
    void anImapMailboxOfMessyMailIsFiledOnce_data() { TestDatabase::addBackendRows(); }
    void anImapMailboxOfMessyMailIsFiledOnce()
    {
        THREADLINE_OPEN_TEST_DATABASE(testDb, db);
        Database &database = **db;
        SyncStore store(database);
        MailIntake intake(database, store);

        QTemporaryDir dir;
        const QString dovecot = dir.filePath(QStringLiteral("dovecot"));
        Threadline::Testing::ImapServer imap(dovecot);
        QVERIFY(imap.start());
        QVERIFY(imap.deliver(crlf("From: Postmaster <postmaster@caerwen.gov.uk>\nSubject: Mailbox ready\n"
                                  "Message-ID: <ready@caerwen.gov.uk>\n\nReady.\n")));
        // The corpus goes into the mailbox as an MTA leaves it: files in new/, the mail user's.
        const auto messages = corpus();
        const QString fresh = QDir(dovecot).filePath(QStringLiteral("home/council/Maildir/new"));
        QFileInfo owner(fresh);
        for (int n = 0; n < messages.size(); ++n) {
            const QString path = QDir(fresh).filePath(QStringLiteral("1700000%1.M%1P1.corpus").arg(n));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(messages[n].second), messages[n].second.size());
            file.close();
            QCOMPARE(::chown(QFile::encodeName(path).constData(), owner.ownerId(), owner.groupId()), 0);
        }

        ImapSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = imap.port();
        settings.security = MailSecurity::None;
        settings.user = QString::fromLatin1(Threadline::Testing::ImapServer::user);
        settings.password = QString::fromLatin1(Threadline::Testing::ImapServer::password);
        settings.poll = std::chrono::seconds(600);
        const qint64 expected = messages.size() - 1 + 1; // one duplicate; the "ready" message
        {
            ImapSource source(settings, intake, database);
            QVERIFY(source.start());
            QTRY_COMPARE_WITH_TIMEOUT(scalar(database, QStringLiteral("SELECT count(*) FROM interactions")),
                                      expected, 60'000);
        }
        // Byte for byte, with the parser's defects. (Dovecot serves the binary one as it can: an
        // IMAP literal carries no NUL, so it is checked by its defect instead.)
        for (const auto &[name, bytes] : messages) {
            if (name.startsWith(u"08-"))
                continue;
            QCOMPARE(scalar(database,
                            QStringLiteral("SELECT count(*) FROM interactions WHERE email_raw_source = ?"),
                            {bytes}),
                     qint64(1));
            const QStringList stored
                = Fields::fromJsonArray(
                      text(
                          database,
                          QStringLiteral("SELECT email_defects FROM interactions WHERE email_raw_source = ?"),
                          {bytes}))
                      .value_or(QStringList {QStringLiteral("unreadable")});
            for (const QString &defect : parseMail(bytes).defects) // the intake may add its own
                QVERIFY2(stored.contains(defect), qPrintable(name + u": " + defect));
        }
        QCOMPARE(scalar(database,
                        QStringLiteral(
                            "SELECT count(*) FROM interactions WHERE email_defects LIKE '%not_a_message%'")),
                 qint64(1));

        // Another reader from where this one stopped (a restart) files nothing again.
        ImapSource again(settings, intake, database);
        QVERIFY(again.start());
        QTest::qWait(1500);
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM interactions")), expected);
        QCOMPARE(scalar(database, QStringLiteral("SELECT last_uid FROM mail_sources")), expected + 1);
    }

    void aFolderThatIsNotAMaildirIsRefused()
    {
        QTemporaryDir dir;
        QTemporaryDir dbDir;
        auto db = Database::open(dbDir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY(db);
        SyncStore store(**db);
        MailIntake intake(**db, store);
        MaildirSource source(dir.path(), intake, std::chrono::seconds(60));
        const Status started = source.start();
        QVERIFY(!started);
        QCOMPARE(started.error().code, QStringLiteral("maildir_missing"));
    }
};

QTEST_GUILESS_MAIN(TestServerEmail)
#include "tst_server_email.moc"
