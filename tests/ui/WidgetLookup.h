// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

namespace Fixtures {

/// The child widget of @p parent with this accessible name: how a screen reader finds it, and
/// how the UI tests do.
template<typename W>
W *named(QWidget *parent, const QString &accessibleName)
{
    const QList<W *> all = parent->findChildren<W *>();
    for (W *w : all) {
        if (w->accessibleName() == accessibleName)
            return w;
    }
    return nullptr;
}

} // namespace Fixtures
