# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target with warnings and Qt strictness defines, linked by every target.
add_library(threadline_build_flags INTERFACE)
target_compile_options(threadline_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wimplicit-fallthrough -Wformat=2 -Wmissing-declarations
    $<$<BOOL:${THREADLINE_WERROR}>:-Werror>)
target_compile_definitions(threadline_build_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS)
if(THREADLINE_SANITIZE)
    target_compile_options(threadline_build_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(threadline_build_flags INTERFACE -fsanitize=address,undefined)
endif()
