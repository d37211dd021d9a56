/* theme.c: theme files (JSON) into styles; finding themes; the remembered
 * choice.  No curses here. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "theme.h"
#include "runjutil.h"

#ifndef RJ_DATADIR
#define RJ_DATADIR "/usr/local/share/runj"
#endif

const char *const tui_elem_names[TE_NELEMS] = {
	[TE_NORMAL] = "normal",
	[TE_HEADER] = "header",
	[TE_SELECTED] = "selected",
	[TE_TITLE] = "title",
	[TE_HINT] = "hint",
	[TE_HINT_KEY] = "hint-key",
	[TE_INFO] = "info",
	[TE_ERROR] = "error",
	[TE_CREATING] = "status-creating",
	[TE_CREATED] = "status-created",
	[TE_RUNNING] = "status-running",
	[TE_PAUSED] = "status-paused",
	[TE_STOPPED] = "status-stopped",
	[TE_DIALOG] = "dialog",
	[TE_DIALOG_TITLE] = "dialog-title",
	[TE_INPUT] = "input",
	[TE_BUTTON] = "button",
	[TE_BUTTON_FOCUS] = "button-focus",
	[TE_PROGRESS] = "progress",
	[TE_MATCH] = "match",
	[TE_BORDER] = "border",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", TUI_ATTR_BOLD },
	{ "underline", TUI_ATTR_UNDERLINE },
	{ "reverse", TUI_ATTR_REVERSE },
	{ "dim", TUI_ATTR_DIM },
	{ "italic", TUI_ATTR_ITALIC },
};

/* The basic colours in curses' numbering. */
static const char *const color_names[8] = { "black", "red", "green", "yellow",
	"blue", "magenta", "cyan", "white" };

#define D                                                                      \
	{                                                                      \
		-1, -1                                                         \
	}
#define C(n)                                                                   \
	{                                                                      \
		(n), (n)                                                       \
	}

/* The default theme: the terminal's own colours for text and background,
 * colour only where it means something (status, errors, keys). */
static const struct tui_style default_styles[TE_NELEMS] = {
	[TE_NORMAL] = { D, D, 0 },
	[TE_HEADER] = { D, D, TUI_ATTR_BOLD | TUI_ATTR_UNDERLINE },
	[TE_SELECTED] = { D, D, TUI_ATTR_REVERSE },
	[TE_TITLE] = { C(6), D, TUI_ATTR_BOLD },
	[TE_HINT] = { D, D, 0 },
	[TE_HINT_KEY] = { C(6), D, TUI_ATTR_BOLD },
	[TE_INFO] = { C(2), D, 0 },
	[TE_ERROR] = { C(1), D, TUI_ATTR_BOLD },
	[TE_CREATING] = { C(3), D, 0 },
	[TE_CREATED] = { C(6), D, 0 },
	[TE_RUNNING] = { C(2), D, TUI_ATTR_BOLD },
	[TE_PAUSED] = { C(3), D, 0 },
	[TE_STOPPED] = { D, D, TUI_ATTR_DIM },
	[TE_DIALOG] = { D, D, 0 },
	[TE_DIALOG_TITLE] = { C(6), D, TUI_ATTR_BOLD },
	[TE_INPUT] = { D, D, TUI_ATTR_UNDERLINE },
	[TE_BUTTON] = { D, D, 0 },
	[TE_BUTTON_FOCUS] = { D, D, TUI_ATTR_REVERSE | TUI_ATTR_BOLD },
	[TE_PROGRESS] = { C(6), D, TUI_ATTR_REVERSE },
	[TE_MATCH] = { C(3), D, TUI_ATTR_REVERSE | TUI_ATTR_BOLD },
	[TE_BORDER] = { D, D, 0 },
};

static const struct tui_style mono_styles[TE_NELEMS] = {
	[TE_NORMAL] = { D, D, 0 },
	[TE_HEADER] = { D, D, TUI_ATTR_BOLD | TUI_ATTR_UNDERLINE },
	[TE_SELECTED] = { D, D, TUI_ATTR_REVERSE },
	[TE_TITLE] = { D, D, TUI_ATTR_BOLD },
	[TE_HINT] = { D, D, 0 },
	[TE_HINT_KEY] = { D, D, TUI_ATTR_BOLD },
	[TE_INFO] = { D, D, 0 },
	[TE_ERROR] = { D, D, TUI_ATTR_BOLD },
	[TE_CREATING] = { D, D, TUI_ATTR_UNDERLINE },
	[TE_CREATED] = { D, D, 0 },
	[TE_RUNNING] = { D, D, TUI_ATTR_BOLD },
	[TE_PAUSED] = { D, D, TUI_ATTR_UNDERLINE },
	[TE_STOPPED] = { D, D, TUI_ATTR_DIM },
	[TE_DIALOG] = { D, D, 0 },
	[TE_DIALOG_TITLE] = { D, D, TUI_ATTR_BOLD },
	[TE_INPUT] = { D, D, TUI_ATTR_UNDERLINE },
	[TE_BUTTON] = { D, D, 0 },
	[TE_BUTTON_FOCUS] = { D, D, TUI_ATTR_REVERSE },
	[TE_PROGRESS] = { D, D, TUI_ATTR_REVERSE },
	[TE_MATCH] = { D, D, TUI_ATTR_REVERSE | TUI_ATTR_BOLD },
	[TE_BORDER] = { D, D, 0 },
};

