// SPDX-License-Identifier: GPL-3.0-or-later
// Repositories against a real cache file: idempotent upserts, every channel's details round
// trip, keyset paging, search, outbox and cursor.

#include "Cache.h"
#include "CacheFixtures.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "Outbox.h"
#include "SearchRepository.h"
#include "SyncState.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

class TestRepositories : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
    SqliteDatabase m_reader;

    /// Runs @p job on the writer and waits: tests see exactly what the product does.
    Status write(CacheWriter::Job job)
    {
        auto future = m_cache->writer().submit(std::move(job));
        future.waitForFinished();
        return future.result();
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = Fixtures::openTestCache(m_dir, m_cache, m_reader);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void cleanup()
    {
        m_reader.close();
        m_cache.reset();
    }

    void customerUpsertIsIdempotentAndNeverGoesBack()
    {
        Customer c
            = customer(QStringLiteral("Siân Llewellyn"), QStringLiteral("SA1 1AA"), QStringLiteral("cy"));
        c.communicationNeeds = CommunicationNeed::LargePrint | CommunicationNeed::Bsl;
        c.vulnerabilities = Vulnerability::Bereavement;
        c.dateOfBirth = QDate(1961, 3, 1);
        c.preferredChannel = Channel::Letter;
        for (int n = 0; n < 2; ++n)
            QVERIFY(write([&](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); }));
        CustomerRepository repo(m_reader);
        QCOMPARE(*repo.count(), 1);
        auto found = repo.find(c.id);
        QVERIFY(found && found->has_value());
        QCOMPARE(**found, c);

        Customer newer = c;
        newer.version = 5;
        newer.displayName = QStringLiteral("Siân Llewellyn-Rhys");
        Customer older = c;
        older.version = 3;
        older.displayName = QStringLiteral("stale");
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return CustomerRepository(ctx.db).upsert({newer, older});
        }));
        QCOMPARE(repo.find(c.id)->value().displayName, newer.displayName);
    }

    void invalidRecordsAreRefusedWithReasons()
    {
        Customer bad = customer(QString());
        bad.address.postcode = QStringLiteral("not a postcode");
        Status s = write([&](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({bad}); });
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("invalid_customer"));
        QVERIFY(s.error().message.contains(QStringLiteral("displayName")));
        QVERIFY(s.error().message.contains(QStringLiteral("postcode")));

        Customer c = customer(QStringLiteral("Dafydd ap Gruffudd"));
        Identifier phone {c.id, IdentifierKind::Phone, QStringLiteral("07700 900123"), false,
                          QStringLiteral("call")};
        s = write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return CustomerRepository(ctx.db).upsertIdentifiers({phone});
        });
        QVERIFY(!s);
        QVERIFY(s.error().message.contains(QStringLiteral("E.164")));
        // The failing job was rolled back as a whole: the customer is not there either.
        QCOMPARE(*CustomerRepository(m_reader).count(), 0);
    }

    void everyChannelRoundTrips()
    {
        Customer c = customer(QStringLiteral("Gwenllian Morgan"));
        const QDateTime t = at(2026, 3, 2, 9, 15);
        QList<Interaction> items;
        items.append(call(c.id, t, QStringLiteral("+447700900123"), QStringLiteral("Asked about arrears")));
        items.append(email(c.id, t.addSecs(60), QStringLiteral("Treth y cyngor"), QStringLiteral("Bore da"),
                           QStringLiteral("gwen@example.org")));
        std::get<EmailDetails>(items.last().details).defects = {QStringLiteral("missing boundary")};
        std::get<EmailDetails>(items.last().details).html = QStringLiteral("<p>Bore <b>da</b></p>");
        items.last().attachments
            = {{QStringLiteral("bill.pdf"), QStringLiteral("application/pdf"), 1234, QByteArray(32, '\x07')}};
        Interaction chat = note(c.id, t.addSecs(120), QStringLiteral("Web chat"));
        chat.direction = Direction::Inbound;
        chat.details = ChatDetails {
            QStringLiteral("s-1"),
            {{t.addSecs(120), ChatRole::Citizen, QStringLiteral("Gwen"), QStringLiteral("Helo")},
             {t.addSecs(130), ChatRole::Agent, QStringLiteral("Rhys"), QStringLiteral("Shwmae")}}};
        items.append(chat);
        Interaction letter = note(c.id, t.addSecs(180), QStringLiteral("Letter"), QStringLiteral("Dear Sir"));
        letter.direction = Direction::Inbound;
        letter.details = LetterDetails {QStringLiteral("1 Heol y Frenhines\nCaerdydd\nCF10 1AA"),
                                        QStringLiteral("scan-9"), QStringLiteral("Dear Sir, OCR"), QString()};
        items.append(letter);
        Interaction pinned
            = note(c.id, t.addSecs(240), QStringLiteral("Note"), QStringLiteral("Prefers mornings"));
        pinned.details = NoteDetails {true};
        items.append(pinned);

        qint64 inserted = -1;
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert(items, &ctx.changes, &inserted);
        }));
        QCOMPARE(inserted, 5);
        // The same batch again changes nothing: interactions are idempotent by id.
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return InteractionRepository(ctx.db).upsert(items, nullptr, &inserted);
        }));
        QCOMPARE(inserted, 0);

        InteractionRepository repo(m_reader);
        QCOMPARE(*repo.count(), 5);
        for (const Interaction &expected : std::as_const(items)) {
            auto found = repo.find(expected.id);
            QVERIFY(found && found->has_value());
            QCOMPARE(toString(found->value().channel()), toString(expected.channel()));
            QCOMPARE(**found, expected);
        }
    }

    /// Interactions are append-only, except what the server stamps on an email sent from here:
    /// a newer copy updates its delivery, id and source, and nothing else.
    void aSentEmailsServerStampedFieldsAreUpdated()
    {
        Customer c = customer(QStringLiteral("Aled Rhys"));
        Interaction reply = email(c.id, at(2026, 3, 4, 10), QStringLiteral("Re: Parcio"),
                                  QStringLiteral("Diolch"), QString());
        reply.direction = Direction::Outbound;
        auto &details = std::get<EmailDetails>(reply.details);
        details.to = {QStringLiteral("aled@example.org")};
        details.headers.clear();
        details.rawSource.clear();
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert({reply}, &ctx.changes);
        }));

        Interaction sent = reply;
        auto &stamped = std::get<EmailDetails>(sent.details);
        stamped.delivery = MailDelivery::Sent;
        stamped.deliveryAttempts = 2;
        stamped.deliveryDetail = QStringLiteral("250 2.0.0 Ok: queued as 7");
        stamped.sentAt = at(2026, 3, 4, 10, 1);
        stamped.messageId = QStringLiteral("abc@caerwen.gov.uk");
        stamped.headers = QStringLiteral("Subject: Re: Parcio");
        stamped.rawSource = QByteArray("Subject: Re: Parcio\r\n\r\nDiolch\r\n");
        Interaction tampered = sent;
        tampered.body = QStringLiteral("not what the agent wrote");
        ChangeSet changes;
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            Status r = InteractionRepository(ctx.db).upsert({tampered}, &ctx.changes);
            changes = ctx.changes;
            return r;
        }));
        QVERIFY(changes.customers.contains(c.id)); // the timeline refreshes
        auto found = InteractionRepository(m_reader).find(reply.id);
        QVERIFY(found && found->has_value());
        QCOMPARE(**found, sent); // stamped fields new, the body as written

        // The same copy again changes nothing.
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            Status r = InteractionRepository(ctx.db).upsert({sent}, &ctx.changes);
            changes = ctx.changes;
            return r;
        }));
        QVERIFY(changes.customers.isEmpty());
    }

    void timelinePagesHaveNoGapsOrRepeatsAcrossTies_data()
    {
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("tieEvery"); // every N-th row shares its timestamp with the previous one
        QTest::newRow("exact pages") << 100 << 10 << 0;
        QTest::newRow("ragged last page") << 101 << 10 << 0;
        QTest::newRow("many ties") << 97 << 7 << 2;
        QTest::newRow("all tied") << 40 << 6 << 1;
        QTest::newRow("single row") << 1 << 5 << 0;
    }

    void timelinePagesHaveNoGapsOrRepeatsAcrossTies()
    {
        QFETCH(int, total);
        QFETCH(int, pageSize);
        QFETCH(int, tieEvery);
        Customer c = customer(QStringLiteral("Rhys Jenkins"));
        Customer other = customer(QStringLiteral("Other Person"));
        QList<Interaction> items;
        QDateTime t = at(2025, 1, 6);
        for (int n = 0; n < total; ++n) {
            if (tieEvery == 0 || n % tieEvery != 0)
                t = t.addSecs(3600);
            items.append(note(c.id, t, QStringLiteral("Note %1").arg(n)));
            items.append(
                note(other.id, t, QStringLiteral("Other %1").arg(n))); // interleaved, must not appear
        }
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c, other}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert(items);
        }));

        // The expected order: newest first by (time, id bytes).
        QList<Interaction> mine;
        std::copy_if(items.cbegin(), items.cend(), std::back_inserter(mine),
                     [&](const Interaction &i) { return i.customerId == c.id; });
        std::sort(mine.begin(), mine.end(), [](const Interaction &a, const Interaction &b) {
            if (a.occurredAt != b.occurredAt)
                return a.occurredAt > b.occurredAt;
            return a.id.toRfc4122() > b.id.toRfc4122();
        });

        InteractionRepository repo(m_reader);
        // Walk older from the top.
        QList<QUuid> seen;
        std::optional<TimelineKey> from;
        for (;;) {
            auto page = repo.page(c.id, from, InteractionRepository::PageDirection::Older, pageSize);
            QVERIFY(page);
            QVERIFY(page->size() <= pageSize);
            if (page->isEmpty())
                break;
            for (const TimelineEntry &e : std::as_const(*page))
                seen.append(e.id);
            from = page->last().key();
        }
        QCOMPARE(seen.size(), mine.size());
        for (int n = 0; n < mine.size(); ++n)
            QCOMPARE(seen[n], mine[n].id);

        // Walk newer from the bottom: the same rows, pages still newest first.
        QList<QUuid> upward;
        from = TimelineKey {mine.last().occurredAt.toMSecsSinceEpoch(), mine.last().id};
        upward.prepend(mine.last().id);
        for (;;) {
            auto page = repo.page(c.id, from, InteractionRepository::PageDirection::Newer, pageSize);
            QVERIFY(page);
            if (page->isEmpty())
                break;
            for (int n = int(page->size()) - 1; n >= 0; --n)
                upward.prepend(page->at(n).id);
            from = page->first().key();
        }
        QCOMPARE(upward, seen);
    }

    void searchFindsWelshWithAndWithoutDiacritics_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expectedSubject");
        QTest::newRow("plain form of ŵ") << QStringLiteral("dwr") << QStringLiteral("Dŵr yn gollwng");
        QTest::newRow("with diacritic") << QStringLiteral("Dŵr") << QStringLiteral("Dŵr yn gollwng");
        QTest::newRow("ŷ folded") << QStringLiteral("ty bach") << QStringLiteral("Tŷ bach wedi torri");
        QTest::newRow("â in query, plain in text")
            << QStringLiteral("gwâith") << QStringLiteral("Gwaith atgyweirio");
        QTest::newRow("prefix while typing")
            << QStringLiteral("atgyw") << QStringLiteral("Gwaith atgyweirio");
        QTest::newRow("case folded") << QStringLiteral("COUNCIL tax")
                                     << QStringLiteral("Council tax arrears");
        QTest::newRow("participant email")
            << QStringLiteral("jane.doe@example.org") << QStringLiteral("Council tax arrears");
        QTest::newRow("phone as typed") << QStringLiteral("07700 900 123") << QStringLiteral("Phone call");
        QTest::newRow("operators are literal") << QStringLiteral("arrears AND OR NOT") << QString();
        QTest::newRow("quotes are literal")
            << QStringLiteral("\"council") << QStringLiteral("Council tax arrears");
    }

    void searchFindsWelshWithAndWithoutDiacritics()
    {
        QFETCH(QString, query);
        QFETCH(QString, expectedSubject);
        Customer c = customer(QStringLiteral("Siôn Prys"));
        const QDateTime t = at(2026, 2, 2);
        QList<Interaction> items = {
            note(c.id, t, QStringLiteral("Dŵr yn gollwng"), QStringLiteral("Mae dŵr yn dod drwy'r nenfwd")),
            note(c.id, t.addSecs(1), QStringLiteral("Tŷ bach wedi torri"), QStringLiteral("Angen plymwr")),
            note(c.id, t.addSecs(2), QStringLiteral("Gwaith atgyweirio"), QStringLiteral("Trefnwyd")),
            email(c.id, t.addSecs(3), QStringLiteral("Council tax arrears"),
                  QStringLiteral("I cannot pay this month"), QStringLiteral("jane.doe@example.org")),
            call(c.id, t.addSecs(4), QStringLiteral("+447700900123"), QStringLiteral("Wants a callback")),
        };
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert(items);
        }));
        auto hits = SearchRepository(m_reader).interactions(query);
        QVERIFY2(hits, qPrintable(hits.ok() ? QString() : hits.error().message));
        if (expectedSubject.isEmpty()) {
            QVERIFY(hits->isEmpty());
            return;
        }
        QVERIFY(!hits->isEmpty());
        QCOMPARE(hits->first().subject, expectedSubject);
        QCOMPARE(hits->first().customerName, c.displayName);
        // Snippets carry the matched words as ranges into plain text.
        const Snippet &snippet = hits->first().snippet;
        QVERIFY(!snippet.highlights.isEmpty());
        for (const auto &[start, end] : snippet.highlights) {
            QVERIFY(start >= 0 && start < end && end <= snippet.text.size());
        }
        QVERIFY(!snippet.text.contains(QChar(0x02)));
    }

    void searchRanksAndSnippetsHighlightTheMatch()
    {
        Customer c = customer(QStringLiteral("Amira Khan"));
        const QDateTime t = at(2026, 2, 2);
        QList<Interaction> items = {
            note(c.id, t, QStringLiteral("Bins"),
                 QStringLiteral("The green bin collection did not happen on Tuesday")),
            note(c.id, t.addSecs(1), QStringLiteral("Missed bin collection"),
                 QStringLiteral("Second missed bin collection this month; bin left out since Monday")),
        };
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert(items);
        }));
        auto hits = SearchRepository(m_reader).interactions(QStringLiteral("bin collection"));
        QVERIFY(hits);
        QCOMPARE(hits->size(), 2);
        QCOMPARE(hits->first().interactionId, items[1].id); // subject match and more occurrences rank first
        QVERIFY(hits->first().score <= hits->last().score);
        const Snippet &s = hits->first().snippet;
        QVERIFY(!s.highlights.isEmpty());
        const QString marked = s.text.mid(s.highlights.first().first,
                                          s.highlights.first().second - s.highlights.first().first);
        QVERIFY2(marked.compare(QLatin1String("bin"), Qt::CaseInsensitive) == 0
                     || marked.compare(QLatin1String("collection"), Qt::CaseInsensitive) == 0,
                 qPrintable(marked));
    }

    void broadSearchesRankTheNewestMatches()
    {
        Customer c = customer(QStringLiteral("Window Test"));
        // Older notes mention "arrears" many times (they would win on bm25), newer ones once.
        QList<Interaction> items;
        for (int n = 0; n < 6; ++n) {
            const bool old = n < 3;
            items.append(
                note(c.id, at(2026, 3, 1).addDays(n), QStringLiteral("Note %1").arg(n),
                     old ? QStringLiteral("arrears arrears arrears arrears") : QStringLiteral("arrears")));
        }
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            return InteractionRepository(ctx.db).upsert(items);
        }));
        SearchRepository search(m_reader);
        auto all = search.interactions(QStringLiteral("arrears"), 2);
        QVERIFY(all);
        QCOMPARE(all->size(), 2);
        QVERIFY(all->at(0).subject.startsWith(QStringLiteral("Note "))); // bm25 over every match...
        QVERIFY(all->at(0).subject.mid(5).toInt() < 3); // ...prefers the older, denser notes
        auto windowed = search.interactions(QStringLiteral("arrears"), 2, 3);
        QVERIFY(windowed);
        QCOMPARE(windowed->size(), 2);
        for (const InteractionHit &hit : std::as_const(*windowed))
            QVERIFY2(hit.subject.mid(5).toInt() >= 3, qPrintable(hit.subject)); // only the 3 newest ranked
    }

    void customerSearchCoversIdentifiersAndStaysInStep()
    {
        Customer c = customer(QStringLiteral("Bethan Ŵyn"), QStringLiteral("LL57 2DG"));
        Identifier mail {c.id, IdentifierKind::Email, QStringLiteral("bethan@example.org"), true,
                         QStringLiteral("email")};
        Identifier phone {c.id, IdentifierKind::Phone, QStringLiteral("+447700900456"), false,
                          QStringLiteral("call")};
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            CustomerRepository repo(ctx.db);
            if (Status r = repo.upsert({c}); !r)
                return r;
            return repo.upsertIdentifiers({mail, phone});
        }));
        SearchRepository search(m_reader);
        const auto firstId = [&](const QString &q) {
            auto hits = search.customers(q);
            return hits && !hits->isEmpty() ? hits->first().customerId : QUuid();
        };
        QCOMPARE(firstId(QStringLiteral("bethan wyn")), c.id);
        QCOMPARE(firstId(QStringLiteral("LL57 2DG")), c.id);
        QCOMPARE(firstId(QStringLiteral("bethan@example.org")), c.id);
        QCOMPARE(firstId(QStringLiteral("07700900456")), c.id);
        QCOMPARE(firstId(QStringLiteral("+44 7700 900456")), c.id);

        // Removing an identifier removes it from the index in the same transaction.
        QVERIFY(write(
            [&](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).removeIdentifier(mail); }));
        QCOMPARE(firstId(QStringLiteral("bethan@example.org")), QUuid());
        QCOMPARE(firstId(QStringLiteral("07700900456")), c.id);
        // A renamed customer is found by the new name only.
        c.displayName = QStringLiteral("Bethan Hughes");
        c.version = 2;
        QVERIFY(write([&](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); }));
        QCOMPARE(firstId(QStringLiteral("hughes")), c.id);
        QCOMPARE(firstId(QStringLiteral("wyn")), QUuid());
        auto check = m_cache->checkIntegrity();
        QVERIFY(check);
        QCOMPARE(*check, QStringLiteral("ok"));
    }

    void anUnknownStoredValueIsReportedNotHidden()
    {
        Customer c = customer(QStringLiteral("Newer Writer"));
        const Case k = enquiry(c.id);
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            if (Status r = CaseRepository(ctx.db).upsert({k}); !r)
                return r;
            // As a newer Threadline might: a priority this version has no name for.
            if (Status r = ctx.db.exec("PRAGMA ignore_check_constraints = ON"); !r)
                return r;
            const Status r = ctx.db.exec("UPDATE cases SET priority = 'someday'");
            (void)ctx.db.exec("PRAGMA ignore_check_constraints = OFF");
            return r;
        }));
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("unknown stored value someday in column priority left out")));
        auto found = CaseRepository(m_reader).find(k.id);
        QVERIFY(found && found->has_value());
        QCOMPARE(toString((*found)->priority), QStringLiteral("normal"));
        QCOMPARE((*found)->title, k.title); // the rest of the row still reads
    }

    void unknownFlagsAndBrokenListsAreReportedAndTheRestReads()
    {
        Customer c = customer(QStringLiteral("Later Flags"));
        c.vulnerabilities = Vulnerability::Bereavement;
        c.address.lines = {QStringLiteral("1 High Street")};
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            // A flag a newer Threadline knows, and a list mangled by hand.
            return ctx.db.exec("UPDATE customers SET vulnerabilities = '[\"bereavement\",\"telepathy\"]',"
                               " address_lines = 'not json'");
        }));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("unknown stored value telepathy in column "
                                                               "vulnerabilities left out")));
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("a list in column address_lines is not a JSON array")));
        auto found = CustomerRepository(m_reader).find(c.id);
        QVERIFY(found && found->has_value());
        QCOMPARE((*found)->vulnerabilities, Vulnerabilities(Vulnerability::Bereavement));
        QVERIFY((*found)->address.lines.isEmpty());
        QCOMPARE((*found)->displayName, c.displayName);
    }

    void casesAndAgentsRoundTrip()
    {
        Customer c = customer(QStringLiteral("Owain Price"));
        Agent agent {newId(),
                     QStringLiteral("rhian.t"),
                     QStringLiteral("Rhian Thomas"),
                     QStringLiteral("housing"),
                     {QStringLiteral("en"), QStringLiteral("cy")}};
        Case k;
        k.id = newId();
        k.customerId = c.id;
        k.title = QStringLiteral("Damp and mould in bedroom");
        k.status = CaseStatus::Pending;
        k.priority = CasePriority::High;
        k.queue = QStringLiteral("housing-repairs");
        k.assigneeId = agent.id;
        k.dueAt = at(2026, 12, 1);
        k.tags = {QStringLiteral("damp"), QStringLiteral("vulnerable")};
        k.version = 3;
        k.createdAt = at(2026, 11, 1);
        k.updatedAt = at(2026, 11, 2);
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}); !r)
                return r;
            CaseRepository cases(ctx.db);
            if (Status r = cases.upsertAgents({agent}); !r)
                return r;
            return cases.upsert({k});
        }));
        CaseRepository repo(m_reader);
        QCOMPARE(repo.find(k.id)->value(), k);
        QCOMPARE(repo.forCustomer(c.id)->size(), 1);
        QCOMPARE(repo.agents()->value(0), agent);
    }

    void outboxReplaysInOrderAndKeepsRejections()
    {
        QList<OutboxEntry> entries;
        for (int n = 0; n < 5; ++n) {
            OutboxEntry e;
            e.mutationId = newId();
            e.operation = QStringLiteral("add_note");
            e.payload = QByteArray("{\"n\":") + QByteArray::number(n) + '}';
            entries.append(e);
        }
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            Outbox outbox(ctx.db);
            for (const OutboxEntry &e : std::as_const(entries)) {
                if (Status r = outbox.enqueue(e, &ctx.changes); !r)
                    return r;
            }
            return outbox.enqueue(entries[2]); // the same mutation again: ignored
        }));
        Outbox outbox(m_reader);
        auto pending = outbox.peek(10);
        QVERIFY(pending);
        QCOMPARE(pending->size(), 5);
        for (int n = 0; n < 5; ++n) {
            QCOMPARE(pending->at(n).mutationId, entries[n].mutationId);
            QCOMPARE(pending->at(n).payload, entries[n].payload);
        }
        // Ack the first, fail the second once, reject the third.
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            Outbox o(ctx.db);
            auto acked = o.ack(entries[0].mutationId);
            if (!acked)
                return Status(acked.error());
            if (!*acked)
                return Status(Error {QStringLiteral("test"), QStringLiteral("ack removed nothing")});
            if (Status r = o.recordAttempt(entries[1].mutationId, QStringLiteral("timeout")); !r)
                return r;
            return o.reject(entries[2].mutationId, QStringLiteral("case is closed"));
        }));
        pending = outbox.peek(10);
        QCOMPARE(pending->size(), 3);
        QCOMPARE(pending->at(0).mutationId, entries[1].mutationId);
        QCOMPARE(pending->at(0).attempts, 1);
        QCOMPARE(pending->at(0).lastError, QStringLiteral("timeout"));
        QCOMPARE(pending->at(1).mutationId, entries[3].mutationId);
        auto everything = outbox.all();
        QCOMPARE(everything->size(), 4);
        QCOMPARE(everything->at(1).state, OutboxEntry::State::Rejected);
        QCOMPARE(everything->at(1).lastError, QStringLiteral("case is closed"));
        QCOMPARE(*outbox.pendingCount(), 3);
        // A second ack of the same mutation is harmless and says it removed nothing.
        bool again = true;
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            auto r = Outbox(ctx.db).ack(entries[0].mutationId);
            again = r && *r;
            return r ? Status() : Status(r.error());
        }));
        QVERIFY(!again);
    }

    void cursorMovesOnlyForwardAndOnlyInsideTheWrite()
    {
        Customer c = customer(QStringLiteral("Carys Evans"));
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({c}, &ctx.changes); !r)
                return r;
            return SyncState(ctx.db).setCursor(42, &ctx.changes);
        }));
        QCOMPARE(*SyncState(m_reader).cursor(), 42);
        Status back = write([](CacheWriter::Context &ctx) { return SyncState(ctx.db).setCursor(41); });
        QVERIFY(!back);
        QCOMPARE(back.error().code, QStringLiteral("cursor_regression"));
        QCOMPARE(*SyncState(m_reader).cursor(), 42);

        // A job that applies data and moves the cursor, then fails, leaves neither behind.
        Customer d = customer(QStringLiteral("Never Stored"));
        Status failed = write([&](CacheWriter::Context &ctx) {
            if (Status r = CustomerRepository(ctx.db).upsert({d}); !r)
                return r;
            if (Status r = SyncState(ctx.db).setCursor(50); !r)
                return r;
            return Status(Error {QStringLiteral("simulated"), QStringLiteral("page apply failed")});
        });
        QVERIFY(!failed);
        QCOMPARE(*SyncState(m_reader).cursor(), 42);
        QVERIFY(!CustomerRepository(m_reader).find(d.id)->has_value());
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
