/*
 * entries.h: a stream of filesystem entries from a source (a directory
 * walked in sorted order, or anything libarchive reads) into a sink (a
 * directory on disk, or a tar layer).  Names reach the sink cleaned by
 * safepath_clean(); nothing is held in memory beyond one block.
 */
#ifndef RJD_ENTRIES_H
#define RJD_ENTRIES_H

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdint.h>

#include "budget.h"
#include "progress.h"
#include "runj.h"

struct entry_sink {
	/* 0: send the data, 1: skip this entry's data, -1: fail. */
	int (
	    *header)(void *ctx, struct archive_entry *e, struct rj_error **err);
	int (*data)(void *ctx, const void *buf, size_t len, int64_t offset,
	    struct rj_error **err);
	int (*end)(void *ctx, struct rj_error **err);
};

/* input: a directory or an archive file (a regular file only); progress
 * counts input bytes; the budget (NULL: none) counts what is read. */
int
entries_from_path(const char *input, const struct entry_sink *sink, void *ctx,
    struct progress *pr, struct budget *budget, struct rj_error **err);
int entries_from_dir(const char *dir, const struct entry_sink *sink, void *ctx,
    struct progress *pr, struct budget *budget, struct rj_error **err);
/* a is open for reading; what names it in errors.  A libarchive warning
 * is an error too: it means an entry is not what the archive says. */
int entries_from_archive(struct archive *a, const char *what,
    const struct entry_sink *sink, void *ctx, struct progress *pr,
    struct budget *budget, struct rj_error **err);
/* Reads (and counts) the rest of the current entry's data, unused. */
int entries_skip_data(struct archive *a, const char *what, const char *name,
    struct progress *pr, struct budget *budget, struct rj_error **err);
/* The error of a (a failed or warning libarchive call): "what: message". */
int entries_archive_error(struct archive *a, const char *what,
    struct rj_error **err);
/* Archive work runs with a UTF-8 LC_CTYPE in the calling thread: in the
 * C locale libarchive warns on every non-ASCII name of a pax archive, and
 * its warnings are errors here.  Leave restores what enter found. */
locale_t utf8_locale_enter(void);
void utf8_locale_leave(locale_t *saved);
#define _cleanup_utf8_ __attribute__((cleanup(utf8_locale_leave), unused))

/* A reader for any format and filter libarchive knows. */
struct archive *entries_reader_new(void);

/* The disk sink: creates entries under root (an existing directory),
 * resolving every name with safepath_resolve().  With whiteouts, OCI
 * whiteout files (.wh.NAME, .wh..wh..opq) remove what lower layers made. */
struct disk_sink;
struct disk_sink *disk_sink_new(const char *root, bool whiteouts);
/* Finishes (directory times and modes); then frees. */
int disk_sink_close(struct disk_sink *d, struct rj_error **err);
void disk_sink_free(struct disk_sink *d);
/* Starts a new layer: whiteouts act on what earlier layers made only. */
void disk_sink_next_layer(struct disk_sink *d);
extern const struct entry_sink disk_sink_ops;

#endif