void
tui_theme_default(struct tui_theme *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "default");
	snprintf(t->description, sizeof(t->description),
	    "the terminal's own colours, colour only where it means something");
	memcpy(t->s, default_styles, sizeof(t->s));
}

void
tui_theme_mono(struct tui_theme *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "mono");
	snprintf(t->description, sizeof(t->description),
	    "no colour: bold, underline and reverse only");
	memcpy(t->s, mono_styles, sizeof(t->s));
}

/* The basic colour nearest an RGB value: each channel on or off. */
static short
nearest8(int r, int g, int b)
{
	return (short)((r > 127) | (g > 127) << 1 | (b > 127) << 2);
}

static const int cube_levels[6] = { 0, 95, 135, 175, 215, 255 };

static void
rgb_of_256(int n, int *r, int *g, int *b)
{
	if (n >= 232) {
		*r = *g = *b = 8 + 10 * (n - 232);
	} else {
		n -= 16;
		*r = cube_levels[n / 36];
		*g = cube_levels[n / 6 % 6];
		*b = cube_levels[n % 6];
	}
}

static int
nearest_level(int v)
{
	int best = 0;

	for (int i = 1; i < 6; i++)
		if (abs(cube_levels[i] - v) < abs(cube_levels[best] - v))
			best = i;
	return best;
}

static short
nearest256(int r, int g, int b)
{
	int ri = nearest_level(r), gi = nearest_level(g), bi = nearest_level(b);
	int cr = cube_levels[ri], cg = cube_levels[gi], cb = cube_levels[bi];
	int avg = (r + g + b) / 3;
	int gidx = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8) / 10;
	int gv = 8 + 10 * gidx;
	long dc = (long)(r - cr) * (r - cr) + (long)(g - cg) * (g - cg) +
	    (long)(b - cb) * (b - cb);
	long dg = (long)(r - gv) * (r - gv) + (long)(g - gv) * (g - gv) +
	    (long)(b - gv) * (b - gv);

	if (dg < dc)
		return (short)(232 + gidx);
	return (short)(16 + 36 * ri + 6 * gi + bi);
}

int
tui_color_parse(const char *text, struct tui_color *c)
{
	unsigned r, g, b;
	char *end;
	long n;

	if (strcasecmp(text, "default") == 0 || strcasecmp(text, "none") == 0) {
		c->c256 = c->c8 = -1;
		return 0;
	}
	for (short i = 0; i < 8; i++) {
		if (strcasecmp(text, color_names[i]) == 0) {
			c->c256 = c->c8 = i;
			return 0;
		}
		if (strncasecmp(text, "bright-", 7) == 0 &&
		    strcasecmp(text + 7, color_names[i]) == 0) {
			c->c256 = (short)(8 + i);
			c->c8 = i;
			return 0;
		}
	}
	if (text[0] == '#' && strlen(text) == 7 &&
	    strspn(text + 1, "0123456789abcdefABCDEF") == 6 &&
	    sscanf(text + 1, "%2x%2x%2x", &r, &g, &b) == 3) {
		c->c256 = nearest256((int)r, (int)g, (int)b);
		c->c8 = nearest8((int)r, (int)g, (int)b);
		return 0;
	}
	errno = 0;
	n = strtol(text, &end, 10);
	if (*text && !*end && errno == 0 && n >= 0 && n <= 255) {
		c->c256 = (short)n;
		if (n < 16) {
			c->c8 = (short)(n % 8);
		} else {
			int rr, gg, bb;

			rgb_of_256((int)n, &rr, &gg, &bb);
			c->c8 = nearest8(rr, gg, bb);
		}
		return 0;
	}
	return -1;
}

static int
parse_color(json_t *style, const char *key, const char *where, const char *elem,
    struct tui_color *c, struct rj_error **err)
{
	json_t *v = json_object_get(style, key);

