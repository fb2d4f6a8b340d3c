// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace Threadline::Demo {

/// One contact-centre team: its queue name (also Agent::team and Case::queue), how citizens see
/// it in English and Welsh, and its shared mailbox and phone line. Views into static literals.
struct Team
{
    QStringView key; ///< "council-tax"
    QStringView nameEn; ///< "Council Tax"
    QStringView nameCy; ///< "Treth y Cyngor"
    QStringView mailbox; ///< "counciltax@caerwen.gov.uk"
    QStringView lineE164; ///< "+442920180101" (Ofcom drama range)
    QStringView lineDisplay; ///< "029 2018 0101"
    QStringView refPrefix; ///< case reference prefix, "CT"
};

} // namespace Threadline::Demo
