/* test_tui_theme.c: theme files, colours, the shipped themes and the
 * remembered choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "theme.h"
#include "runjutil.h"

/* The source tree: $TOP, else three levels above this binary
 * ($(B)/tests/unit/). */
static const char *
top(void)
{
	static char buf[4096];
	const char *t = getenv("TOP");
	ssize_t n;

	if (t)
		return t;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return ".";
	buf[n] = '\0';
	for (int i = 0; i < 4; i++) {
		char *s = strrchr(buf, '/');
		if (s)
			*s = '\0';
	}
	return buf;
}

static void
test_color_names(void **state)
{
	struct tui_color c;

	(void)state;
	assert_int_equal(tui_color_parse("default", &c), 0);
	assert_int_equal(c.c256, -1);
	assert_int_equal(c.c8, -1);
	assert_int_equal(tui_color_parse("red", &c), 0);
	assert_int_equal(c.c256, 1);
	assert_int_equal(tui_color_parse("bright-blue", &c), 0);
	assert_int_equal(c.c256, 12);
	assert_int_equal(c.c8, 4);
	assert_int_equal(tui_color_parse("#ff0000", &c), 0);
	assert_int_equal(c.c256, 196);
	assert_int_equal(c.c8, 1);
	assert_int_equal(tui_color_parse("#808080", &c), 0);
	assert_true(c.c256 >= 232); /* a grey comes from the grey ramp */
	assert_int_equal(tui_color_parse("208", &c), 0);
	assert_int_equal(c.c256, 208);
	assert_int_equal(c.c8, 3); /* orange is nearest yellow */
	assert_int_equal(tui_color_parse("256", &c), -1);
	assert_int_equal(tui_color_parse("#12345", &c), -1);
	assert_int_equal(tui_color_parse("pink", &c), -1);
}

static void
test_parse_merges_with_default(void **state)
{
	struct rj_error *err = NULL;
	struct tui_theme t, d;

	(void)state;
	assert_int_equal(tui_theme_parse("{\"name\":\"x\",\"elements\":{"
					 "\"error\":{\"fg\":\"magenta\","
					 "\"attrs\":[\"underline\"]}}}",
			     "x", &t, &err),
	    0);
	tui_theme_default(&d);
	assert_string_equal(t.name, "x");
	assert_int_equal(t.s[TE_ERROR].fg.c256, 5);
	assert_int_equal(t.s[TE_ERROR].attrs, TUI_ATTR_UNDERLINE);
	assert_memory_equal(&t.s[TE_RUNNING], &d.s[TE_RUNNING], sizeof(t.s[0]));
}

static void
expect_error(const char *json, const char *want)
{
	struct rj_error *err = NULL;
	struct tui_theme t;

	assert_int_equal(tui_theme_parse(json, "bad.json", &t, &err), -1);
	assert_non_null(err);
	if (!strstr(err->msg, want))
		fail_msg("message '%s' does not name '%s'", err->msg, want);
	rj_error_free(err);
}

static void
test_bad_themes_name_the_problem(void **state)
{
	(void)state;
	expect_error("{", "bad.json: line");
	expect_error("[]", "expected a JSON object");
	expect_error("{\"elements\":{\"nope\":{}}}",
	    "elements.nope: unknown "
	    "element");
	expect_error("{\"elements\":{\"error\":{\"fg\":\"pinkish\"}}}",
	    "elements.error.fg: not a colour");
	expect_error("{\"elements\":{\"error\":{\"attrs\":[\"blink\"]}}}",
	    "elements.error.attrs[0]");
	expect_error("{\"elements\":{\"error\":{\"colour\":1}}}",
	    "elements.error.colour: unknown property");
	expect_error("{\"name\":\"x\"}", "elements: expected an object");
}

static void
test_shipped_themes_parse(void **state)
{
	static const char *const names[] = { "default", "dark", "light", "mono",
		"amber" };
	struct rj_error *err = NULL;
	struct tui_theme t, d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		_cleanup_free_ char *p = xasprintf("%s/themes/%s.json", top(),
		    names[i]);

		if (tui_theme_load_file(p, &t, &err) < 0)
			fail_msg("%s", err->msg);
		assert_string_equal(t.name, names[i]);
	}
	/* The file and the built-in default agree, and the default leaves
	 * the terminal's background alone. */
	_cleanup_free_ char *p = xasprintf("%s/themes/default.json", top());
	assert_int_equal(tui_theme_load_file(p, &t, &err), 0);
	tui_theme_default(&d);
	for (int e = 0; e < TE_NELEMS; e++) {
		assert_memory_equal(&t.s[e], &d.s[e], sizeof(t.s[e]));
		assert_int_equal(t.s[e].bg.c256, -1);
	}
	/* mono has no colour at all: an element that names only attributes
	 * does not inherit the default theme's cyan (issue 12 item 12). */
	_cleanup_free_ char *pm = xasprintf("%s/themes/mono.json", top());
	assert_int_equal(tui_theme_load_file(pm, &t, &err), 0);
	tui_theme_mono(&d);
	for (int e = 0; e < TE_NELEMS; e++) {
		assert_int_equal(t.s[e].fg.c256, -1);
		assert_int_equal(t.s[e].bg.c256, -1);
		assert_int_equal(t.s[e].attrs, d.s[e].attrs);
	}
}

static void
test_lookup_and_remember(void **state)
{
	char dir[] = "/tmp/runj-theme-test.XXXXXX";
	struct rj_error *err = NULL;
	struct tui_theme t;
	char **names;
	char *got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	_cleanup_free_ char *tdir = xasprintf("%s/runj/themes", dir);
	assert_int_equal(mkdir_p(tdir, 0755, NULL), 0);
	_cleanup_free_ char *mine = xasprintf("%s/mine.json", tdir);
	FILE *f = fopen(mine, "w");
	assert_non_null(f);
	fputs("{\"name\":\"mine\",\"elements\":{\"normal\":{\"fg\":\"red\"}}}",
	    f);
	fclose(f);
	_cleanup_free_ char *bin = xasprintf("%s/tui", top());
	tui_theme_dirs_init(bin); /* tui/../themes: the source tree */

	assert_int_equal(tui_theme_load("mine", &t, &err), 0);
	assert_int_equal(t.s[TE_NORMAL].fg.c256, 1);
	assert_int_equal(tui_theme_load("amber", &t, &err), 0);
	assert_int_equal(tui_theme_load("../etc/passwd", &t, &err), -1);
	rj_error_free(err);
	err = NULL;
	assert_int_equal(tui_theme_load("missing", &t, &err), -1);
	assert_non_null(strstr(err->msg, "theme missing: not found"));
	rj_error_free(err);

	names = tui_theme_names();
	_cleanup_free_ char *joined = strv_join(names, ",");
	strv_free(names);
	assert_non_null(strstr(joined, "amber,dark,default,light,mine,mono"));

	assert_null(tui_config_theme());
	if (tui_config_set_theme("dark", &err) < 0)
		fail_msg("%s", err->msg);
	got = tui_config_theme();
	assert_string_equal(got, "dark");
	free(got);
	rm_rf(dir, NULL);
	unsetenv("XDG_CONFIG_HOME");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color_names),
		cmocka_unit_test(test_parse_merges_with_default),
		cmocka_unit_test(test_bad_themes_name_the_problem),
		cmocka_unit_test(test_shipped_themes_parse),
		cmocka_unit_test(test_lookup_and_remember),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
