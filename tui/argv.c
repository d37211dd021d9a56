/* argv.c: split and join process args with shell-style quoting. */
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "runjutil.h"

struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void
words_add(char ***v, size_t *n, char *w)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = w;
	(*v)[*n] = NULL;
}

int
tui_argv_split(const char *line, char ***out, struct rj_error **err)
{
	_cleanup_strv_ char **v = NULL;
	struct buf w = { 0 };
	size_t n = 0;
	char quote = 0;
	bool inword = false;

	for (const char *p = line;; p++) {
		char c = *p;

		if (c == '\0') {
			if (quote) {
				free(w.s);
				return rj_error_set(err, 0,
				    "args: unclosed %c quote", quote);
			}
			break;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"' && p[1] &&
			    strchr("\"\\$`", p[1]))
				buf_add(&w, *++p);
			else
				buf_add(&w, c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			if (inword) {
				words_add(&v, &n, w.s ? w.s : xstrdup(""));
				memset(&w, 0, sizeof(w));
				inword = false;
			}
			continue;
		}
		inword = true;
		if (c == '\'' || c == '"')
			quote = c;
		else if (c == '\\' && p[1])
			buf_add(&w, *++p);
		else
			buf_add(&w, c);
	}
	if (inword)
		words_add(&v, &n, w.s ? w.s : xstrdup(""));
	if (n == 0)
		return rj_error_set(err, 0, "args: at least one word needed");
	*out = steal_ptr(v);
	return 0;
}

static bool
needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (strchr(" \t\n'\"\\$`;&|<>()*?[]#~", *s))
			return true;
	return false;
}

char *
tui_argv_join(char *const *argv)
{
	struct buf b = { 0 };

	buf_add(&b, ' ');
	b.len = 0;
	b.s[0] = '\0';
	for (size_t i = 0; argv && argv[i]; i++) {
		if (i)
			buf_add(&b, ' ');
		if (!needs_quotes(argv[i])) {
			for (const char *s = argv[i]; *s; s++)
				buf_add(&b, *s);
			continue;
		}
		/* Single quotes keep everything; a ' inside becomes '\''. */
		buf_add(&b, '\'');
		for (const char *s = argv[i]; *s; s++) {
			if (*s == '\'') {
				buf_add(&b, '\'');
				buf_add(&b, '\\');
				buf_add(&b, '\'');
			}
			buf_add(&b, *s);
		}
		buf_add(&b, '\'');
	}
	return b.s;
}