	if (!v)
		return 0;
	if (json_is_integer(v)) {
		char num[32];

		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		if (tui_color_parse(num, c) == 0)
			return 0;
	} else if (json_is_string(v) &&
	    tui_color_parse(json_string_value(v), c) == 0) {
		return 0;
	}
	return rj_error_set(err, 0,
	    "%s: elements.%s.%s: not a colour (use "
	    "default, a name like red or bright-red, 0-255 or #rrggbb)",
	    where, elem, key);
}

static int
parse_attrs(json_t *style, const char *where, const char *elem, unsigned *attrs,
    struct rj_error **err)
{
	json_t *v = json_object_get(style, "attrs"), *e;
	size_t i, k;

	if (!v)
		return 0;
	if (!json_is_array(v))
		return rj_error_set(err, 0,
		    "%s: elements.%s.attrs: expected an "
		    "array",
		    where, elem);
	*attrs = 0;
	json_array_foreach(v, i, e)
	{
		for (k = 0; k < ARRAY_SIZE(attr_names); k++)
			if (json_is_string(e) &&
			    strcmp(json_string_value(e), attr_names[k].name) ==
				0)
				break;
		if (k == ARRAY_SIZE(attr_names))
			return rj_error_set(err, 0,
			    "%s: elements.%s.attrs[%zu]: "
			    "expected bold, underline, reverse, dim or italic",
			    where, elem, i);
		*attrs |= attr_names[k].bit;
	}
	return 0;
}

static int
parse_elem(const char *key, json_t *style, const char *where,
    struct tui_theme *t, struct rj_error **err)
{
	static const char *const known[] = { "fg", "bg", "attrs" };
	const char *sk;
	json_t *sv;
	size_t e, k;

	for (e = 0; e < TE_NELEMS; e++)
		if (strcmp(key, tui_elem_names[e]) == 0)
			break;
	if (e == TE_NELEMS)
		return rj_error_set(err, 0, "%s: elements.%s: unknown element",
		    where, key);
	if (!json_is_object(style))
		return rj_error_set(err, 0,
		    "%s: elements.%s: expected an "
		    "object",
		    where, key);
	json_object_foreach(style, sk, sv)
	{
		(void)sv;
		for (k = 0; k < ARRAY_SIZE(known); k++)
			if (strcmp(sk, known[k]) == 0)
				break;
		if (k == ARRAY_SIZE(known))
			return rj_error_set(err, 0,
			    "%s: elements.%s.%s: unknown "
			    "property (fg, bg, attrs)",
			    where, key, sk);
	}
	/* An element the file names is taken whole: what it leaves out is
	 * the terminal's own colour and no attribute, never the default
	 * theme's (a "mono" title must not come out cyan). */
	t->s[e] = (struct tui_style){ .fg = { -1, -1 }, .bg = { -1, -1 } };
	if (parse_color(style, "fg", where, key, &t->s[e].fg, err) < 0 ||
	    parse_color(style, "bg", where, key, &t->s[e].bg, err) < 0 ||
	    parse_attrs(style, where, key, &t->s[e].attrs, err) < 0)
		return -1;
	return 0;
}

int
tui_theme_parse(const char *text, const char *where, struct tui_theme *t,
    struct rj_error **err)
{
	struct tui_theme nt;
	json_error_t jerr;
	json_t *j, *elems, *v;
	const char *key;
	int r = -1;

	j = json_loads(text, 0, &jerr);
	if (!j)
		return rj_error_set(err, 0, "%s: line %d: %s", where, jerr.line,
		    jerr.text);
	tui_theme_default(&nt);
	if (!json_is_object(j)) {
		rj_error_set(err, 0, "%s: expected a JSON object", where);
		goto out;
	}
	v = json_object_get(j, "name");
	if (v && !json_is_string(v)) {
		rj_error_set(err, 0, "%s: name: expected a string", where);
		goto out;
	}
	if (v)
		snprintf(nt.name, sizeof(nt.name), "%s", json_string_value(v));
	v = json_object_get(j, "description");
	nt.description[0] = '\0';
	if (json_is_string(v))
		snprintf(nt.description, sizeof(nt.description), "%s",
		    json_string_value(v));
	elems = json_object_get(j, "elements");
	if (!json_is_object(elems)) {
		rj_error_set(err, 0, "%s: elements: expected an object", where);
		goto out;
	}
	json_object_foreach(elems, key,
	    v) if (parse_elem(key, v, where, &nt, err) < 0) goto out;
	*t = nt;
	r = 0;
out:
	json_decref(j);
	return r;
}

