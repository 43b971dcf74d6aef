// SPDX-License-Identifier: GPL-2.0
/*
 * The definitions of nova_vmm's tracepoints (declared in trace.h).
 */
#define CREATE_TRACE_POINTS
#include "io/trace.h"
