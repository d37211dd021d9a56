/* forms.c: the forms that make things: a container from a bundle, a
 * bundle from an archive or URL, an offline root filesystem, and the
 * bundle editor. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "bundle_edit.h"
#include "ui.h"
#include "runjutil.h"

static bool
is_url(const char *s)
{
	return has_prefix(s, "http://") || has_prefix(s, "https://") ||
	    has_prefix(s, "file://");
}

static void
trim(char *s)
{
	size_t n = strlen(s);
	size_t lead = strspn(s, " \t");

	while (n > lead && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	memmove(s, s + lead, n - lead + 1);
}

static void
remember_bundle(struct tui_ui *ui, const char *bundle)
{
	char *abs = realpath(bundle, NULL);

	free(ui->last_bundle);
	ui->last_bundle = abs ? abs : xstrdup(bundle);
}

/* The bundle a form starts with: the selected container's, the last one
 * made, or ./bundle. */
static void
default_bundle(struct tui_ui *ui, char *buf, size_t size)
{
	const struct rj_state *st = tui_model_selected(ui->m);
	char cwd[1536];

	if (ui->last_bundle)
		snprintf(buf, size, "%s", ui->last_bundle);
	else if (st && st->bundle)
		snprintf(buf, size, "%s", st->bundle);
	else if (getcwd(cwd, sizeof(cwd)))
		snprintf(buf, size, "%s/bundle", cwd);
	else
		snprintf(buf, size, "bundle");
}

/* ---- create a container ---- */

static bool
validate_create(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct rj_error *err = NULL;
	struct stat sb;
	_cleanup_free_ char *cfg = NULL;

	(void)arg;
	(void)n;
	trim(f[0].value);
	trim(f[1].value);
	if (rj_id_check(f[0].value, &err) < 0) {
		snprintf(msg, size, "ID: %s", err->msg);
		rj_error_free(err);
		return false;
	}
	cfg = xasprintf("%s/config.json", f[1].value);
	if (!f[1].value[0] || stat(cfg, &sb) < 0) {
		snprintf(msg, size, "bundle: no config.json in '%s'",
		    f[1].value);
		return false;
	}
	return true;
}

static void
suggest_id(struct tui_ui *ui, char *buf, size_t size)
{
	for (int i = 1;; i++) {
		bool used = false;

		snprintf(buf, size, "c%d", i);
		for (size_t k = 0; k < ui->m->nall && !used; k++)
			used = strcmp(ui->m->all[k].id, buf) == 0;
		if (!used)
			return;
	}
}

void
ui_create(struct tui_ui *ui)
{
	struct ui_field f[2] = { { .label = "Container ID" },
		{ .label = "Bundle directory" } };

	suggest_id(ui, f[0].value, sizeof(f[0].value));
	default_bundle(ui, f[1].value, sizeof(f[1].value));
	if (!ui_form(ui, "Create a container", f, 2, validate_create, NULL))
		return;
	if (tui_model_create(ui->m, f[0].value, f[1].value) == 0)
		remember_bundle(ui, f[1].value);
}

/* ---- a bundle from an archive or a URL ---- */

