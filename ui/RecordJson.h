// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"

#include <QJsonObject>

namespace Threadline::Ui {

/// An interaction's stored record as JSON, for the "view record" pane: every field, stable
/// enum names, ISO 8601 UTC times. The raw email source is summarised (size), not inlined.
QJsonObject recordJson(const Interaction &interaction);

} // namespace Threadline::Ui
