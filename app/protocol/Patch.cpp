// SPDX-License-Identifier: GPL-3.0-or-later
#include "Patch.h"

#include "Frame.h"
#include "RecordCodec.h"
#include "RecordFields.h"

namespace Threadline::Protocol {

namespace {

// A patch is applied on the record's wire form: the record is encoded, the patched fields are
// replaced (null clears one), and the map is decoded again. The decoder checks every value's
// type and then validates the whole record, so a patch can never produce a record that the
// codec would refuse, and the rules live in one place.

Status checkFieldNames(const QCborMap &fields, const QStringList &known, const QString &context)
{
    FieldReader reader(fields, context);
    if (fields.isEmpty())
        reader.fail(u"fields", QStringLiteral("are empty; a patch changes at least one field"));
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const QString name = it.key().isString() ? it.key().toString() : QString();
        if (!known.contains(name)) {
            const QString shown = it.key().isString() ? name.left(64) : QStringLiteral("(not text)");
            reader.fail(
                shown,
                QStringLiteral("is not a field that can be changed (known: %1)").arg(known.join(u", ")));
        }
    }
    if (!reader.ok())
        return reader.error();
    return {};
}

QCborMap patched(QCborMap map, const QCborMap &fields)
{
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it.value().isNull() || it.value().isUndefined())
            map.remove(it.key());
        else
            map.insert(it.key(), it.value());
    }
    return map;
}

template<typename T>
QCborValue valueOf(const T &record, const QString &field, const QStringList &known)
{
    if (!known.contains(field))
        return QCborValue(QCborValue::Invalid);
    const QCborValue v = encode(record).value(field);
    return v.isUndefined() ? QCborValue(QCborValue::Null) : v;
}

template<typename T>
QCborMap diffOf(const T &before, const T &after, const QStringList &known)
{
    const QCborMap a = encode(before);
    const QCborMap b = encode(after);
    QCborMap out;
    for (const QString &field : known) {
        QCborValue va = a.value(field);
        QCborValue vb = b.value(field);
        if (va.isUndefined())
            va = QCborValue(QCborValue::Null);
        if (vb.isUndefined())
            vb = QCborValue(QCborValue::Null);
        if (va != vb)
            out.insert(field, vb);
    }
    return out;
}

/// The top-level wire keys of a table's patchable fields, in table order ("address" once for
/// the three address fields: an address is replaced whole).
template<typename R>
QStringList patchFields()
{
    QStringList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        const QString key = field.topKey();
        if (field.has(Fields::Patchable) && !out.contains(key))
            out.append(key);
    }
    return out;
}

} // namespace

QStringList customerPatchFields()
{
    static const QStringList fields = patchFields<Customer>();
    return fields;
}

QStringList casePatchFields()
{
    static const QStringList fields = patchFields<Case>();
    return fields;
}

Result<Customer> applyPatch(Customer record, const QCborMap &fields)
{
    if (Status s = checkFieldNames(fields, customerPatchFields(), QStringLiteral("customer patch")); !s)
        return s.error();
    return decodeCustomer(patched(encode(record), fields));
}

Result<Case> applyPatch(Case record, const QCborMap &fields)
{
    if (Status s = checkFieldNames(fields, casePatchFields(), QStringLiteral("case patch")); !s)
        return s.error();
    return decodeCase(patched(encode(record), fields));
}

QCborValue fieldValue(const Customer &record, const QString &field)
{
    return valueOf(record, field, customerPatchFields());
}

QCborValue fieldValue(const Case &record, const QString &field)
{
    return valueOf(record, field, casePatchFields());
}

QCborMap diff(const Customer &before, const Customer &after)
{
    return diffOf(before, after, customerPatchFields());
}

QCborMap diff(const Case &before, const Case &after)
{
    return diffOf(before, after, casePatchFields());
}

} // namespace Threadline::Protocol
