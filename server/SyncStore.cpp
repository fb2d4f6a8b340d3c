// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncStore.h"

#include "Database.h"
#include "Logging.h"
#include "Patch.h"
#include "PreparedQueries.h"
#include "RecordCodec.h"
#include "RecordReader.h"
#include "RecordWriter.h"
#include "Validation.h"

#include <QScopeGuard>

namespace Threadline::Server {

namespace {

using Answer = std::variant<Protocol::Ack, Protocol::Reject>;

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

Answer reject(const QString &rejectCode, const QString &message)
{
    return Protocol::Reject {QUuid(), rejectCode, message};
}

Answer notFound(const QString &what, const QUuid &id)
{
    return reject(toString(Protocol::ErrorCode::NotFound),
                  QStringLiteral("There is no %1 %2.").arg(what, idText(id)));
}

Answer invalid(const QString &what, const Problems &problems)
{
    return reject(toString(Protocol::ErrorCode::InvalidField),
                  what % QStringLiteral(": ") % describe(problems));
}

/// The id the feed files a record under: its own, or its customer's for identifier changes.
QUuid entityIdOf(const Change::Record &record)
{
    return std::visit(
        [](const auto &r) -> QUuid {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Identifier> || std::is_same_v<T, IdentifierRemoval>)
                return r.customerId;
            else
                return r.id;
        },
        record);
}

/// The server stamps an email an agent wrote: what a client says about its delivery, id or
/// source is not trusted. An outgoing one is queued to send (true); an inbound or internal one
/// an agent logs by hand has no delivery.
bool stampOutgoingEmail(Interaction &interaction)
{
    auto *email = std::get_if<EmailDetails>(&interaction.details);
    if (!email)
        return false;
    const bool sending = interaction.direction == Direction::Outbound;
    email->delivery = sending ? std::optional(MailDelivery::Queued) : std::nullopt;
    email->deliveryDetail.clear();
    email->deliveryAttempts = 0;
    email->sentAt = {};
    if (sending) {
        email->messageId.clear(); // the channel makes it when it composes the message
        email->headers.clear();
        email->rawSource.clear();
    }
    return sending;
}

/// An email to send needs somebody to send it to, and addresses a mail server will take.
Problems checkRecipients(const EmailDetails &email)
{
    Problems problems;
    if (email.to.isEmpty())
        problems.append({QStringLiteral("details.to"), QStringLiteral("is required for an email to send")});
    const auto check = [&problems](const QStringList &list, const QString &key) {
        for (qsizetype n = 0; n < list.size(); ++n) {
            if (!IdentifierRules::isEmailAddress(list[n]))
                problems.append(
                    {QStringLiteral("%1[%2]").arg(key).arg(n), QStringLiteral("is not an email address")});
        }
    };
    check(email.to, QStringLiteral("details.to"));
    check(email.cc, QStringLiteral("details.cc"));
    return problems;
}

} // namespace

struct SyncStore::Private
{
    explicit Private(Database &database)
        : db(database)
        , queries(database)
        , reader(database)
    { }

    Database &db;
    PreparedQueries queries;
    RecordReader reader;
    std::unique_ptr<RecordWriter> recordWriter;
    quint64 writerGeneration = 0;
    qint64 head = 0; ///< inside a feed transaction: the last seq taken
    qint64 appended = 0; ///< entries appended in the current transaction
    qint64 lastAppended = 0;
    QDateTime now;

    Result<RecordWriter *> writer();
    Status begin();
    Status commit();
    /// Runs @p write, then @p also (if any), in one feed transaction; commits when both succeed,
    /// rolls back otherwise, and records how many entries were appended.
    Status feedTransaction(const std::function<Status()> &write, const std::function<Status()> &also);
    Result<qint64> readHead();
    Result<qint64> append(const Change::Record &record, const QUuid &author, const QUuid &audience);
    Result<bool> store(const Change::Record &record, const QUuid &author);

