/* msg.h: the engine's side of the message sink (runj.h): what it says
 * besides errors goes here and nowhere else. */
#ifndef RJ_MSG_H
#define RJ_MSG_H

#include <stdbool.h>

#include "runj.h"

void msg_emit(enum rj_msg_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Whether a message at level would reach a sink (skip costly work). */
bool msg_wanted(enum rj_msg_level level);

#define msg_warn(...)  msg_emit(RJ_MSG_WARNING, __VA_ARGS__)
#define msg_info(...)  msg_emit(RJ_MSG_INFO, __VA_ARGS__)
#define msg_debug(...) msg_emit(RJ_MSG_DEBUG, __VA_ARGS__)

#endif
