/* theme_curses.c: a theme into curses colour pairs and attributes. */
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "runjutil.h"

static bool default_colors_ok;
static bool colors_started;

static short
pick(const struct tui_color *c, bool fg)
{
	short v;

	if (COLORS >= 256)
		v = c->c256;
	else if (COLORS >= 16 && c->c256 < 16)
		v = c->c256;
	else
		v = c->c8;
	/* Without default colours the terminal's own must be named. */
	if (v < 0 && !default_colors_ok)
		v = fg ? COLOR_WHITE : COLOR_BLACK;
	return v;
}

static attr_t
attrs_of(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & TUI_ATTR_BOLD)
		r |= A_BOLD;
	if (a & TUI_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TUI_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & TUI_ATTR_DIM)
		r |= A_DIM;
#ifdef A_ITALIC
	if (a & TUI_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

void
ui_theme_apply(struct tui_ui *ui, const struct tui_theme *t)
{
	struct tui_theme mono;

	if (ui->no_color) {
		/* NO_COLOR and colourless terminals: attributes only, from
		 * the mono theme so selection and status stay visible. */
		tui_theme_mono(&mono);
		snprintf(mono.name, sizeof(mono.name), "%s", t->name);
		t = &mono;
	} else if (!colors_started) {
		start_color();
		default_colors_ok = use_default_colors() == OK;
		colors_started = true;
	}
	for (int e = 0; e < TE_NELEMS; e++) {
		attr_t a = attrs_of(t->s[e].attrs);

		if (!ui->no_color && e + 1 < COLOR_PAIRS) {
			init_pair((short)(e + 1), pick(&t->s[e].fg, true),
			    pick(&t->s[e].bg, false));
			a |= COLOR_PAIR(e + 1);
		}
		ui->attr[e] = a;
	}
	ui->theme = *t;
	if (!ui->no_color)
		bkgdset(' ' | ui->attr[TE_NORMAL]);
	ui->m->generation++;
}

void
ui_theme_use(struct tui_ui *ui, const char *name)
{
	struct rj_error *err = NULL;
	struct tui_theme t;

	if (tui_theme_load(name, &t, &err) < 0) {
		tui_theme_default(&t);
		ui_theme_apply(ui, &t);
		rj_error_wrap(&err, "using the default theme");
		tui_model_error(ui->m, err);
		return;
	}
	/* The name the user gave is what gets remembered. */
	if (!strchr(name, '/'))
		snprintf(t.name, sizeof(t.name), "%s", name);
	ui_theme_apply(ui, &t);
}

void
ui_theme_next(struct tui_ui *ui)
{
	_cleanup_strv_ char **names = tui_theme_names();
	size_t n = strv_len(names), i, tries;
	struct rj_error *err = NULL;
	struct tui_theme t;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], ui->theme.name) == 0)
			break;
	/* Skip broken files, but say so if every one is broken. */
	for (tries = 0; tries < n; tries++) {
		i = (i + 1) % n;
		rj_error_free(err);
		err = NULL;
		if (tui_theme_load(names[i], &t, &err) == 0)
			break;
	}
	if (tries == n) {
		tui_model_error(ui->m, err);
		return;
	}
	snprintf(t.name, sizeof(t.name), "%s", names[i]);
	ui_theme_apply(ui, &t);
	rj_error_free(err);
	err = NULL;
	if (tui_config_set_theme(names[i], &err) < 0) {
		rj_error_wrap(&err, "theme %s (not remembered)", names[i]);
		tui_model_error(ui->m, err);
		return;
	}
	tui_model_status(ui->m, false, "theme: %s%s%s", t.name,
	    t.description[0] ? " - " : "", t.description);
}