    Result<Answer> apply(const Protocol::Mutate &mutation, const Agent &author);
    Result<Answer> run(const Protocol::CreateCustomer &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::UpdateCustomer &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::CreateCase &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::UpdateCase &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::CreateInteraction &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::AddIdentifier &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::RemoveIdentifier &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::SaveDraft &op, const Protocol::Mutate &m, const Agent &author);
    Result<Answer> run(const Protocol::DiscardDraft &op, const Protocol::Mutate &m, const Agent &author);
    template<typename T>
    Result<Answer> update(const T &current, const FieldVersions &fieldVersions,
                          const Protocol::RecordUpdate &update, const QString &entity,
                          const Protocol::Mutate &m, const Agent &author);
    Result<std::optional<Answer>> checkReferences(const QUuid &customerId, const QUuid &caseId,
                                                  const QUuid &agentId);
    Result<std::optional<Protocol::Ack>> replayed(const Protocol::Mutate &mutation, const Agent &author,
                                                  std::optional<Answer> *refusal);
    Status record(const Protocol::Mutate &mutation, const Agent &author, const Protocol::Ack &ack);
};

Result<RecordWriter *> SyncStore::Private::writer()
{
    if (!recordWriter || writerGeneration != db.connectionGeneration()) {
        recordWriter = std::make_unique<RecordWriter>(db);
        writerGeneration = db.connectionGeneration();
        if (Status prepared = recordWriter->prepare(); !prepared) {
            recordWriter.reset();
            return prepared.error();
        }
    }
    return recordWriter.get();
}

