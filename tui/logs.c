/* logs.c: a container's output.  A container made here without a
 * terminal writes through the engine's logger to <state dir>/console.log
 * (rotated to console.log.1 at its cap), one line per record:
 * "<RFC 3339 time> <stdout|stderr> <F|P> <text>" (P: the line goes on in
 * the next record).  One with a terminal: runj-tui keeps what the
 * terminal said.  Both are shown as plain text, time stamps optional. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

#define LOG_SHOWN_MAX (1 << 20) /* what the pager holds of a log */

/* The last max bytes of a file, from a line start; "" when missing. */
static char *
read_tail(const char *path, size_t max)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	char *buf, *start;
	ssize_t r;
	off_t from;

	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		return xstrdup("");
	from = sb.st_size > (off_t)max ? sb.st_size - (off_t)max : 0;
	buf = xmalloc(max + 1);
	r = pread(fd, buf, max, from);
	if (r < 0)
		r = 0;
	buf[r] = '\0';
	start = buf;
	/* A cut first line is dropped. */
	if (from > 0 && (start = strchr(buf, '\n')))
		start++;
	else
		start = buf;
	memmove(buf, start, strlen(start) + 1);
	return buf;
}

/* The log as one text: the older file's end, then the current one. */
static char *
read_log(const char *path, size_t max)
{
	_cleanup_free_ char *old = NULL, *cur = read_tail(path, max);
	size_t n = strlen(cur);

	if (n >= max)
		return steal_ptr(cur);
	_cleanup_free_ char *p1 = xasprintf("%s.1", path);
	old = read_tail(p1, max - n);
	return xasprintf("%s%s", old, cur);
}

/* "2026-11-29T11:23:07.123456789Z stdout F " at the start of line: the
 * time (ns) and the text after it. */
static bool
parse_record(const char *line, int64_t *ns, bool *partial, const char **text)
{
	struct tm tm = { 0 };
	long frac = 0;
	int fl = 0, n = 0;
	const char *p;

	if (sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		&tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n != 19)
		return false;
	p = line + n;
	if (*p == '.') {
		const char *d = ++p;
		frac = strtol(d, (char **)&p, 10);
		fl = (int)(p - d);
	}
	if (*p++ != 'Z' || *p++ != ' ')
		return false;
	if (has_prefix(p, "stdout "))
		p += 7;
	else if (has_prefix(p, "stderr "))
		p += 7;
	else
		return false;
	if ((*p != 'F' && *p != 'P') || (p[1] != ' ' && p[1] != '\0'))
		return false;
	*partial = *p == 'P';
	*text = p[1] ? p + 2 : p + 1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	while (fl < 9) {
		frac *= 10;
		fl++;
	}
	*ns = (int64_t)timegm(&tm) * 1000000000 + frac;
	return true;
}

/* Terminal output as text: escape sequences and carriage returns go. */
static void
strip_escapes(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (*r == '\033') {
			r++;
			if (*r == '[') {
				for (r++; *r && !(*r >= 0x40 && *r <= 0x7e);
				     r++)
					;
				if (*r)
					r++;
			} else if (*r == ']') {
				/* OSC: up to BEL or ESC \ */
				for (r++; *r && *r != '\a' &&
				     !(r[0] == '\033' && r[1] == '\\');
				     r++)
					;
				r += *r == '\a' ? 1 : *r ? 2 : 0;
			} else if (*r) {
				r++;
			}
			continue;
		}
		if (*r == '\r') {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static char *
render_log(const char *raw, bool times)
{
	size_t cap = strlen(raw) + 64, used = 0;
	char *out = xmalloc(cap);
	bool continuing = false;

	out[0] = '\0';
	for (const char *line = raw; *line;) {
		const char *nl = strchr(line, '\n');
		_cleanup_free_ char *l = strndup(line,
		    nl ? (size_t)(nl - line) : strlen(line));
		const char *text = l;
		char stamp[32] = "";
		bool partial = false;
		int64_t ns;

		if (parse_record(l, &ns, &partial, &text) && times &&
		    !continuing) {
			time_t t = (time_t)(ns / 1000000000);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
			snprintf(stamp + strlen(stamp),
			    sizeof(stamp) - strlen(stamp), ".%03d ",
			    (int)(ns % 1000000000 / 1000000));
		}
		size_t need = strlen(stamp) + strlen(text) + 2;
		if (used + need >= cap)
			out = xrealloc(out, cap = (used + need) * 2);
		used += (size_t)snprintf(out + used, cap - used, "%s%s%s",
		    stamp, text, partial ? "" : "\n");
		continuing = partial;
		line = nl ? nl + 1 : line + strlen(line);
	}
	strip_escapes(out);
	return out;
}

struct log_ctx {
	char *path;
	char *id; /* for a terminal held here */
	off_t size;
	ino_t ino;
	struct timespec mtime;
};

static char *
reload_log(void *arg)
{
	struct log_ctx *c = arg;
	struct stat sb;

	if (c->id)
		return ui_console_output(c->id);
	if (stat(c->path, &sb) == 0 && sb.st_size == c->size &&
	    sb.st_ino == c->ino && sb.st_mtim.tv_sec == c->mtime.tv_sec &&
	    sb.st_mtim.tv_nsec == c->mtime.tv_nsec)
		return NULL;
	if (stat(c->path, &sb) == 0) {
		c->size = sb.st_size;
		c->ino = sb.st_ino;
		c->mtime = sb.st_mtim;
	}
	return read_log(c->path, LOG_SHOWN_MAX);
}

void
ui_logs(struct tui_ui *ui, const struct rj_state *st)
{
	struct log_ctx c = { .size = -1 };
	_cleanup_free_ char *title = NULL;
	struct ui_pager_opts o = {
		.reload = reload_log,
		.arg = &c,
		.render = render_log,
		.caps = PG_FOLLOW | PG_TIMES,
		.follow = true,
		.wrap = true,
	};

	_cleanup_free_ char *held = ui_console_output(st->id);

	if (held) {
		c.id = xstrdup(st->id);
		o.caps = PG_FOLLOW;
		title = xasprintf("logs %s  (its terminal, held here: the last "
				  "%d KiB)",
		    st->id, (int)(CONSOLE_KEEP / 1024));
	} else if (st->log_path) {
		c.path = xstrdup(st->log_path);
		title = xasprintf("logs %s  (%s)", st->id, st->log_path);
	} else {
		tui_model_status(ui->m, true,
		    "logs: %s was not created here, so its output went to "
		    "whoever created it",
		    st->id);
		return;
	}
	o.title = title;
	ui_pager(ui, &o, reload_log(&c));
	free(c.path);
	free(c.id);
}

char *
ui_log_tail(const struct rj_state *st, size_t max_bytes)
{
	_cleanup_free_ char *raw = NULL;

	if (!(raw = ui_console_output(st->id)) && st->log_path)
		raw = read_log(st->log_path, max_bytes);
	if (!raw)
		return xstrdup("(not created here: its output went to whoever "
			       "created it)");
	if (strlen(raw) > max_bytes)
		memmove(raw, raw + strlen(raw) - max_bytes, max_bytes + 1);
	return render_log(raw, false);
}