int
tui_theme_load_file(const char *path, struct tui_theme *t,
    struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;

	if (read_file(path, &text, NULL, err) < 0)
		return rj_error_wrap(err, "theme");
	return tui_theme_parse(text, path, t, err);
}

/* ---- where themes are ---- */

#define MAX_DIRS 5
static char *dirs[MAX_DIRS];
static size_t ndirs;

static char *
config_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x && *x == '/')
		return xasprintf("%s/runj", x);
	if (home && *home)
		return xasprintf("%s/.config/runj", home);
	return NULL;
}

void
tui_theme_dirs_init(const char *exe_dir)
{
	char *cfg = config_dir();
	const char *env = getenv("RUNJ_THEME_DIR");

	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	ndirs = 0;
	if (cfg) {
		dirs[ndirs++] = xasprintf("%s/themes", cfg);
		free(cfg);
	}
	if (env && *env)
		dirs[ndirs++] = xstrdup(env);
	dirs[ndirs++] = xstrdup(RJ_DATADIR "/themes");
	if (exe_dir) {
		/* Installed as PREFIX/bin, or run from the build tree. */
		dirs[ndirs++] = xasprintf("%s/../share/runj/themes", exe_dir);
		dirs[ndirs++] = xasprintf("%s/../themes", exe_dir);
	}
}

size_t
tui_theme_ndirs(void)
{
	return ndirs;
}

const char *
tui_theme_dir(size_t i)
{
	return i < ndirs ? dirs[i] : NULL;
}

static bool
valid_name(const char *name)
{
	return *name && name[0] != '.' &&
	    strspn(name,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		"_.-") == strlen(name);
}

int
tui_theme_load(const char *name, struct tui_theme *t, struct rj_error **err)
{
	struct stat sb;

	if (strchr(name, '/'))
		return tui_theme_load_file(name, t, err);
	if (!valid_name(name))
		return rj_error_set(err, 0, "theme %s: not a valid name", name);
	for (size_t i = 0; i < ndirs; i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s.json", dirs[i], name);

		if (stat(p, &sb) == 0)
			return tui_theme_load_file(p, t, err);
	}
	/* The two built-in ones work without any file. */
	if (strcmp(name, "default") == 0) {
		tui_theme_default(t);
		return 0;
	}
	if (strcmp(name, "mono") == 0) {
		tui_theme_mono(t);
		return 0;
	}
	return rj_error_set(err, ENOENT,
	    "theme %s: not found (looked in %s "
	    "and %zu other directories)",
	    name, ndirs ? dirs[0] : "nowhere", ndirs ? ndirs - 1 : 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
tui_theme_names(void)
{
	char **v = xcalloc(3, sizeof(*v));
	size_t n = 0, cap = 2;

	v[n++] = xstrdup("default");
	v[n++] = xstrdup("mono");
	for (size_t i = 0; i < ndirs; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (!d)
			continue;
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			char *name;

			if (len <= 5 || strcmp(de->d_name + len - 5, ".json"))
				continue;
			name = xstrdup(de->d_name);
			name[len - 5] = '\0';
			if (!valid_name(name)) {
				free(name);
				continue;
			}
			if (n + 1 >= cap) {
				cap *= 2;
				v = xrealloc(v, (cap + 1) * sizeof(*v));
			}
			v[n++] = name;
		}
		closedir(d);
	}
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	/* Unique. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && strcmp(v[w - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[w++] = v[i];
	}
	v[w] = NULL;
	return v;
}

/* ---- the remembered choice ---- */

char *
tui_config_theme(void)
{
	_cleanup_free_ char *dir = config_dir();
	_cleanup_free_ char *path = NULL;
	json_t *j, *v;
	char *name = NULL;

	if (!dir)
		return NULL;
	path = xasprintf("%s/tui.json", dir);
	j = json_load_file(path, 0, NULL);
	v = json_object_get(j, "theme");
	if (json_is_string(v) && valid_name(json_string_value(v)))
		name = xstrdup(json_string_value(v));
	json_decref(j);
	return name;
}

int
tui_config_set_theme(const char *name, struct rj_error **err)
{
	_cleanup_free_ char *dir = config_dir();
	_cleanup_free_ char *path = NULL, *text = NULL, *dump = NULL;
	json_t *j;

	if (!dir)
		return rj_error_set(err, 0, "no HOME: theme not remembered");
	if (mkdir_p(dir, 0755, err) < 0)
		return -1;
	path = xasprintf("%s/tui.json", dir);
	/* Keep whatever else the file holds. */
	j = json_load_file(path, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	json_object_set_new(j, "theme", json_string(name));
	dump = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	text = xasprintf("%s\n", dump);
	return rj_write_file_atomic(path, text, strlen(text), 0644, err);
}