Result<qint64> SyncStore::Private::readHead()
{
    auto query = queries.get(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM changes"));
    if (!query)
        return query.error();
    if (Status ran = queries.exec(**query, QStringLiteral("reading the feed's head")); !ran)
        return ran.error();
    const qint64 value = (*query)->next() ? (*query)->value(0).toLongLong() : 0;
    (*query)->finish();
    return value;
}

Status SyncStore::Private::begin()
{
    // After a reconnection, statements of the old connection go before the transaction starts.
    if (Status connected = db.ensureConnected(); !connected)
        return connected;
    queries.dropIfStale();
    reader.dropStaleQueries();
    if (recordWriter && writerGeneration != db.connectionGeneration())
        recordWriter.reset();
    if (Status begun = db.beginFeedTransaction(); !begun)
        return begun;
    auto current = readHead();
    if (!current) {
        db.rollback();
        return current.error();
    }
    head = *current;
    appended = 0;
    now = QDateTime::currentDateTimeUtc();
    return Status::success();
}

Status SyncStore::Private::feedTransaction(const std::function<Status()> &write,
                                           const std::function<Status()> &also)
{
    if (Status begun = begin(); !begun)
        return begun;
    auto rollback = qScopeGuard([this] { db.rollback(); });
    if (Status written = write(); !written)
        return written;
    if (also) {
        if (Status done = also(); !done)
            return done;
    }
    rollback.dismiss();
    if (Status committed = commit(); !committed)
        return committed;
    lastAppended = appended;
    return Status::success();
}

Status SyncStore::Private::commit()
{
    if (appended > 0) {
        if (Status notified = db.notifyFeedChanged(head); !notified) {
            db.rollback();
            return notified;
        }
    }
    return db.commit();
}

Result<qint64> SyncStore::Private::append(const Change::Record &record, const QUuid &author,
                                          const QUuid &audience)
{
    auto query = queries.get(QStringLiteral("INSERT INTO changes (seq, entity, entity_id, data, author_id, "
                                            "audience_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!query)
        return query.error();
    const qint64 seq = head + 1;
    QSqlQuery &insert = **query;
    insert.bindValue(0, seq);
    insert.bindValue(1, Protocol::entityName(record));
    insert.bindValue(2, idText(entityIdOf(record)));
    insert.bindValue(3, Protocol::encodeRecord(record));
    insert.bindValue(4, Columns::uuidOrNull(author));
    insert.bindValue(5, Columns::uuidOrNull(audience));
    insert.bindValue(6, now.toMSecsSinceEpoch());
    if (Status ran = queries.exec(insert, QStringLiteral("appending change %1 to the feed").arg(seq)); !ran)
        return ran.error();
    insert.finish();
    head = seq;
    ++appended;
    return seq;
}

Result<bool> SyncStore::Private::store(const Change::Record &record, const QUuid &author)
{
    auto w = writer();
    if (!w)
        return w.error();
    RecordWriter &out = **w;
    auto written = std::visit(
        [&out](const auto &r) -> Result<bool> {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, IdentifierRemoval>)
                return out.remove(r);
            else
                return out.write(r);
        },
        record);
    if (!written || !*written)
        return written;
    const Conflict *conflict = std::get_if<Conflict>(&record);
    auto seq = append(record, author, conflict ? conflict->agentId : QUuid());
    if (!seq)
        return seq.error();
    return true;
}

Result<std::optional<Protocol::Ack>> SyncStore::Private::replayed(const Protocol::Mutate &mutation,
                                                                  const Agent &author,
                                                                  std::optional<Answer> *refusal)
{
    auto query
        = queries.get(QStringLiteral("SELECT agent_id, ack FROM applied_mutations WHERE mutation_id = ?"));
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    row.bindValue(0, idText(mutation.mutationId));
    if (Status ran
        = queries.exec(row, QStringLiteral("looking up mutation %1").arg(idText(mutation.mutationId)));
        !ran) {
        return ran.error();
    }
    if (!row.next()) {
        row.finish();
        return std::optional<Protocol::Ack>();
    }
    const QUuid agentId = Columns::toUuid(row.value(0));
    const QByteArray bytes = row.value(1).toByteArray();
    row.finish();
    if (agentId != author.id) {
        *refusal = reject(toString(Protocol::ErrorCode::InvalidMutation),
                          QStringLiteral("The mutation id %1 was already used by another agent.")
                              .arg(idText(mutation.mutationId)));
        return std::optional<Protocol::Ack>();
    }
    auto frame = Protocol::Frame::decode(bytes);
    auto ack = frame ? Protocol::Ack::fromFrame(*frame) : Result<Protocol::Ack>(frame.error());
    if (!ack) {
        return Error {QStringLiteral("database_error"),
                      QStringLiteral("%1: the stored answer to mutation %2 is unreadable (%3)")
                          .arg(db.path(), idText(mutation.mutationId), ack.error().message)};
    }
    ack->replayed = true;
    return std::optional<Protocol::Ack>(*ack);
}

Status SyncStore::Private::record(const Protocol::Mutate &mutation, const Agent &author,
                                  const Protocol::Ack &ack)
{
    auto query
        = queries.get(QStringLiteral("INSERT INTO applied_mutations (mutation_id, agent_id, operation, seq, "
                                     "ack, at) VALUES (?, ?, ?, ?, ?, ?)"));
    if (!query)
        return query.error();
    QSqlQuery &insert = **query;
    insert.bindValue(0, idText(mutation.mutationId));
    insert.bindValue(1, idText(author.id));
    insert.bindValue(2, mutation.operationName());
    insert.bindValue(3, ack.seq);
    insert.bindValue(4, ack.toFrame().encode());
    insert.bindValue(5, now.toMSecsSinceEpoch());
    if (Status ran
        = queries.exec(insert, QStringLiteral("recording mutation %1").arg(idText(mutation.mutationId)));
        !ran) {
        return ran;
    }
    insert.finish();
    return Status::success();
}

Result<std::optional<Answer>> SyncStore::Private::checkReferences(const QUuid &customerId,
                                                                  const QUuid &caseId, const QUuid &agentId)
{
    const std::tuple<QString, QString, QUuid> references[] = {
        {QStringLiteral("customers"), QStringLiteral("customer"), customerId},
        {QStringLiteral("cases"), QStringLiteral("case"), caseId},
        {QStringLiteral("agents"), QStringLiteral("agent"), agentId},
    };
    for (const auto &[table, what, id] : references) {
        if (id.isNull())
            continue;
        auto found = reader.exists(table, id);
        if (!found)
            return found.error();
        if (!*found)
            return std::optional<Answer>(notFound(what, id));
    }
    return std::optional<Answer>();
}

Result<Answer> SyncStore::Private::run(const Protocol::CreateCustomer &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    Customer customer = op.record;
    if (Problems problems = validate(customer); !problems.isEmpty())
        return invalid(QStringLiteral("customer ") % idText(customer.id), problems);
    auto existing = reader.customer(customer.id);
    if (!existing)
        return existing.error();
    if (*existing) {
        // The same creation again (e.g. sent anew under another mutation id) changes nothing.
        customer.version = (*existing)->version;
        customer.updatedAt = (*existing)->updatedAt;
        if (customer == **existing)
            return Answer(Protocol::Ack {});
        return reject(
            toString(Protocol::ErrorCode::InvalidMutation),
            QStringLiteral("A different customer with the id %1 exists already.").arg(idText(customer.id)));
    }
    customer.version = 1;
    if (!customer.updatedAt.isValid())
        customer.updatedAt = now;
    auto stored = store(customer, author.id);
    if (!stored)
        return stored.error();
    return Answer(Protocol::Ack {QUuid(), head, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::CreateCase &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    Case theCase = op.record;
    if (Problems problems = validate(theCase); !problems.isEmpty())
        return invalid(QStringLiteral("case ") % idText(theCase.id), problems);
    auto existing = reader.theCase(theCase.id);
    if (!existing)
        return existing.error();
    if (*existing) {
        theCase.version = (*existing)->version;
        theCase.updatedAt = (*existing)->updatedAt;
        if (!theCase.createdAt.isValid())
            theCase.createdAt = (*existing)->createdAt;
        if (theCase == **existing)
            return Answer(Protocol::Ack {});
        return reject(
            toString(Protocol::ErrorCode::InvalidMutation),
            QStringLiteral("A different case with the id %1 exists already.").arg(idText(theCase.id)));
    }
    auto references = checkReferences(theCase.customerId, QUuid(), theCase.assigneeId);
    if (!references)
        return references.error();
    if (*references)
        return **references;
    theCase.version = 1;
    if (!theCase.createdAt.isValid())
        theCase.createdAt = now;
    if (!theCase.updatedAt.isValid())
        theCase.updatedAt = now;
    auto stored = store(theCase, author.id);
    if (!stored)
        return stored.error();
    return Answer(Protocol::Ack {QUuid(), head, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::CreateInteraction &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    Interaction interaction = op.record;
    const bool sending = stampOutgoingEmail(interaction);
    Problems problems = validate(interaction, now);
    if (sending)
        problems.append(checkRecipients(std::get<EmailDetails>(interaction.details)));
    if (!problems.isEmpty())
        return invalid(QStringLiteral("interaction ") % idText(interaction.id), problems);
    // Interactions are append-only and identified by their id: the same id again is the same
    // interaction, already stored.
    auto existing = reader.exists(QStringLiteral("interactions"), interaction.id);
    if (!existing)
        return existing.error();
    if (*existing)
        return Answer(Protocol::Ack {});
    auto references = checkReferences(interaction.customerId, interaction.caseId, interaction.agentId);
    if (!references)
        return references.error();
    if (*references)
        return **references;
    auto stored = store(interaction, author.id);
    if (!stored)
        return stored.error();
    if (*stored && sending) {
        // Queued in the same transaction: the email channel sends it (MailOutbox).
        auto query = queries.get(QStringLiteral(
            "INSERT INTO mail_outbox (interaction_id, attempts, next_attempt_at) VALUES (?, 0, ?)"));
        if (!query)
            return query.error();
        (*query)->addBindValue(Columns::uuid(interaction.id));
        (*query)->addBindValue(now.toMSecsSinceEpoch());
        if (Status ran = queries.exec(**query, QStringLiteral("queueing an email to send")); !ran)
            return ran.error();
        (*query)->finish();
    }
    return Answer(Protocol::Ack {QUuid(), *stored ? head : 0, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::AddIdentifier &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    const Identifier &identifier = op.record;
    if (Problems problems = validate(identifier); !problems.isEmpty())
        return invalid(QStringLiteral("identifier"), problems);
    auto references = checkReferences(identifier.customerId, QUuid(), QUuid());
    if (!references)
        return references.error();
    if (*references)
        return **references;
    auto existing = reader.identifier(identifier.customerId, identifier.kind, identifier.value);
    if (!existing)
        return existing.error();
    if (*existing && **existing == identifier)
        return Answer(Protocol::Ack {});
    if (*existing) {
        // Known already: only verified and source can differ.
        auto w = writer();
        if (!w)
            return w.error();
        if (Status updated = (*w)->update(identifier); !updated)
            return updated.error();
        auto seq = append(identifier, author.id, QUuid());
        if (!seq)
            return seq.error();
    } else {
        auto stored = store(identifier, author.id);
        if (!stored)
            return stored.error();
    }
    return Answer(Protocol::Ack {QUuid(), head, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::RemoveIdentifier &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    auto references = checkReferences(op.removal.customerId, QUuid(), QUuid());
    if (!references)
        return references.error();
    if (*references)
        return **references;
    // Removing what is not there (any more) is not an error: two agents may remove the same.
    auto removed = store(op.removal, author.id);
    if (!removed)
        return removed.error();
    return Answer(Protocol::Ack {QUuid(), *removed ? head : 0, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::SaveDraft &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    Draft draft = op.record;
    if (Problems problems = validate(draft); !problems.isEmpty())
        return invalid(QStringLiteral("draft ") % idText(draft.id), problems);
    if (draft.discarded)
        return reject(toString(Protocol::ErrorCode::InvalidMutation),
                      QStringLiteral("Saving a draft cannot discard it; use draft.discard."));
    auto existing = reader.draft(draft.id);
    if (!existing)
        return existing.error();
    if (*existing && (*existing)->discarded)
        return reject(toString(Protocol::ErrorCode::DraftGone),
                      QStringLiteral("This draft was sent or discarded %1; your text is kept in your "
                                     "refused changes.")
                          .arg((*existing)->updatedAt.toString(Qt::ISODate)));
    if (*existing && (*existing)->customerId != draft.customerId)
        return reject(toString(Protocol::ErrorCode::InvalidMutation),
                      QStringLiteral("The draft %1 belongs to another customer.").arg(idText(draft.id)));
    auto references = checkReferences(draft.customerId, draft.caseId, QUuid());
    if (!references)
        return references.error();
    if (*references)
        return **references;
    draft.authorId = author.id;
    draft.updatedAt = now;
    draft.version = *existing ? (*existing)->version + 1 : 1;
    auto stored = store(draft, author.id);
    if (!stored)
        return stored.error();
    return Answer(Protocol::Ack {QUuid(), head, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::DiscardDraft &op, const Protocol::Mutate &,
                                       const Agent &author)
{
    auto existing = reader.draft(op.draftId);
    if (!existing)
        return existing.error();
    // Discarding what was never saved or is gone already is not an error: a draft may be sent
    // before its first save reached the server, and two agents may discard the same draft.
    if (!*existing || (*existing)->discarded)
        return Answer(Protocol::Ack {});
    Draft tombstone = **existing;
    tombstone.subject.clear();
    tombstone.body.clear();
    tombstone.to.clear();
    tombstone.cc.clear();
    tombstone.authorId = author.id;
    tombstone.updatedAt = now;
    tombstone.version += 1;
    tombstone.discarded = true;
    auto stored = store(tombstone, author.id);
    if (!stored)
        return stored.error();
    return Answer(Protocol::Ack {QUuid(), head, false, {}});
}

Result<Answer> SyncStore::Private::run(const Protocol::UpdateCustomer &op, const Protocol::Mutate &m,
                                       const Agent &author)
{
    FieldVersions versions;
    auto current = reader.customer(op.update.id, &versions);
    if (!current)
        return current.error();
    if (!*current)
        return notFound(QStringLiteral("customer"), op.update.id);
    return update(**current, versions, op.update, QStringLiteral("customer"), m, author);
}

Result<Answer> SyncStore::Private::run(const Protocol::UpdateCase &op, const Protocol::Mutate &m,
                                       const Agent &author)
{
    FieldVersions versions;
    auto current = reader.theCase(op.update.id, &versions);
    if (!current)
        return current.error();
    if (!*current)
        return notFound(QStringLiteral("case"), op.update.id);
    return update(**current, versions, op.update, QStringLiteral("case"), m, author);
}

/// Field-level merge: a field changed after the edit's base version keeps its value when the
/// edit wants another one (the edit loses: a Conflict); every other field takes the edit.
template<typename T>
Result<Answer> SyncStore::Private::update(const T &current, const FieldVersions &fieldVersions,
                                          const Protocol::RecordUpdate &update, const QString &entity,
                                          const Protocol::Mutate &m, const Agent &author)
{
    if (update.baseVersion > current.version) {
        return reject(toString(Protocol::ErrorCode::InvalidMutation),
                      QStringLiteral("The edit of %1 %2 is based on version %3, but the newest is %4.")
                          .arg(entity, idText(update.id))
                          .arg(update.baseVersion)
                          .arg(current.version));
    }
    // The whole patch must be valid, whichever of its fields win.
    auto wanted = Protocol::applyPatch(current, update.fields);
    if (!wanted)
        return reject(wanted.error().code, wanted.error().message);

    QCborMap winning;
    QList<Conflict> conflicts;
    for (auto it = update.fields.constBegin(); it != update.fields.constEnd(); ++it) {
        const QString field = it.key().toString();
        const QCborValue attempted = Protocol::fieldValue(*wanted, field);
        const QCborValue kept = Protocol::fieldValue(current, field);
        if (attempted == kept)
            continue;
        if (fieldVersions.value(field, 0) > update.baseVersion) {
            Conflict conflict;
            conflict.id = QUuid::createUuid();
            conflict.mutationId = m.mutationId;
            conflict.agentId = author.id;
            conflict.entity = entity;
            conflict.entityId = update.id;
            conflict.field = field;
            conflict.attemptedValue = attempted;
            conflict.keptValue = kept;
            conflict.baseVersion = update.baseVersion;
            conflicts.append(conflict);
        } else {
            winning.insert(it.key(), it.value());
        }
    }

    qint64 recordSeq = 0;
    qint64 version = current.version;
    if (!winning.isEmpty()) {
        auto patched = Protocol::applyPatch(current, winning);
        if (!patched)
            return reject(patched.error().code, patched.error().message);
        if constexpr (std::is_same_v<T, Case>) {
            if (patched->assigneeId != current.assigneeId) {
                auto references = checkReferences(QUuid(), QUuid(), patched->assigneeId);
                if (!references)
                    return references.error();
                if (*references)
                    return **references;
            }
        }
        version = current.version + 1;
        patched->version = version;
        patched->updatedAt = now;
        FieldVersions versions = fieldVersions;
        for (auto it = winning.constBegin(); it != winning.constEnd(); ++it)
            versions.insert(it.key().toString(), version);
        auto w = writer();
        if (!w)
            return w.error();
        if (Status updated = (*w)->update(*patched, versions); !updated)
            return updated.error();
        auto seq = append(*patched, author.id, QUuid());
        if (!seq)
            return seq.error();
        recordSeq = *seq;
    }
    for (Conflict &conflict : conflicts) {
        conflict.keptVersion = version;
        conflict.at = now;
        auto stored = store(conflict, author.id);
        if (!stored)
            return stored.error();
    }
    const qint64 ackSeq = recordSeq != 0 ? recordSeq : (conflicts.isEmpty() ? 0 : head);
    return Answer(Protocol::Ack {QUuid(), ackSeq, false, conflicts});
}

Result<Answer> SyncStore::Private::apply(const Protocol::Mutate &mutation, const Agent &author)
{
    std::optional<Answer> refusal;
    auto replay = replayed(mutation, author, &refusal);
    if (!replay)
        return replay.error();
    if (refusal)
        return *refusal;
    if (*replay)
        return Answer(**replay);
    return std::visit([&](const auto &op) { return run(op, mutation, author); }, mutation.operation);
}

SyncStore::SyncStore(Database &database)
    : d(std::make_unique<Private>(database))
{ }

SyncStore::~SyncStore() = default;

Result<qint64> SyncStore::head()
{
    return d->readHead();
}

Result<Protocol::Changes> SyncStore::changesAfter(qint64 cursor, int limit, qint64 maxBytes,
                                                  const QUuid &agentId)
{
    if (cursor < 0) {
        return Error {toString(Protocol::ErrorCode::InvalidField),
                      QStringLiteral("The cursor %1 is negative; the feed starts at 0.").arg(cursor)};
    }
    // The head first: on PostgreSQL entries commit in seq order, so everything up to a visible
    // head is visible too, and the page can safely claim to cover up to it.
    auto head = d->readHead();
    if (!head)
        return head.error();
    if (cursor > *head) {
        return Error {
            toString(Protocol::ErrorCode::CursorAhead),
            QStringLiteral("The cursor %1 is ahead of the feed, which ends at %2.").arg(cursor).arg(*head)};
    }
    limit = std::clamp(limit, 1, Protocol::Limits::maxPageItems);
    maxBytes = std::max<qint64>(maxBytes, 1);

    Protocol::Changes page;
    page.from = cursor;
    page.to = *head;
    page.head = *head;
    if (cursor == *head)
        return page;

    auto query
        = d->queries.get(QStringLiteral("SELECT seq, entity, data FROM changes WHERE seq > ? AND seq <= ? "
                                        "AND (audience_id IS NULL OR audience_id = ?) ORDER BY seq LIMIT ?"));
    if (!query)
        return query.error();
    QSqlQuery &rows = **query;
    rows.bindValue(0, cursor);
    rows.bindValue(1, *head);
    rows.bindValue(2, idText(agentId));
    rows.bindValue(3, limit);
    if (Status ran = d->queries.exec(rows, QStringLiteral("reading the feed after %1").arg(cursor)); !ran)
        return ran.error();
    const auto finish = qScopeGuard([&rows] { rows.finish(); });
    qint64 bytes = 0;
    bool full = false;
    while (rows.next()) {
        Protocol::ChangeItem item {rows.value(0).toLongLong(), rows.value(1).toString(),
                                   rows.value(2).toByteArray()};
        const qint64 size = item.data.size() + item.entity.size() + 16;
        if (!page.items.isEmpty() && bytes + size > maxBytes) {
            full = true;
            break;
        }
        bytes += size;
        page.items.append(std::move(item));
    }
    if (rows.lastError().isValid())
        return d->db.sqlError(QStringLiteral("reading the feed after %1").arg(cursor), rows.lastError());
    if (full || page.items.size() == limit)
        page.to = page.items.constLast().seq;
    page.more = page.to < *head;
    return page;
}

Result<SyncStore::Outcome> SyncStore::apply(const Protocol::Mutate &mutation, const Agent &author)
{
    if (author.id.isNull() || mutation.mutationId.isNull()) {
        return Error {toString(Protocol::ErrorCode::Internal),
                      QStringLiteral("A mutation needs an id and an authenticated author.")};
    }
    if (Status begun = d->begin(); !begun)
        return begun.error();
    auto rollback = qScopeGuard([this] { d->db.rollback(); });
    auto answer = d->apply(mutation, author);
    if (!answer)
        return answer.error();
    if (auto *rejected = std::get_if<Protocol::Reject>(&*answer)) {
        rejected->mutationId = mutation.mutationId;
        return Outcome {*answer, false}; // rolled back: a rejected mutation leaves no trace
    }
    auto &ack = std::get<Protocol::Ack>(*answer);
    ack.mutationId = mutation.mutationId;
    if (ack.replayed)
        return Outcome {*answer, false};
    if (Status recorded = d->record(mutation, author, ack); !recorded)
        return recorded.error();
    rollback.dismiss();
    if (Status committed = d->commit(); !committed)
        return committed.error();
    if (d->appended > 0) {
        qCDebug(lcServerDb).noquote()
            << QStringLiteral("mutation %1 (%2) by %3: feed now at %4")
                   .arg(idText(mutation.mutationId), mutation.operationName(), author.username)
                   .arg(d->head);
    }
    return Outcome {*answer, d->appended > 0};
}

Status SyncStore::appendRecords(const QList<Change::Record> &records, const QUuid &author)
{
    return appendRecords(records, author, {});
}

Status SyncStore::appendRecords(const QList<Change::Record> &records, const QUuid &author,
                                const std::function<Status()> &alsoInTransaction)
{
    return d->feedTransaction(
        [&]() -> Status {
            for (const Change::Record &record : records) {
                auto stored = d->store(record, author);
                if (!stored)
                    return stored.error();
            }
            return Status::success();
        },
        alsoInTransaction);
}

Status SyncStore::restamp(const Interaction &interaction, const std::function<Status()> &alsoInTransaction)
{
    return d->feedTransaction(
        [&]() -> Status {
            auto w = d->writer();
            if (!w)
                return w.error();
            if (Status updated = (*w)->updateStamped(interaction); !updated)
                return updated;
            auto seq = d->append(interaction, QUuid(), QUuid());
            return seq ? Status::success() : Status(seq.error());
        },
        alsoInTransaction);
}

Result<std::optional<SyncStore::AttachmentBytes>> SyncStore::attachmentPart(const QByteArray &sha256,
                                                                            qint64 offset, qint64 maxBytes)
{
    if (Status connected = d->db.ensureConnected(); !connected)
        return connected.error();
    // substr() counts bytes of a BLOB from 1, in SQLite and PostgreSQL alike.
    auto query = d->queries.get(
        QStringLiteral("SELECT size, substr(data, ?, ?) FROM attachment_blobs WHERE sha256 = ?"));
    if (!query)
        return query.error();
    (*query)->addBindValue(offset + 1);
    (*query)->addBindValue(maxBytes);
    (*query)->addBindValue(QString::fromLatin1(sha256.toHex()));
    if (Status ran = d->queries.exec(**query, QStringLiteral("reading an attachment")); !ran)
        return ran.error();
    if (!(*query)->next()) {
        (*query)->finish();
        return std::optional<AttachmentBytes>();
    }
    AttachmentBytes part;
    part.total = (*query)->value(0).toLongLong();
    part.data = (*query)->value(1).toByteArray();
    (*query)->finish();
    return std::optional<AttachmentBytes>(std::move(part));
}

qint64 SyncStore::lastAppendedCount() const
{
    return d->lastAppended;
}

} // namespace Threadline::Server
