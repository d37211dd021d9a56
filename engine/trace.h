/*
 * trace.h: with --debug, how long each phase of a command took, in one
 * line of --log: "create: parse 0.21 ms, state 0.05 ms, clone 0.30 ms,
 * init: mounts 0.90 ms, ...; total 3.10 ms".  A mark is the end of a
 * phase; without a debug sink a mark costs one comparison.
 */
#ifndef RJ_TRACE_H
#define RJ_TRACE_H

/* Starts a command's trace (or, in a forked init, the init's own). */
void trace_begin(void);
void trace_mark(const char *phase);
/* The marks so far as "name=ms,..." for the parent (the init's READY);
 * NULL without tracing.  Caller frees. */
char *trace_take(void);
/* Adds what trace_take gave in another process, as "from: name ms". */
void trace_merge(const char *from, const char *marks);
/* Emits the line for command. */
void trace_end(const char *command);

#endif
