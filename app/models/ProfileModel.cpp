// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfileModel.h"

#include "CaseRepository.h"
#include "ChangeSet.h"
#include "CustomerRepository.h"
#include "InteractionRepository.h"
#include "QueryThread.h"

#include <QTimer>

#include <algorithm>

namespace Threadline::Models {

namespace {

bool isOpen(const Case &c)
{
    return c.status == CaseStatus::Open || c.status == CaseStatus::Pending;
}

Result<std::optional<CustomerProfile>> readProfile(Store::SqliteDatabase &db, const QUuid &id)
{
    auto customer = Store::CustomerRepository(db).find(id);
    if (!customer)
        return customer.error();
    if (!customer->has_value())
        return std::optional<CustomerProfile>();
    CustomerProfile p;
    p.customer = **customer;
    auto identifiers = Store::CustomerRepository(db).identifiers(id);
    if (!identifiers)
        return identifiers.error();
    p.identifiers = *identifiers;
    std::stable_sort(p.identifiers.begin(), p.identifiers.end(),
                     [](const Identifier &a, const Identifier &b) {
                         return a.kind != b.kind ? a.kind < b.kind : a.verified > b.verified;
                     });
    auto cases = Store::CaseRepository(db).forCustomer(id);
    if (!cases)
        return cases.error();
    p.cases = *cases;
    std::stable_sort(p.cases.begin(), p.cases.end(), [](const Case &a, const Case &b) {
        if (isOpen(a) != isOpen(b))
            return isOpen(a);
        if (isOpen(a)) {
            if (a.dueAt.isValid() != b.dueAt.isValid())
                return a.dueAt.isValid();
            return a.dueAt < b.dueAt;
        }
        return a.updatedAt > b.updatedAt;
    });
    Store::InteractionRepository interactions(db);
    auto mix = interactions.channelCounts(
        id, QDateTime::currentDateTimeUtc().addDays(-ProfileModel::channelMixDays));
    if (!mix)
        return mix.error();
    p.channelMix = *mix;
    auto count = interactions.countForCustomer(id);
    if (!count)
        return count.error();
    p.contactCount = *count;
    return std::optional<CustomerProfile>(std::move(p));
}

} // namespace

struct ProfileModel::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }
    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    QUuid customer;
    CustomerProfile profile;
    quint64 generation = 0;
    QTimer reloadDelay;
};

ProfileModel::ProfileModel(QueryThread &queries, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(queries))
{
    d->reloadDelay.setSingleShot(true);
    d->reloadDelay.setInterval(250);
    connect(&d->reloadDelay, &QTimer::timeout, this, &ProfileModel::load);
}

ProfileModel::~ProfileModel() = default;

void ProfileModel::open(const QUuid &customerId)
{
    d->customer = customerId;
    d->profile = {};
    load();
}

void ProfileModel::clear()
{
    ++d->generation;
    d->customer = QUuid();
    d->profile = {};
    Q_EMIT profileChanged();
}

QUuid ProfileModel::customerId() const
{
    return d->customer;
}

const CustomerProfile &ProfileModel::profile() const
{
    return d->profile;
}

void ProfileModel::applyChanges(const Store::ChangeSet &changes)
{
    if (!d->customer.isNull() && changes.customers.contains(d->customer) && !d->reloadDelay.isActive())
        d->reloadDelay.start();
}

void ProfileModel::load()
{
    const quint64 generation = ++d->generation;
    if (d->customer.isNull())
        return;
    d->queries.run(
        d->alive, [id = d->customer](Store::SqliteDatabase &db) { return readProfile(db, id); },
        [this, generation](Result<std::optional<CustomerProfile>> read) {
            if (generation != d->generation)
                return;
            if (!read) {
                Q_EMIT loadFailed(read.error().code);
            } else if (!read->has_value()) {
                d->profile = {};
                Q_EMIT customerMissing(d->customer);
            } else {
                d->profile = std::move(**read);
                Q_EMIT profileChanged();
            }
        });
}

} // namespace Threadline::Models