static bool
validate_new(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;
	struct stat sb;

	(void)arg;
	(void)n;
	for (int i = 0; i < 4; i++)
		trim(f[i].value);
	if (!f[0].value[0]) {
		snprintf(msg, size, "archive: give a file or an http(s) URL");
		return false;
	}
	if (!is_url(f[0].value) && stat(f[0].value, &sb) < 0) {
		snprintf(msg, size, "archive %s: %s", f[0].value,
		    strerror(errno));
		return false;
	}
	for (char *c = f[1].value; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
	if (f[1].value[0] && !rjd_sha256_hex_valid(f[1].value)) {
		snprintf(msg, size, "SHA-256: expected 64 hex digits");
		return false;
	}
	if (!f[2].value[0]) {
		snprintf(msg, size, "bundle directory: empty");
		return false;
	}
	if (!f[4].checked && stat(f[2].value, &sb) == 0) {
		snprintf(msg, size,
		    "bundle %s exists: tick Replace to "
		    "overwrite it",
		    f[2].value);
		return false;
	}
	if (tui_argv_split(f[3].value, &args, &err) < 0) {
		snprintf(msg, size, "%s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

void
ui_new_bundle(struct tui_ui *ui)
{
	struct ui_field f[5] = { { .label = "Archive file or URL" },
		{ .label = "SHA-256 (optional)" },
		{ .label = "Bundle directory" }, { .label = "Process args" },
		{ .label = "Replace existing", .checkbox = true } };
	struct ui_progress pr = { .ui = ui, .title = "Making the bundle" };
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;
	char cwd[1536];

	snprintf(f[2].value, sizeof(f[2].value), "%s/bundle",
	    getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	snprintf(f[3].value, sizeof(f[3].value), "sh");
	if (!ui_form(ui, "New bundle from a root filesystem archive", f, 5,
		validate_new, NULL))
		return;
	if (tui_argv_split(f[3].value, &args, &err) < 0) {
		tui_model_error(ui->m, err);
		return;
	}
	struct rjd_bundle_opts o = { .input = f[0].value,
		.out = f[2].value,
		.args = args,
		.force = f[4].checked,
		.progress = ui_progress_cb,
		.arg = &pr };
	struct rjd_source src = { .input = f[0].value,
		.sha256 = f[1].value[0] ? f[1].value : NULL };
	if (rjd_bundle_from(&src, &o, &err) < 0) {
		tui_model_error(ui->m, err);
		return;
	}
	remember_bundle(ui, f[2].value);
	tui_model_status(ui->m, false,
	    "bundle %s ready: press c to create a "
	    "container from it",
	    ui->last_bundle);
}

/* ---- a root filesystem made offline ---- */

static bool
validate_rootfs(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;
	struct stat sb;

	(void)arg;
	(void)n;
	trim(f[0].value);
	if (!f[0].value[0]) {
		snprintf(msg, size, "bundle directory: empty");
		return false;
	}
	if (!f[2].checked && stat(f[0].value, &sb) == 0) {
		snprintf(msg, size,
		    "bundle %s exists: tick Replace to "
		    "overwrite it",
		    f[0].value);
		return false;
	}
	if (tui_argv_split(f[1].value, &args, &err) < 0) {
		snprintf(msg, size, "%s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

void
ui_offline_rootfs(struct tui_ui *ui)
{
	struct ui_field f[3] = { { .label = "Bundle directory" },
		{ .label = "Process args" },
		{ .label = "Replace existing", .checkbox = true } };
	struct ui_progress pr = { .ui = ui, .title = "Making the bundle" };
	_cleanup_strv_ char **args = NULL;
	_cleanup_free_ char *parent = NULL, *tmp = NULL, *rootfs = NULL;
	struct rj_error *err = NULL;
	char cwd[1536];
	int r;

	snprintf(f[0].value, sizeof(f[0].value), "%s/bundle",
	    getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	snprintf(f[1].value, sizeof(f[1].value), "sh");
	if (!ui_form(ui, "New bundle, root filesystem from the host (offline)",
		f, 3, validate_rootfs, NULL))
		return;
	if (tui_argv_split(f[1].value, &args, &err) < 0) {
		tui_model_error(ui->m, err);
		return;
	}
	/* Built in a scratch directory beside the bundle, then made a
	 * bundle in one step, so a failure leaves nothing half made. */
	parent = xstrdup(f[0].value);
	tmp = xasprintf("%s/.runj-rootfs-XXXXXX", dirname(parent));
	if (!mkdtemp(tmp)) {
		tui_model_status(ui->m, true, "rootfs: %s: %s", tmp,
		    strerror(errno));
		return;
	}
	rootfs = xasprintf("%s/rootfs", tmp);
	tui_model_status(ui->m, false, "making a root filesystem...");
	ui_redraw(ui);
	struct rjd_bundle_opts o = { .input = rootfs,
		.out = f[0].value,
		.os = rj_host_os(),
		.args = args,
		.force = f[2].checked,
		.progress = ui_progress_cb,
		.arg = &pr };
	r = rjd_rootfs(rootfs, false, &err);
	if (r == 0)
		r = rjd_bundle(&o, &err);
	rm_rf(tmp, NULL);
	if (r < 0) {
		rj_error_wrap(&err, "offline bundle %s", f[0].value);
		tui_model_error(ui->m, err);
		return;
	}
	remember_bundle(ui, f[0].value);
	tui_model_status(ui->m, false,
	    "bundle %s ready: press c to create a "
	    "container from it",
	    ui->last_bundle);
}

/* ---- edit a bundle ---- */

struct edit_ctx {
	const char *bundle;
};

static bool
validate_edit(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct edit_ctx *c = arg;
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;

	(void)n;
	trim(f[1].value);
	if (tui_argv_split(f[0].value, &args, &err) < 0 ||
	    tui_bundle_write(c->bundle, args, f[1].value, &err) < 0) {
		snprintf(msg, size, "%s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

void
ui_edit_bundle(struct tui_ui *ui)
{
	struct ui_field b[1] = { { .label = "Bundle directory" } };
	struct ui_field f[2] = { { .label = "Process args" },
		{ .label = "Root path" } };
	_cleanup_strv_ char **args = NULL;
	_cleanup_free_ char *root = NULL, *text = NULL;
	struct rj_error *err = NULL;
	struct edit_ctx c;

	default_bundle(ui, b[0].value, sizeof(b[0].value));
	if (!ui_form(ui, "Edit a bundle: which one?", b, 1, NULL, NULL))
		return;
	trim(b[0].value);
	if (tui_bundle_read(b[0].value, &args, &root, &err) < 0) {
		tui_model_error(ui->m, err);
		return;
	}
	text = tui_argv_join(args);
	snprintf(f[0].value, sizeof(f[0].value), "%s", text);
	snprintf(f[1].value, sizeof(f[1].value), "%s", root);
	c.bundle = b[0].value;
	if (!ui_form(ui, "Edit the bundle's process args and root path", f, 2,
		validate_edit, &c))
		return;
	remember_bundle(ui, b[0].value);
	tui_model_status(ui->m, false,
	    "saved %s/config.json (a container "
	    "created from it now runs: %s)",
	    b[0].value, f[0].value);
}
